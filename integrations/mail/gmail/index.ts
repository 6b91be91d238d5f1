export {
  MailProviderError,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderUnavailableError,
} from "./errors.ts";
export { handledLabelName } from "./labels.ts";
export {
  exchangeGmailCode,
  type GoogleOAuthClient,
  gmailConsentUrl,
  gmailGrantAddress,
  gmailScopes,
  pkcePair,
  verifyPushToken,
} from "./oauth.ts";
export {
  GmailCredentials,
  type GmailMailboxOptions,
  GmailMailboxSettings,
  type GmailTokens,
} from "./options.ts";
export { GmailMailbox } from "./provider.ts";
