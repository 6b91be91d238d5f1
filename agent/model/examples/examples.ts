import type { customerIntents } from "../../types.ts";

type CustomerIntent = (typeof customerIntents)[number];

/**
 * One language's training sentences for the local engine's word model, per intent: what customers of a
 * home-goods shop write, in their words, written for this project. `other` holds the mail a shop gets
 * that asks for none of the rest (job applications, offers, press), so the model has somewhere to put it.
 */
export type Examples = Record<CustomerIntent, readonly string[]>;
