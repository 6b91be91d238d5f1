import type { OrderImport } from "../../integrations/commerce/order-import.ts";

/**
 * The demo shop a newcomer sees on first start: Lumen & Loom, home textiles and lamps, shipping from a
 * warehouse in Utrecht (NL) and, for Romanian orders, one in Cluj-Napoca (RO). Every date is relative to
 * `now`, so the mix of shipments (on time, late, held by customs, missed delivery, delivered) stays true.
 */

export const DEMO_SHOP_NAME = "Lumen & Loom";
export const DEMO_SHOP_ADDRESS = "support@lumenandloom.example";

type CustomerInput = NonNullable<OrderImport["customers"]>[number];
type OrderInput = NonNullable<OrderImport["orders"]>[number];
type OrderStatus = NonNullable<OrderInput["status"]>;
type ShipmentInput = NonNullable<OrderInput["shipments"]>[number];
type ShipmentEventInput = NonNullable<ShipmentInput["events"]>[number];
type ShipmentState = ShipmentEventInput["state"];
type Currency = "EUR" | "USD" | "RON" | "CNY";

const DAY_MS = 86_400_000;

/** List prices per currency; RON and CNY are set by hand, not converted, like a real storefront. */
const CATALOG = {
  "LIN-DUV-200-OAT": {
    title: "Stonewashed linen duvet cover 200×200, oat",
    EUR: 149,
    USD: 165,
    RON: 749,
    CNY: 1190,
  },
  "LIN-PIL-50-SAGE": { title: "Linen pillowcase pair 50×75, sage", EUR: 39, USD: 45, RON: 195, CNY: 310 },
  "LIN-SHT-FIT-160": { title: "Linen fitted sheet 160×200, white", EUR: 79, USD: 89, RON: 395, CNY: 630 },
  "THR-MER-CHAR": { title: "Merino wool throw 130×170, charcoal", EUR: 119, USD: 135, RON: 599, CNY: 950 },
  "LMP-ARC-BRS": { title: "Arc floor lamp, brushed brass", EUR: 389, USD: 429, RON: 1949, CNY: 3090 },
  "LMP-MUSH-OPAL": { title: "Mushroom table lamp, opal glass", EUR: 149, USD: 165, RON: 749, CNY: 1190 },
  "LMP-PAPER-60": { title: "Rice paper pendant shade Ø60 cm", EUR: 79, USD: 89, RON: 395, CNY: 630 },
  "LMP-BED-OAK": { title: "Oak bedside lamp with linen shade", EUR: 99, USD: 109, RON: 495, CNY: 790 },
  "BLB-E27-2200": { title: "Filament bulb E27 2200K, dimmable", EUR: 12, USD: 14, RON: 59, CNY: 95 },
  "TWL-WAF-SET4": { title: "Waffle towel set of 4, ivory", EUR: 59, USD: 65, RON: 295, CNY: 470 },
  "CUR-LIN-140": { title: "Linen curtain panel 140×260, natural", EUR: 89, USD: 99, RON: 445, CNY: 710 },
  "RUG-JUTE-160": { title: "Hand-woven jute rug 160×230", EUR: 249, USD: 275, RON: 1245, CNY: 1990 },
  "CUS-VEL-45-MOSS": { title: "Velvet cushion cover 45×45, moss", EUR: 32, USD: 35, RON: 159, CNY: 255 },
  "RUN-LIN-TERRA": { title: "Linen table runner 40×200, terracotta", EUR: 35, USD: 39, RON: 175, CNY: 280 },
} as const;
type Sku = keyof typeof CATALOG;

type Carrier = "DHL" | "UPS" | "DPD" | "Fan Courier" | "SF Express" | "USPS" | "PostNL";

const TRACKING_URL: Record<Carrier, (trackingNumber: string) => string> = {
  DHL: (n) => `https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=${n}`,
  UPS: (n) => `https://www.ups.com/track?loc=en_US&tracknum=${n}`,
  DPD: (n) => `https://tracking.dpd.de/status/en_US/parcel/${n}`,
  "Fan Courier": (n) => `https://www.fancourier.ro/awb-tracking/?tracking=${n}`,
  "SF Express": (n) => `https://www.sf-express.com/chn/en/waybill/waybill-detail/${n}`,
  USPS: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  PostNL: (n) => `https://jouw.postnl.nl/track-and-trace/${n}`,
};

const customer = (
  email: string,
  name: string,
  locale: string,
  timeZone: string,
  extra: Partial<CustomerInput> = {},
): CustomerInput => ({ email, name, locale, timeZone, ...extra });

const CUSTOMERS: CustomerInput[] = [
  customer("emma.carter@example.com", "Emma Carter", "en-GB", "Europe/London", { tags: ["repeat"] }),
  customer("james.miller@example.com", "James Miller", "en-US", "America/Chicago", {
    phone: "+1 312 555 0187",
  }),
  customer("olivia.bennett@example.com", "Olivia Bennett", "en-US", "America/New_York", {
    phone: "+1 917 555 0143",
    vip: true,
    tags: ["vip", "trade", "interior-designer"],
  }),
  customer("daniel.hughes@example.ie", "Daniel Hughes", "en-IE", "Europe/Dublin"),
  customer("li.wei@example.cn", "李伟", "zh-CN", "Asia/Shanghai", { phone: "+86 138 0013 8000" }),
  customer("zhang.min@example.cn", "张敏", "zh-CN", "Asia/Shanghai"),
  customer("wang.fang@example.cn", "王芳", "zh-CN", "Asia/Shanghai", { tags: ["repeat"] }),
  customer("chen.yiting@example.tw", "陳怡婷", "zh-TW", "Asia/Taipei"),
  customer("wong.kaming@example.hk", "黃家明", "zh-HK", "Asia/Hong_Kong"),
  customer("andreea.popescu@example.ro", "Andreea Popescu", "ro-RO", "Europe/Bucharest", {
    tags: ["repeat"],
  }),
  customer("mihai.ionescu@example.ro", "Mihai Ionescu", "ro-RO", "Europe/Bucharest", {
    phone: "+40 722 000 000",
  }),
  customer("ioana.dumitrescu@example.ro", "Ioana Dumitrescu", "ro-RO", "Europe/Bucharest"),
  customer("stefan.radu@example.ro", "Ștefan Radu", "ro-RO", "Europe/Bucharest", { tags: ["new"] }),
];

interface OrderHead {
  number: string;
  email: string;
  status: OrderStatus;
  /** Days relative to now; negative is the past. */
  placed: number;
}
interface OrderSale {
  currency: Currency;
  /** The shipping fee, in the order's currency; the total is the lines plus this. */
  shipping: number;
  items: Partial<Record<Sku, number>>;
}
/** Days relative to now, like every other time in the demo. */
interface ShipmentTiming {
  shipped: number;
  eta: number;
  delivered?: number;
}

export function demoStore(now: Date): OrderImport {
  // Whole minutes keep the seeded timestamps readable.
  const base = Math.floor(now.getTime() / 60_000) * 60_000;
  const at = (days: number): string => new Date(base + Math.round(days * DAY_MS)).toISOString();

  const ev = (
    state: ShipmentState,
    description: string,
    location: string,
    days: number,
  ): ShipmentEventInput => ({
    state,
    description,
    location,
    occurredAt: at(days),
  });

  // The carrier's raw status is the wording of its latest scan.
  const ship = (
    carrier: Carrier,
    trackingNumber: string,
    state: ShipmentState,
    timing: ShipmentTiming,
    events: ShipmentEventInput[],
  ): ShipmentInput => ({
    carrier,
    trackingNumber,
    trackingUrl: TRACKING_URL[carrier](trackingNumber),
    state,
    rawStatus: events.at(-1)?.description,
    shippedAt: at(timing.shipped),
    estimatedDeliveryAt: at(timing.eta),
    ...(timing.delivered === undefined ? {} : { deliveredAt: at(timing.delivered) }),
    events,
  });

  const order = (head: OrderHead, sale: OrderSale, shipments: ShipmentInput[] = []): OrderInput => {
    const items = Object.entries(sale.items) as [Sku, number][];
    const lines = items.map(([sku, quantity]) => ({
      sku,
      title: CATALOG[sku].title,
      quantity,
      unitPrice: CATALOG[sku][sale.currency].toFixed(2),
    }));
    const subtotal = items.reduce((sum, [sku, quantity]) => sum + CATALOG[sku][sale.currency] * quantity, 0);
    return {
      number: head.number,
      email: head.email,
      status: head.status,
      placedAt: at(head.placed),
      total: (subtotal + sale.shipping).toFixed(2),
      currency: sale.currency,
      lines,
      shipments,
    };
  };

  const orders: OrderInput[] = [
    order(
      { number: "LL-10192", email: "olivia.bennett@example.com", status: "delivered", placed: -25 },
      { currency: "USD", shipping: 15, items: { "CUS-VEL-45-MOSS": 4, "RUN-LIN-TERRA": 1 } },
      [
        ship("UPS", "1ZW4E7966634187522", "delivered", { shipped: -24, eta: -20.5, delivered: -20.2 }, [
          ev("info_received", "Shipper created a label", "Utrecht, NL", -24.4),
          ev("in_transit", "Pickup scan", "Utrecht, NL", -24),
          ev("in_transit", "Departed from facility", "Cologne, DE", -23.5),
          ev("in_transit", "Import scan", "Louisville, KY, US", -22.6),
          ev("out_for_delivery", "Out for delivery today", "Brooklyn, NY, US", -20.4),
          ev("delivered", "Delivered, left at front desk", "Brooklyn, NY, US", -20.2),
        ]),
      ],
    ),
    order(
      { number: "LL-10195", email: "wang.fang@example.cn", status: "delivered", placed: -22 },
      { currency: "CNY", shipping: 120, items: { "LIN-DUV-200-OAT": 1, "LIN-PIL-50-SAGE": 1 } },
      [
        ship("SF Express", "SF148172059362", "delivered", { shipped: -21, eta: -12.5, delivered: -12.2 }, [
          ev("info_received", "Shipment information received", "Utrecht, NL", -21.3),
          ev("in_transit", "Picked up", "Utrecht, NL", -21),
          ev("in_transit", "Departed origin hub", "Amsterdam, NL", -20.4),
          ev("in_transit", "Customs cleared, arrived at destination hub", "Shanghai, CN", -14.6),
          ev("out_for_delivery", "Out for delivery", "Hangzhou, CN", -12.5),
          ev("delivered", "Signed for by recipient", "Hangzhou, CN", -12.2),
        ]),
      ],
    ),
    // Late: expected five days ago, silent since it reached China.
    order(
      { number: "LL-10197", email: "zhang.min@example.cn", status: "fulfilled", placed: -20 },
      { currency: "CNY", shipping: 120, items: { "LMP-PAPER-60": 2, "BLB-E27-2200": 2 } },
      [
        ship("PostNL", "RR384920176NL", "in_transit", { shipped: -19, eta: -5 }, [
          ev("info_received", "Pre-alert received from sender", "Utrecht, NL", -19.4),
          ev("in_transit", "Item accepted by PostNL", "Utrecht, NL", -19),
          ev("in_transit", "Item has left the Netherlands", "Amsterdam, NL", -17.2),
          ev("in_transit", "The item has arrived in the destination country", "Shanghai, CN", -9),
        ]),
      ],
    ),
    // Late: expected three days ago.
    order(
      { number: "LL-10199", email: "wong.kaming@example.hk", status: "fulfilled", placed: -18 },
      { currency: "USD", shipping: 25, items: { "THR-MER-CHAR": 1 } },
      [
        ship("PostNL", "LA512368405NL", "in_transit", { shipped: -17, eta: -3 }, [
          ev("info_received", "Pre-alert received from sender", "Utrecht, NL", -17.4),
          ev("in_transit", "Item accepted by PostNL", "Utrecht, NL", -17),
          ev("in_transit", "Item has left the Netherlands", "Amsterdam, NL", -15.8),
          ev("in_transit", "The item has arrived in the destination country", "Hong Kong, HK", -8.1),
        ]),
      ],
    ),
    // Handed to a postal consolidator in NL and delivered by USPS, hence the 92… IMpb barcode.
    order(
      { number: "LL-10202", email: "james.miller@example.com", status: "delivered", placed: -15 },
      { currency: "USD", shipping: 15, items: { "LMP-MUSH-OPAL": 1, "BLB-E27-2200": 2 } },
      [
        ship("USPS", "9261290338571946273515", "delivered", { shipped: -14, eta: -6, delivered: -5.1 }, [
          ev("info_received", "Shipping partner: shipment information received", "Utrecht, NL", -14.3),
          ev("in_transit", "Departed origin country", "Amsterdam, NL", -13.2),
          ev("in_transit", "Processed through International Service Center", "Chicago, IL, US", -8.5),
          ev("in_transit", "Arrived at USPS Regional Facility", "Chicago, IL, US", -6.6),
          ev("out_for_delivery", "Out for Delivery", "Chicago, IL 60614, US", -5.3),
          ev("delivered", "Delivered, Front Door/Porch", "Chicago, IL 60614, US", -5.1),
        ]),
      ],
    ),
    // Cancelled before shipping: the throw went out of stock.
    order(
      { number: "LL-10204", email: "emma.carter@example.com", status: "cancelled", placed: -13 },
      { currency: "EUR", shipping: 9.9, items: { "THR-MER-CHAR": 1 } },
    ),
    // Late: expected four days ago, last UPS scan six days ago.
    order(
      { number: "LL-10206", email: "james.miller@example.com", status: "fulfilled", placed: -12 },
      { currency: "USD", shipping: 15, items: { "TWL-WAF-SET4": 2, "LIN-SHT-FIT-160": 1 } },
      [
        ship("UPS", "1ZW4E7966641205935", "in_transit", { shipped: -11, eta: -4 }, [
          ev("info_received", "Shipper created a label", "Utrecht, NL", -11.4),
          ev("in_transit", "Pickup scan", "Utrecht, NL", -11),
          ev("in_transit", "Departed from facility", "Cologne, DE", -10.5),
          ev("in_transit", "Arrived at facility", "Louisville, KY, US", -9.2),
          ev("in_transit", "Departed from facility", "Louisville, KY, US", -6.1),
        ]),
      ],
    ),
    order(
      { number: "LL-10207", email: "ioana.dumitrescu@example.ro", status: "delivered", placed: -11 },
      { currency: "RON", shipping: 0, items: { "LMP-BED-OAK": 2 } },
      [
        ship("DPD", "01505316475280", "delivered", { shipped: -10, eta: -8.5, delivered: -8.2 }, [
          ev("info_received", "Order data transmitted to DPD", "Cluj-Napoca, RO", -10.3),
          ev("in_transit", "Parcel picked up", "Cluj-Napoca, RO", -10),
          ev("in_transit", "At parcel delivery centre", "Timișoara, RO", -8.9),
          ev("out_for_delivery", "Out for delivery", "Timișoara, RO", -8.4),
          ev("delivered", "Delivered", "Timișoara, RO", -8.2),
        ]),
      ],
    ),
    // Exception: held by Taiwanese customs until the recipient verifies her identity in EZ WAY.
    order(
      { number: "LL-10209", email: "chen.yiting@example.tw", status: "fulfilled", placed: -10.4 },
      { currency: "USD", shipping: 35, items: { "LMP-MUSH-OPAL": 1, "LMP-BED-OAK": 1, "BLB-E27-2200": 2 } },
      [
        ship("DHL", "4817362955", "exception", { shipped: -9, eta: -5 }, [
          ev("info_received", "Shipment information received", "Utrecht, NL", -9.3),
          ev("in_transit", "Shipment picked up", "Utrecht, NL", -9),
          ev("in_transit", "Processed at LEIPZIG - GERMANY", "Leipzig, DE", -8.6),
          ev("in_transit", "Arrived at DHL Sort Facility TAOYUAN - TAIWAN", "Taoyuan, TW", -7.2),
          ev("exception", "Clearance delay: recipient must verify identity in EZ WAY", "Taoyuan, TW", -6.8),
          ev("exception", "On hold at customs awaiting importer verification", "Taoyuan, TW", -4.9),
        ]),
      ],
    ),
    // Late: expected three days ago, last seen in a Hungarian hub.
    order(
      { number: "LL-10210", email: "mihai.ionescu@example.ro", status: "fulfilled", placed: -10 },
      { currency: "RON", shipping: 0, items: { "CUR-LIN-140": 2, "TWL-WAF-SET4": 1 } },
      [
        ship("DPD", "05212046893317", "in_transit", { shipped: -9, eta: -3 }, [
          ev("info_received", "Order data transmitted to DPD", "Utrecht, NL", -9.4),
          ev("in_transit", "Parcel picked up", "Utrecht, NL", -9),
          ev("in_transit", "At DPD hub", "Aschaffenburg, DE", -8.2),
          ev("in_transit", "In transit", "Budapest, HU", -5),
        ]),
      ],
    ),
    order(
      { number: "LL-10212", email: "stefan.radu@example.ro", status: "delivered", placed: -9 },
      { currency: "RON", shipping: 0, items: { "CUS-VEL-45-MOSS": 2, "THR-MER-CHAR": 1 } },
      [
        ship("Fan Courier", "2247813065394", "delivered", { shipped: -8, eta: -6.5, delivered: -6.3 }, [
          ev("info_received", "AWB emis", "Cluj-Napoca, RO", -8.3),
          ev("in_transit", "Expediere preluată de curier", "Cluj-Napoca, RO", -8),
          ev("in_transit", "Expediere în tranzit spre depozitul de destinație", "Brașov, RO", -7.2),
          ev("out_for_delivery", "Expediere în livrare", "Brașov, RO", -6.5),
          ev("delivered", "Livrat", "Brașov, RO", -6.3),
        ]),
      ],
    ),
    order(
      { number: "LL-10214", email: "andreea.popescu@example.ro", status: "delivered", placed: -8 },
      { currency: "RON", shipping: 0, items: { "LIN-PIL-50-SAGE": 2, "RUN-LIN-TERRA": 1 } },
      [
        ship("Fan Courier", "2247813902157", "delivered", { shipped: -7, eta: -5.5, delivered: -5.2 }, [
          ev("info_received", "AWB emis", "Cluj-Napoca, RO", -7.3),
          ev("in_transit", "Expediere preluată de curier", "Cluj-Napoca, RO", -7),
          ev("in_transit", "Expediere în tranzit spre depozitul de destinație", "Iași, RO", -6.1),
          ev("out_for_delivery", "Expediere în livrare", "Iași, RO", -5.4),
          ev("delivered", "Livrat", "Iași, RO", -5.2),
        ]),
      ],
    ),
    order(
      { number: "LL-10216", email: "daniel.hughes@example.ie", status: "delivered", placed: -7 },
      { currency: "EUR", shipping: 6.9, items: { "TWL-WAF-SET4": 1 } },
      [
        ship("DPD", "05212046901742", "delivered", { shipped: -6, eta: -3.3, delivered: -3.2 }, [
          ev("info_received", "Order data transmitted to DPD", "Utrecht, NL", -6.3),
          ev("in_transit", "Parcel picked up", "Utrecht, NL", -6),
          ev("in_transit", "At DPD hub", "Athlone, IE", -4.1),
          ev("out_for_delivery", "Out for delivery", "Dublin, IE", -3.5),
          ev("delivered", "Delivered, left in safe place (porch)", "Dublin, IE", -3.2),
        ]),
      ],
    ),
    // Missed delivery yesterday; DPD will try again.
    order(
      { number: "LL-10218", email: "emma.carter@example.com", status: "fulfilled", placed: -5 },
      { currency: "EUR", shipping: 9.9, items: { "LIN-DUV-200-OAT": 1, "LIN-PIL-50-SAGE": 1 } },
      [
        ship("DPD", "15501832764095", "attempt_fail", { shipped: -4, eta: -1 }, [
          ev("info_received", "Order data transmitted to DPD", "Utrecht, NL", -4.3),
          ev("in_transit", "Parcel picked up", "Utrecht, NL", -4),
          ev("in_transit", "At DPD hub", "Hinckley, GB", -2.3),
          ev("out_for_delivery", "Out for delivery", "Leeds, GB", -1.3),
          ev("attempt_fail", "We missed you, card left. Next attempt next working day", "Leeds, GB", -1.1),
        ]),
      ],
    ),
    order(
      { number: "LL-10220", email: "li.wei@example.cn", status: "fulfilled", placed: -4.6 },
      { currency: "CNY", shipping: 120, items: { "LMP-BED-OAK": 2 } },
      [
        ship("SF Express", "SF148590317204", "in_transit", { shipped: -3, eta: 4 }, [
          ev("info_received", "Shipment information received", "Utrecht, NL", -3.3),
          ev("in_transit", "Picked up", "Utrecht, NL", -3),
          ev("in_transit", "Departed origin hub", "Amsterdam, NL", -2.2),
          ev("in_transit", "Arrived at transit hub", "Hong Kong, HK", -0.6),
        ]),
      ],
    ),
    // High value, VIP, two parcels: the lamps and the rug travel separately.
    order(
      { number: "LL-10221", email: "olivia.bennett@example.com", status: "fulfilled", placed: -4.1 },
      { currency: "USD", shipping: 0, items: { "LMP-ARC-BRS": 2, "RUG-JUTE-160": 1 } },
      [
        ship("UPS", "1ZW4E7966658630211", "in_transit", { shipped: -2, eta: 3 }, [
          ev("info_received", "Shipper created a label", "Utrecht, NL", -2.6),
          ev("in_transit", "Pickup scan", "Utrecht, NL", -2),
          ev("in_transit", "Departed from facility", "Cologne, DE", -1.5),
          ev("in_transit", "Arrived at facility", "Philadelphia, PA, US", -0.4),
        ]),
        ship("UPS", "1ZW4E7966658630220", "in_transit", { shipped: -2, eta: 3 }, [
          ev("info_received", "Shipper created a label", "Utrecht, NL", -2.6),
          ev("in_transit", "Pickup scan", "Utrecht, NL", -1.9),
          ev("in_transit", "Departed from facility", "Cologne, DE", -1.4),
          ev("in_transit", "Arrived at facility", "Philadelphia, PA, US", -0.3),
        ]),
      ],
    ),
    order(
      { number: "LL-10223", email: "daniel.hughes@example.ie", status: "fulfilled", placed: -4 },
      { currency: "EUR", shipping: 6.9, items: { "LMP-PAPER-60": 1, "BLB-E27-2200": 1 } },
      [
        ship("DPD", "05212047135568", "in_transit", { shipped: -2.8, eta: 1 }, [
          ev("info_received", "Order data transmitted to DPD", "Utrecht, NL", -3.1),
          ev("in_transit", "Parcel picked up", "Utrecht, NL", -2.8),
          ev("in_transit", "At DPD hub", "Athlone, IE", -0.7),
        ]),
      ],
    ),
    order(
      { number: "LL-10225", email: "emma.carter@example.com", status: "fulfilled", placed: -3.2 },
      { currency: "EUR", shipping: 9.9, items: { "CUR-LIN-140": 2 } },
      [
        ship("DHL", "4819022644", "in_transit", { shipped: -2, eta: 1 }, [
          ev("info_received", "Shipment information received", "Utrecht, NL", -2.3),
          ev("in_transit", "Shipment picked up", "Utrecht, NL", -2),
          ev("in_transit", "Processed at LEIPZIG - GERMANY", "Leipzig, DE", -1.5),
          ev("in_transit", "Arrived at DHL Sort Facility EAST MIDLANDS - UK", "East Midlands, GB", -0.5),
        ]),
      ],
    ),
    order(
      { number: "LL-10226", email: "wong.kaming@example.hk", status: "fulfilled", placed: -3 },
      { currency: "USD", shipping: 25, items: { "LIN-SHT-FIT-160": 1, "LIN-PIL-50-SAGE": 1 } },
      [
        ship("SF Express", "SF148612045873", "in_transit", { shipped: -2, eta: 1 }, [
          ev("info_received", "Shipment information received", "Utrecht, NL", -2.3),
          ev("in_transit", "Picked up", "Utrecht, NL", -2),
          ev("in_transit", "Departed origin hub", "Amsterdam, NL", -1.4),
          ev("in_transit", "Arrived at destination hub", "Hong Kong, HK", -0.3),
        ]),
      ],
    ),
    order(
      { number: "LL-10229", email: "andreea.popescu@example.ro", status: "fulfilled", placed: -2 },
      { currency: "RON", shipping: 0, items: { "LMP-MUSH-OPAL": 1 } },
      [
        ship("Fan Courier", "2248120563871", "in_transit", { shipped: -1, eta: 0.8 }, [
          ev("info_received", "AWB emis", "Cluj-Napoca, RO", -1.3),
          ev("in_transit", "Expediere preluată de curier", "Cluj-Napoca, RO", -1),
          ev("in_transit", "Expediere în tranzit spre depozitul de destinație", "Iași, RO", -0.2),
        ]),
      ],
    ),
    order(
      { number: "LL-10231", email: "ioana.dumitrescu@example.ro", status: "fulfilled", placed: -1.8 },
      { currency: "RON", shipping: 0, items: { "RUG-JUTE-160": 1 } },
      [
        ship("Fan Courier", "2248120571436", "in_transit", { shipped: -0.9, eta: 0.9 }, [
          ev("info_received", "AWB emis", "Cluj-Napoca, RO", -1.2),
          ev("in_transit", "Expediere preluată de curier", "Cluj-Napoca, RO", -0.9),
          ev("in_transit", "Expediere în tranzit spre depozitul de destinație", "Timișoara, RO", -0.15),
        ]),
      ],
    ),
    // Paid yesterday, not shipped yet.
    order(
      { number: "LL-10234", email: "wang.fang@example.cn", status: "confirmed", placed: -1 },
      { currency: "CNY", shipping: 120, items: { "THR-MER-CHAR": 1, "CUS-VEL-45-MOSS": 2 } },
    ),
  ];

  return { customers: structuredClone(CUSTOMERS), orders };
}
