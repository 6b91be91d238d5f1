export type { GraphMiddleware, MsalNetwork } from "./client.ts";
export { OutlookConsent, type OutlookConsentOptions, type RedeemedGrant } from "./consent.ts";
export {
  MailProviderError,
  ProviderAuthError,
  ProviderRateLimitError,
  ProviderRequestError,
  ProviderUnavailableError,
} from "./errors.ts";
export {
  type NationalCloud,
  nationalClouds,
  OutlookCredentials,
  type OutlookMailboxOptions,
  OutlookMailboxSettings,
  type OutlookTokens,
} from "./options.ts";
export { handledCategoryName, OutlookMailbox } from "./provider.ts";
export { type InboxSubscription, subscriptionMinutes } from "./subscriptions.ts";
