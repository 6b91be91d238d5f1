import { z } from "zod";
import type { CallGraph } from "./client.ts";
import { ProviderUnavailableError } from "./errors.ts";
import { isNotFound } from "./replies.ts";

/**
 * Graph keeps an Outlook message subscription for at most 10,070 minutes (change-notifications overview);
 * asking for a little less leaves room for clock skew between us and Graph.
 */
export const subscriptionMinutes = 10_000;

const Subscription = z.looseObject({
  id: z.string().min(1),
  // Graph writes up to seven fractional digits; Date.parse reads them.
  expirationDateTime: z.string().refine((value) => !Number.isNaN(Date.parse(value))),
});

export interface InboxSubscription {
  id: string;
  expiresAt: Date;
}

export interface SubscribeRequest {
  /** Graph POSTs `created` notifications here, after the `validationToken` handshake. */
  notificationUrl: string;
  /** `reauthorizationRequired`, `subscriptionRemoved` and `missed` go here. */
  lifecycleNotificationUrl: string;
  /** Comes back on every notification; the receiver compares it (never trust a notification without it). */
  clientState: string;
  expiresAt: Date;
}

/**
 * Change-notification subscriptions on the inbox (PROVIDERS.md, Microsoft Graph). Created with the
 * session's `Prefer: IdType="ImmutableId"`, so notifications name messages by the ids delta returns.
 */
export class InboxSubscriptions {
  constructor(
    private readonly call: CallGraph,
    private readonly userPath: string,
  ) {}

  async create(request: SubscribeRequest): Promise<InboxSubscription> {
    const created = await this.call("subscriptions.create", (api) =>
      api.request("/subscriptions").post({
        changeType: "created",
        // `users/{address}`: app-only tokens have no `me`; the inbox only, as delta reads only the inbox.
        resource: `${this.userPath.replace(/^\//, "")}/mailFolders('inbox')/messages`,
        notificationUrl: request.notificationUrl,
        lifecycleNotificationUrl: request.lifecycleNotificationUrl,
        clientState: request.clientState,
        expirationDateTime: request.expiresAt.toISOString(),
        latestSupportedTlsVersion: "v1_2",
      }),
    );
    return read(created, "subscriptions.create");
  }

  /** Renewal is a PATCH of the expiry; a subscription Graph already dropped answers null. */
  async renew(subscriptionId: string, expiresAt: Date): Promise<InboxSubscription | null> {
    try {
      const renewed = await this.call("subscriptions.renew", (api) =>
        api
          .request(`/subscriptions/${encodeURIComponent(subscriptionId)}`)
          .patch({ expirationDateTime: expiresAt.toISOString() }),
      );
      return read(renewed, "subscriptions.renew");
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** After `reauthorizationRequired`: false when Graph no longer knows the subscription. */
  async reauthorize(subscriptionId: string): Promise<boolean> {
    try {
      await this.call("subscriptions.reauthorize", (api) =>
        api.request(`/subscriptions/${encodeURIComponent(subscriptionId)}/reauthorize`).post({}),
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Gone already (expired, removed) counts as deleted. */
  async delete(subscriptionId: string): Promise<void> {
    try {
      await this.call("subscriptions.delete", (api) =>
        api.request(`/subscriptions/${encodeURIComponent(subscriptionId)}`).delete(),
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

function read(answer: unknown, what: string): InboxSubscription {
  const parsed = Subscription.safeParse(answer);
  if (!parsed.success)
    throw new ProviderUnavailableError(`outlook ${what}: answered an unreadable subscription`);
  return { id: parsed.data.id, expiresAt: new Date(parsed.data.expirationDateTime) };
}
