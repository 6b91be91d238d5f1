/**
 * Change-notification subscriptions and the webhook side of Graph: the validation handshake on create
 * (POST `{notificationUrl}?validationToken=…`, which must answer 200 `text/plain` with the token, decoded,
 * within the timeout — 10 s on Graph), and the POSTs of change and lifecycle notifications. Nothing is sent
 * on its own: tests call `notify*` and get back what the receiver answered (Graph wants 2xx within ~3 s;
 * `slow` marks a slower answer, `timedOut` one past `notificationTimeoutMs`).
 */
import type * as Graph from "@microsoft/microsoft-graph-types";
import type { Mailbox } from "./mailbox.ts";
import { graphDate, type OData, randomUUID } from "./wire.ts";

export type LifecycleEvent = "reauthorizationRequired" | "subscriptionRemoved" | "missed";
export type NotificationChangeType = "created" | "updated" | "deleted";

export interface SubscriptionRecord {
  id: string;
  resource: string;
  changeType: NotificationChangeType[];
  notificationUrl: string;
  lifecycleNotificationUrl: string | undefined;
  clientState: string | undefined;
  expiresAt: number;
  applicationId: string;
  creatorId: string;
  /** The mailbox and folder (undefined: every folder) the resource names. */
  address: string;
  folderId: string | undefined;
  /** Created with `Prefer: IdType="ImmutableId"`: notifications carry immutable ids. */
  immutableIds: boolean;
  latestSupportedTlsVersion: string;
  reauthorizationRequired: boolean;
}

export interface NotificationDelivery {
  url: string;
  payload: unknown;
  /** Undefined when the receiver could not be reached or did not answer in time. */
  status: number | undefined;
  responseBody: string;
  durationMs: number;
  /** Slower than the 3 s Graph allows before counting the endpoint as slow. */
  slow: boolean;
  timedOut: boolean;
  error: string | undefined;
}

export type ValidationOutcome = { ok: true } | { ok: false; message: string };

export const SLOW_NOTIFICATION_MS = 3000;

export class SubscriptionStore {
  private readonly records = new Map<string, SubscriptionRecord>();
  readonly deliveries: NotificationDelivery[] = [];

  constructor(private readonly now: () => number) {}

  add(record: Omit<SubscriptionRecord, "id">): SubscriptionRecord {
    const stored = { ...record, id: randomUUID() };
    this.records.set(stored.id, stored);
    return stored;
  }

  /** A live subscription; expired ones are dropped on sight, as Graph deletes them. */
  get(id: string): SubscriptionRecord | undefined {
    const record = this.records.get(id);
    if (record && record.expiresAt <= this.now()) {
      this.records.delete(id);
      return undefined;
    }
    return record;
  }

  delete(id: string): boolean {
    return this.records.delete(id);
  }

  all(): SubscriptionRecord[] {
    return [...this.records.keys()]
      .map((id) => this.get(id))
      .filter((r): r is SubscriptionRecord => Boolean(r));
  }

  /** Graph's handshake: POST `?validationToken=…`, expect the token back as text/plain with a 200. */
  async validate(url: string, timeoutMs: number): Promise<ValidationOutcome> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = `${url}${url.includes("?") ? "&" : "?"}validationToken=${encodeURIComponent(token)}`;
    let response: Response;
    try {
      response = await fetch(target, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8" },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      return {
        ok: false,
        message: timedOut
          ? "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request."
          : `Subscription validation request failed. Failed to connect to the notification endpoint: ${(error as Error).message}`,
      };
    }
    const text = await response.text().catch(() => "");
    if (response.status !== 200) {
      return {
        ok: false,
        message:
          "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.",
      };
    }
    const contentType = response.headers.get("content-type") ?? "";
    if (text !== token || !contentType.toLowerCase().startsWith("text/plain")) {
      return {
        ok: false,
        message:
          "Subscription validation request failed. Response must exactly match validationToken query parameter.",
      };
    }
    return { ok: true };
  }

  async post(url: string, payload: unknown, timeoutMs: number): Promise<NotificationDelivery> {
    const started = performance.now();
    const delivery: NotificationDelivery = {
      url,
      payload,
      status: undefined,
      responseBody: "",
      durationMs: 0,
      slow: false,
      timedOut: false,
      error: undefined,
    };
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      delivery.status = response.status;
      delivery.responseBody = await response.text();
    } catch (error) {
      delivery.timedOut = (error as Error).name === "TimeoutError";
      delivery.error = (error as Error).message;
    }
    delivery.durationMs = performance.now() - started;
    delivery.slow = delivery.timedOut || delivery.durationMs > SLOW_NOTIFICATION_MS;
    this.deliveries.push(delivery);
    return delivery;
  }
}

/** The subscription resource as Graph returns it. */
export function subscriptionResource(
  record: SubscriptionRecord,
  serviceRoot: string,
): OData<Graph.Subscription> {
  return {
    "@odata.context": `${serviceRoot}/$metadata#subscriptions/$entity`,
    id: record.id,
    resource: record.resource,
    applicationId: record.applicationId,
    changeType: record.changeType.join(","),
    clientState: record.clientState ?? null,
    notificationUrl: record.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: record.lifecycleNotificationUrl ?? null,
    expirationDateTime: graphDate(record.expiresAt),
    creatorId: record.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: record.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

export interface ChangeInput {
  changeType: NotificationChangeType;
  /** The message id as the subscriber should see it (immutable or regular, per the subscription). */
  messageId: string;
  changeKey: string | undefined;
}

/** One change notification item, shaped like Graph's for Outlook messages (no rich resource data). */
export function changeNotification(
  record: SubscriptionRecord,
  mailbox: Mailbox,
  change: ChangeInput,
  tenantId: string,
): Graph.ChangeNotification {
  const path = `Users/${mailbox.userId}/Messages/${change.messageId}`;
  const resourceData: OData<Graph.ResourceData> & { id: string } = {
    "@odata.type": "#Microsoft.Graph.Message",
    "@odata.id": path,
    id: change.messageId,
  };
  if (change.changeKey) resourceData["@odata.etag"] = `W/"${change.changeKey}"`;
  return {
    subscriptionId: record.id,
    subscriptionExpirationDateTime: graphDate(record.expiresAt),
    changeType: change.changeType,
    resource: path,
    resourceData,
    clientState: record.clientState ?? null,
    tenantId,
  };
}

export function lifecycleNotification(
  record: SubscriptionRecord,
  event: LifecycleEvent,
  tenantId: string,
): Graph.ChangeNotification {
  return {
    subscriptionId: record.id,
    subscriptionExpirationDateTime: graphDate(record.expiresAt),
    tenantId,
    clientState: record.clientState ?? null,
    lifecycleEvent: event,
  };
}
