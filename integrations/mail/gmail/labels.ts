import type { HandledState } from "../types.ts";
import type { CallGmail } from "./client.ts";
import { ProviderRequestError } from "./errors.ts";

export const handledStates = ["auto_replied", "needs_review", "ignored"] as const satisfies HandledState[];

export const handledLabelName = (state: HandledState) => `Mailroom/${state}`;

/**
 * The user labels that show Mailroom's verdict in Gmail, created on first use and remembered for the
 * adapter's life. Gmail label names are unique case-insensitively; a 409 means another worker made it first.
 */
export class HandledLabels {
  private ids: Promise<Record<HandledState, string>> | null = null;

  constructor(private readonly call: CallGmail) {}

  get(): Promise<Record<HandledState, string>> {
    this.ids ??= this.ensure().catch((error: unknown) => {
      this.ids = null;
      throw error;
    });
    return this.ids;
  }

  private async ensure(): Promise<Record<HandledState, string>> {
    const existing = await this.existing();
    const ids: Partial<Record<HandledState, string>> = {};
    for (const state of handledStates) {
      const name = handledLabelName(state);
      ids[state] = existing.get(name.toLowerCase()) ?? (await this.create(name));
    }
    return ids as Record<HandledState, string>;
  }

  private async existing(): Promise<Map<string, string>> {
    const { data } = await this.call("labels.list", (api) => api.users.labels.list({ userId: "me" }));
    return new Map(
      (data.labels ?? []).flatMap((label) =>
        label.id && label.name ? [[label.name.toLowerCase(), label.id]] : [],
      ),
    );
  }

  private async create(name: string): Promise<string> {
    try {
      const { data } = await this.call("labels.create", (api) =>
        api.users.labels.create({
          userId: "me",
          requestBody: { name, labelListVisibility: "labelShow", messageListVisibility: "show" },
        }),
      );
      if (data.id) return data.id;
    } catch (error) {
      if (!(error instanceof ProviderRequestError && error.status === 409)) throw error;
    }
    const id = (await this.existing()).get(name.toLowerCase());
    if (!id)
      throw new ProviderRequestError(
        `gmail labels.create: "${name}" was refused and is not listed`,
        409,
        null,
      );
    return id;
  }
}
