/**
 * A local, stateful stand-in for Microsoft Graph mail (Outlook / Microsoft 365) and the Microsoft identity
 * platform's token endpoint, for tests. The real `@microsoft/microsoft-graph-client` and `@azure/msal-node`
 * talk to it with their production URLs; only the last network hop is swapped (see transport.ts for why
 * `baseUrl: emulator.url` alone cannot work — the SDK sends no token to a non-HTTPS host and cannot follow
 * an `http://` nextLink; MSAL refuses a non-HTTPS authority):
 *
 *   const auth = new AuthenticationHandler({ getAccessToken: async () => token });
 *   const client = Client.initWithMiddleware({
 *     middleware: [auth, new RetryHandler(), emulator.transport()],   // + your own handlers
 *     // baseUrl: "https://graph.microsoft.us/",                        // national clouds work too
 *   });
 *   const cca = new ConfidentialClientApplication({
 *     auth: { clientId, clientSecret, authority: emulator.authority }, // https://login.microsoftonline.com/{tid}
 *     system: { networkClient: emulator.msalNetwork() },
 *   });
 *   // or plain fetch: POST emulator.tokenUrl (form: grant_type, client_id, client_secret, scope)
 *
 * Links in answers (`@odata.nextLink`, `@odata.deltaLink`) point at the host the client asked for, so
 * `client.api(link).get()` works unchanged. Leave `RetryHandler` out where a test counts requests: it
 * retries 429/503/504 up to 3 times, honouring `Retry-After`.
 *
 * Resources are typed with Microsoft's own `@microsoft/microsoft-graph-types` (message, mailFolder,
 * subscription, user, changeNotification), so a shape Graph does not have fails `npm run typecheck`.
 *
 * Emulated:
 * - one tenant of mailboxes, by address or user id (`/users/{id|upn}`, `/me` for delegated tokens only;
 *   another user's mailbox with a delegated token → 403): well-known folders (inbox, drafts, sentitems,
 *   deleteditems, archive, junkemail, outbox), messages with regular ids that change on move and immutable
 *   ids that don't (answers use the form `Prefer: IdType="ImmutableId"` asks for; requests may use either),
 *   `internetMessageId`, `internetMessageHeaders` (only when `$select`ed), conversations threaded by
 *   `In-Reply-To` / `References`, categories, isRead, flag;
 * - messages: list (`$top`, `$skip`, `$select`, a `$filter` subset), get, `$value` (MIME, byte-exact for
 *   delivered mail, labelled `text/plain` as Graph does — read it as an ArrayBuffer or a stream, not text),
 *   PATCH (flags on any message; recipients, subject, body and `X-` headers on drafts only), DELETE, move,
 *   POST /messages (draft), createReply/createReplyAll (draft) → PATCH → send, reply/replyAll, sendMail;
 * - delta per folder (routes/delta.ts): paging by `Prefer: odata.maxpagesize`, `$select`, `$filter` on
 *   receivedDateTime, `changeType`, `@removed`, and 410 `syncStateNotFound` after `expireDeltaTokens()`;
 * - subscriptions with the validation handshake, renew, delete, reauthorize; change and lifecycle
 *   notifications POSTed on demand (`notify`, `notifyChange`, `notifyLifecycle`) with `clientState`;
 * - errors in Graph's `{error:{code, message, innerError:{date, request-id, client-request-id}}}` shape, with
 *   `request-id` / `client-request-id` headers; 401 `InvalidAuthenticationToken` for missing, unknown and
 *   expired tokens;
 * - the identity platform (identity.ts): client_credentials, authorization_code and refresh_token grants with
 *   AADSTS errors (`invalid_grant` AADSTS50173 after `revoke()`), OpenID configuration, instance discovery;
 * - faults by method + path + count: 429 with `Retry-After`, 500/502/503/504, hangs, and a dropped response
 *   after a send was applied (see faults.ts).
 *
 * Not emulated: automatic notifications (nothing is POSTed unless a test asks), rich notifications
 * (`includeResourceData`), notification retries and endpoint throttling, the per-mailbox request quotas and
 * 4-concurrent-request limit (only scripted 429s), attachments (only `hasAttachments`), forward, copy,
 * custom folders and folder delta, `$search`, `$orderby` (lists are newest first), `$expand`, `$count`,
 * JSON batching, `uniqueBody`, scope and permission enforcement (any valid token may do anything its
 * principal kind allows), mail delivery between mailboxes, Exchange's send rate limits, and the exact bodies
 * Outlook writes for replies (the quote block is a plain approximation).
 */

export {
  type DeliverOptions,
  type GraphEmulator,
  type GraphEmulatorOptions,
  type MailboxMessage,
  type MailboxView,
  type NotifyChange,
  startGraphEmulator,
} from "./emulator.ts";
export type { FaultTarget, GraphFault, ScheduledFault } from "./faults.ts";
export {
  type AppRegistration,
  DELEGATED_SCOPE,
  GRAPH_DEFAULT_SCOPE,
  type TokenResponse,
} from "./identity.ts";
export { WELL_KNOWN_FOLDERS, type WellKnownFolder } from "./mailbox.ts";
export type { RecordedRequest } from "./server.ts";
export type {
  LifecycleEvent,
  NotificationChangeType,
  NotificationDelivery,
  SubscriptionRecord,
} from "./subscriptions.ts";
export { graphTransport, msalNetwork } from "./transport.ts";
