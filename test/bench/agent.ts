import { LocalModel } from "../../agent/model/local.ts";
import { type TriageAgent, triageEmail } from "../../agent/pipeline.ts";
import { defaultPolicy } from "../../agent/policy.ts";
import type { EmailForTriage, Facts } from "../../agent/types.ts";
import { percentile } from "./stats.ts";

const samples = [
  ["Where is my order?", "Hi, where is my order LL-10234? It should have arrived by now. Thanks, Emma"],
  ["Unde este comanda?", "Bună ziua, unde este comanda LL-10234? Mulțumesc, Andreea"],
  ["订单什么时候到", "你好，我的订单 LL-10234 什么时候到？谢谢"],
  ["查詢訂單", "您好，請問訂單 LL-10234 什麼時候會送到？"],
  ["Refund", "The lamp arrived broken. I want a refund for LL-10234 or I will file a chargeback!!!"],
  ["Question", "Do you have the linen duvet cover in 200x220? What payment methods do you accept?"],
  ["Dónde está mi pedido", "Hola, ¿dónde está mi pedido LL-10234? Gracias"],
  ["Wo ist meine Bestellung", "Hallo, wo ist meine Bestellung LL-10234? Danke"],
] as const;

/** The agent alone, no database: the local engine over mixed-language email, one at a time. */
export async function benchLocalAgent(total = 10_000): Promise<{ emailsPerSec: number; p95Ms: number }> {
  const facts: Facts = {
    sender: { email: "emma@example.com", known: true, name: "Emma Carter", vip: false },
    orders: [
      {
        number: "LL-10234",
        status: "fulfilled",
        placedAt: "2026-11-18T10:00:00Z",
        total: "89.90",
        currency: "EUR",
        lines: [{ title: "Linen table lamp", quantity: 1 }],
        shipments: [
          {
            carrier: "UPS",
            trackingNumber: "1Z999AA10123456784",
            trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
            state: "in_transit",
            estimatedDeliveryAt: "2026-11-26T00:00:00Z",
            deliveredAt: null,
            lastEvent: {
              description: "Departed facility",
              location: "Köln, DE",
              occurredAt: "2026-11-22T03:00:00Z",
            },
            standing: "on_time",
            daysLate: 0,
            standingReason: "on time: ETA 26 Nov",
          },
        ],
        standing: "on_time",
      },
    ],
    foreignOrderNumbers: [],
    unknownOrderNumbers: [],
    orderInferred: false,
  };
  const agent: TriageAgent = {
    model: new LocalModel(),
    facts: async () => facts,
    policy: defaultPolicy,
    tone: { brandName: "Lumen & Loom", signature: "The Lumen & Loom team", formality: "friendly" },
    orderFormat: { prefixes: ["LL-"] },
    ownAddresses: ["support@lumenandloom.example"],
  };
  const emails: EmailForTriage[] = samples.map(([subject, text]) => ({
    from: { address: "emma@example.com", name: "Emma Carter" },
    to: ["support@lumenandloom.example"],
    subject,
    text,
    html: null,
    headers: {},
    contentType: "text/plain",
    receivedAt: new Date(),
  }));
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const t = performance.now();
    await triageEmail(agent, emails[i % emails.length] as EmailForTriage);
    latencies.push(performance.now() - t);
  }
  return { emailsPerSec: total / ((performance.now() - started) / 1000), p95Ms: percentile(latencies, 95) };
}
