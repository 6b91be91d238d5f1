/**
 * A local, stateful stand-in for the Gmail API and Google's OAuth token endpoint, for tests. The real
 * `googleapis` client talks to it unchanged:
 *
 *   import { auth, gmail } from "googleapis/build/src/apis/gmail/index.js"; // not the root: see wire.ts
 *   const oauth = new auth.OAuth2({ clientId, clientSecret, endpoints: emulator.oauthEndpoints });
 *   oauth.setCredentials({ refresh_token });              // or access_token, from emulator.issueTokens()
 *   const client = gmail({ version: "v1", auth: oauth, rootUrl: `${emulator.url}/`, retry: false });
 *   // Media uploads ignore the global rootUrl (the SDK builds their URL from the per-call options only):
 *   await client.users.messages.send({ userId: "me", media }, { rootUrl: `${emulator.url}/` });
 *
 * `retry: false` makes request counts exact; by default the SDK retries GET/PUT/DELETE (not POST) on 429 and
 * 5xx up to 3 times with its own backoff — it ignores `Retry-After`. Access tokens expire on the emulator's
 * clock (`now`) while OAuth2Client computes `expiry_date` on the real one: with a fake clock, give the client
 * credentials without `expiry_date` so it learns of expiry from the 401, as it does with Google.
 *
 * Emulated:
 * - per-user mailboxes (`me` = the access token's owner; another address → 403 "Delegation denied"):
 *   messages with ids, threads (Gmail's rules: In-Reply-To/References to a known Message-ID plus a matching
 *   subject), labels (INBOX, SENT, UNREAD, STARRED, IMPORTANT, TRASH, SPAM, DRAFT + user `Label_N`),
 *   `internalDate`, `sizeEstimate` (= raw bytes), HTML-escaped `snippet`, a history log with gapped ids;
 * - `users.getProfile`, `messages.list` (labelIds, includeSpamTrash, paging, a `q` subset — see query.ts),
 *   `messages.get` (raw, full, metadata + metadataHeaders, minimal), `messages.send` (JSON `{raw, threadId}`
 *   and the `/upload` media/multipart forms), `messages.modify`, `messages.batchModify`, `threads.get`,
 *   `labels.list|create`, `history.list` (historyTypes, labelId, paging; 404 once the start id is older than
 *   the retained history), `watch` / `stop`; errors in Google's `{error:{code,message,errors,status}}` shape;
 * - OAuth: `POST /token` (authorization_code, refresh_token; `invalid_grant` after `revoke()`), `POST /revoke`,
 *   expiring Bearer access tokens (401 + `WWW-Authenticate`);
 * - push: `pushTo({url})` makes the emulator act as the Pub/Sub push subscription — each delivery to a watched
 *   inbox POSTs the envelope with its OIDC token to `url` — with `pushFaults()` to drop, duplicate or delay
 *   (reorder) pushes; `pushNotification()` builds the Pub/Sub push envelope; `oidcToken()` mints the RS256 JWT Pub/Sub
 *   would attach, verifiable against `GET /oauth2/v3/certs` (JWKS) or `/oauth2/v1/certs` (PEM) — the app must
 *   verify it (signature, iss, aud, email), the emulator only supplies a token worth verifying;
 * - faults by method + path + count: 429/403 quota errors with `Retry-After`, 500/502/503/504, hangs, and a
 *   dropped response after a send was applied (see faults.ts).
 *
 * Not emulated: Pub/Sub topics and subscriptions as resources (one push endpoint per emulator; Gmail's 1/s
 * per-mailbox notification cap), drafts, trash/delete/insert/import, attachments.get, filters and settings,
 * batch HTTP (`/batch/gmail/v1`), resumable uploads, `fields`/partial responses, scope enforcement, quota
 * accounting (only scripted 429s), messageDeleted history, label colours and counts, Gmail's own header
 * rewriting on send (only a missing `Message-ID` is added), search beyond query.ts, and `thread.snippet`.
 */

export {
  type DeliverOptions,
  type GmailEmulator,
  type GmailEmulatorOptions,
  type LabelChangeOptions,
  type MailboxMessage,
  type MailboxView,
  type PushAttempt,
  type PushEndpoint,
  startGmailEmulator,
} from "./emulator.ts";
export type { FaultTarget, GmailFault, ScheduledFault } from "./faults.ts";
export type { HistoryRecord, WatchState } from "./mailbox.ts";
export {
  DEFAULT_SCOPE,
  GOOGLE_TOKEN_AUDIENCE,
  type OAuthClientCredentials,
  type ServiceAccountKey,
  type TokenSet,
} from "./oauth.ts";
export {
  DEFAULT_PUSH_SERVICE_ACCOUNT,
  DEFAULT_SUBSCRIPTION,
  type GmailNotification,
  GOOGLE_ISSUER,
  type Jwks,
  type OidcTokenOptions,
  type PushEnvelope,
} from "./push.ts";
export { WATCH_LIFETIME_MS } from "./routes/users.ts";
export type { RecordedRequest } from "./server.ts";
