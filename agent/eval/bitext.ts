import type { Intent } from "../types.ts";

/**
 * Bitext's 27 customer-support intents mapped onto ours. Bitext is finer on accounts and billing and
 * has no notion of a shipment problem; where one of theirs could be two of ours, the mapping follows
 * what a support team would do with the message:
 * - delivery_period ("how long does shipping take?") is asked before or after ordering; we read it as
 *   an order status question when an order is named, so map it to order_status.
 * - delivery_options, place_order and check_payment_methods are pre-sales: product_question.
 * - check_cancellation_fee is about cancelling: cancel. track_refund and check_refund_policy: refund.
 * - newsletter_subscription and the account intents: account. review: feedback.
 */
export const bitextToIntent: Record<string, Intent> = {
  cancel_order: "cancel",
  check_cancellation_fee: "cancel",
  change_order: "change_order",
  change_shipping_address: "change_order",
  set_up_shipping_address: "change_order",
  track_order: "order_status",
  delivery_period: "order_status",
  delivery_options: "product_question",
  place_order: "product_question",
  check_payment_methods: "product_question",
  get_refund: "refund",
  track_refund: "refund",
  check_refund_policy: "refund",
  check_invoice: "billing",
  get_invoice: "billing",
  payment_issue: "billing",
  create_account: "account",
  delete_account: "account",
  edit_account: "account",
  switch_account: "account",
  recover_password: "account",
  registration_problems: "account",
  newsletter_subscription: "account",
  complaint: "complaint",
  contact_customer_service: "human_request",
  contact_human_agent: "human_request",
  review: "feedback",
};
