export {
  MailProviderError,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderUnavailableError,
} from "./errors.ts";
export { handledLabelName } from "./labels.ts";
export {
  GmailCredentials,
  type GmailMailboxOptions,
  GmailMailboxSettings,
  type GmailTokens,
} from "./options.ts";
export { GmailMailbox } from "./provider.ts";
