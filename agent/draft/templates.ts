/**
 * Reply templates for the local engine, one set per language (Liquid syntax). Variables: `name`,
 * `order` (number, lines), `shipment` (carrier, trackingNumber, trackingUrl, eta, lastEvent),
 * `intentLabel`, `tone`. Every fact in a template comes from the facts, so the guardrails pass by design.
 */
export interface TemplateSet {
  greeting: string;
  greetingAnonymous: string;
  signOff: string;
  /** Where is my order, by standing. */
  not_shipped: string;
  on_time: string;
  late: string;
  exception: string;
  attempt_failed: string;
  delivered: string;
  returned: string;
  /** Asked about an order we cannot find for this sender (or none named). */
  order_unknown: string;
  /** Anything a person will handle: acknowledge without promising. */
  handover: string;
}

const en: TemplateSet = {
  greeting: "Hi {{ name }},",
  greetingAnonymous: "Hello,",
  signOff: "Best regards,\n{{ tone.signature }}",
  not_shipped:
    "Thanks for checking in about order {{ order.number }}. It has been received and is being prepared; it has not left our warehouse yet. You will get an email with the tracking number as soon as it ships.",
  on_time:
    "Good news: order {{ order.number }} is on its way with {{ shipment.carrier }}{% if shipment.eta %} and is expected to arrive by {{ shipment.eta }}{% endif %}.{% if shipment.lastEvent %} Latest update: {{ shipment.lastEvent }}.{% endif %}\n\nTracking number: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\nTrack it here: {{ shipment.trackingUrl }}{% endif %}",
  late: "I'm sorry that order {{ order.number }} is taking longer than expected. It was due{% if shipment.eta %} by {{ shipment.eta }}{% endif %} and is still with {{ shipment.carrier }}.{% if shipment.lastEvent %} The last update from the carrier: {{ shipment.lastEvent }}.{% endif %} We are looking into it with the carrier and will get back to you.\n\nTracking number: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  exception:
    "I'm sorry, order {{ order.number }} has run into a problem in transit with {{ shipment.carrier }}{% if shipment.lastEvent %}: {{ shipment.lastEvent }}{% endif %}. We are on it and will update you as soon as we know more.\n\nTracking number: {{ shipment.trackingNumber }}",
  attempt_failed:
    "{{ shipment.carrier }} tried to deliver order {{ order.number }} but could not{% if shipment.lastEvent %} ({{ shipment.lastEvent }}){% endif %}. The carrier will usually try again; you can also arrange a new delivery with them.\n\nTracking number: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  delivered:
    "According to {{ shipment.carrier }}, order {{ order.number }} was delivered{% if shipment.deliveredOn %} on {{ shipment.deliveredOn }}{% endif %}. If you can't find it, please check with neighbours or your building's reception; we are looking into it on our side as well.",
  returned:
    "Order {{ order.number }} is on its way back to us with {{ shipment.carrier }}. We will be in touch about the next steps.",
  order_unknown:
    "Thanks for your message. I couldn't find an order under this email address{% if orderNumbers %} with the number {{ orderNumbers }}{% endif %}. Could you send us the order number from your confirmation email, or the email address you ordered with?",
  handover:
    "Thank you for your message{% if order %} about order {{ order.number }}{% endif %}. A member of our team is looking into your request and will reply to you personally soon.",
};

const ro: TemplateSet = {
  greeting: "Bună ziua, {{ name }},",
  greetingAnonymous: "Bună ziua,",
  signOff: "Cu drag,\n{{ tone.signature }}",
  not_shipped:
    "Vă mulțumim că ne-ați scris despre comanda {{ order.number }}. Comanda a fost primită și este în pregătire; nu a plecat încă din depozit. Veți primi un e-mail cu numărul de urmărire imediat ce este expediată.",
  on_time:
    "Vești bune: comanda {{ order.number }} este pe drum cu {{ shipment.carrier }}{% if shipment.eta %} și ar trebui să ajungă până la {{ shipment.eta }}{% endif %}.{% if shipment.lastEvent %} Ultima actualizare: {{ shipment.lastEvent }}.{% endif %}\n\nNumăr de urmărire: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\nO puteți urmări aici: {{ shipment.trackingUrl }}{% endif %}",
  late: "Ne pare rău că livrarea comenzii {{ order.number }} întârzie. Termenul estimat era{% if shipment.eta %} {{ shipment.eta }}{% endif %}, iar coletul este încă la {{ shipment.carrier }}.{% if shipment.lastEvent %} Ultima actualizare de la curier: {{ shipment.lastEvent }}.{% endif %} Verificăm situația cu curierul și revenim cu detalii.\n\nNumăr de urmărire: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  exception:
    "Ne pare rău, comanda {{ order.number }} a întâmpinat o problemă în transport la {{ shipment.carrier }}{% if shipment.lastEvent %}: {{ shipment.lastEvent }}{% endif %}. Ne ocupăm și vă anunțăm imediat ce aflăm mai multe.\n\nNumăr de urmărire: {{ shipment.trackingNumber }}",
  attempt_failed:
    "{{ shipment.carrier }} a încercat să livreze comanda {{ order.number }}, dar nu a reușit{% if shipment.lastEvent %} ({{ shipment.lastEvent }}){% endif %}. De obicei curierul revine; puteți stabili și o nouă livrare direct cu el.\n\nNumăr de urmărire: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  delivered:
    "Potrivit {{ shipment.carrier }}, comanda {{ order.number }} a fost livrată{% if shipment.deliveredOn %} pe {{ shipment.deliveredOn }}{% endif %}. Dacă nu o găsiți, vă rugăm să verificați la vecini sau la recepția clădirii; verificăm și noi situația.",
  returned:
    "Comanda {{ order.number }} se întoarce la noi prin {{ shipment.carrier }}. Vă contactăm în curând cu pașii următori.",
  order_unknown:
    "Vă mulțumim pentru mesaj. Nu am găsit nicio comandă pe această adresă de e-mail{% if orderNumbers %} cu numărul {{ orderNumbers }}{% endif %}. Ne puteți trimite numărul comenzii din e-mailul de confirmare sau adresa cu care ați comandat?",
  handover:
    "Vă mulțumim pentru mesaj{% if order %} despre comanda {{ order.number }}{% endif %}. Un coleg se ocupă de solicitarea dumneavoastră și vă va răspunde personal în curând.",
};

const zhHans: TemplateSet = {
  greeting: "{{ name }}，您好：",
  greetingAnonymous: "您好：",
  signOff: "祝好，\n{{ tone.signature }}",
  not_shipped:
    "感谢您咨询订单 {{ order.number }}。我们已收到订单，正在备货中，尚未出库。发货后我们会立即发送包含运单号的邮件给您。",
  on_time:
    "好消息：订单 {{ order.number }} 已由 {{ shipment.carrier }} 承运，正在运输途中{% if shipment.eta %}，预计 {{ shipment.eta }} 前送达{% endif %}。{% if shipment.lastEvent %}最新物流信息：{{ shipment.lastEvent }}。{% endif %}\n\n运单号：{{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n查询链接：{{ shipment.trackingUrl }}{% endif %}",
  late: "很抱歉，订单 {{ order.number }} 的配送比预期慢了。{% if shipment.eta %}原定送达日期为 {{ shipment.eta }}，{% endif %}包裹目前仍在 {{ shipment.carrier }} 运输中。{% if shipment.lastEvent %}承运商最新信息：{{ shipment.lastEvent }}。{% endif %}我们正在与承运商核实，会尽快回复您。\n\n运单号：{{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  exception:
    "很抱歉，订单 {{ order.number }} 在 {{ shipment.carrier }} 运输途中遇到问题{% if shipment.lastEvent %}：{{ shipment.lastEvent }}{% endif %}。我们正在处理，有进展会第一时间通知您。\n\n运单号：{{ shipment.trackingNumber }}",
  attempt_failed:
    "{{ shipment.carrier }} 曾尝试派送订单 {{ order.number }}，但未能成功{% if shipment.lastEvent %}（{{ shipment.lastEvent }}）{% endif %}。承运商通常会再次派送，您也可以直接与承运商预约派送时间。\n\n运单号：{{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  delivered:
    "根据 {{ shipment.carrier }} 的信息，订单 {{ order.number }} 已于{% if shipment.deliveredOn %} {{ shipment.deliveredOn }} {% endif %}签收。如果您没有找到包裹，请先询问邻居或物业前台；我们这边也在核实。",
  returned: "订单 {{ order.number }} 正由 {{ shipment.carrier }} 退回给我们。我们会尽快与您联系后续事宜。",
  order_unknown:
    "感谢您的来信。我们没有在此邮箱下找到{% if orderNumbers %}订单号为 {{ orderNumbers }} 的{% endif %}订单。请提供确认邮件中的订单号，或您下单时使用的邮箱地址。",
  handover:
    "感谢您的来信{% if order %}（订单 {{ order.number }}）{% endif %}。我们的同事正在处理您的请求，会尽快亲自回复您。",
};

const zhHant: TemplateSet = {
  greeting: "{{ name }}，您好：",
  greetingAnonymous: "您好：",
  signOff: "祝好，\n{{ tone.signature }}",
  not_shipped:
    "感謝您詢問訂單 {{ order.number }}。我們已收到訂單，正在備貨中，尚未出庫。出貨後我們會立即寄送包含追蹤號碼的郵件給您。",
  on_time:
    "好消息：訂單 {{ order.number }} 已由 {{ shipment.carrier }} 承運，正在運送途中{% if shipment.eta %}，預計 {{ shipment.eta }} 前送達{% endif %}。{% if shipment.lastEvent %}最新物流資訊：{{ shipment.lastEvent }}。{% endif %}\n\n追蹤號碼：{{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n查詢連結：{{ shipment.trackingUrl }}{% endif %}",
  late: "很抱歉，訂單 {{ order.number }} 的配送比預期慢了。{% if shipment.eta %}原定送達日期為 {{ shipment.eta }}，{% endif %}包裹目前仍在 {{ shipment.carrier }} 運送中。{% if shipment.lastEvent %}物流商最新資訊：{{ shipment.lastEvent }}。{% endif %}我們正在與物流商確認，會盡快回覆您。\n\n追蹤號碼：{{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  exception:
    "很抱歉，訂單 {{ order.number }} 在 {{ shipment.carrier }} 運送途中遇到問題{% if shipment.lastEvent %}：{{ shipment.lastEvent }}{% endif %}。我們正在處理，有進展會第一時間通知您。\n\n追蹤號碼：{{ shipment.trackingNumber }}",
  attempt_failed:
    "{{ shipment.carrier }} 曾嘗試投遞訂單 {{ order.number }}，但未能成功{% if shipment.lastEvent %}（{{ shipment.lastEvent }}）{% endif %}。物流商通常會再次投遞，您也可以直接與物流商預約投遞時間。\n\n追蹤號碼：{{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  delivered:
    "根據 {{ shipment.carrier }} 的資訊，訂單 {{ order.number }} 已於{% if shipment.deliveredOn %} {{ shipment.deliveredOn }} {% endif %}簽收。如果您沒有找到包裹，請先詢問鄰居或管理室；我們這邊也在確認。",
  returned: "訂單 {{ order.number }} 正由 {{ shipment.carrier }} 退回給我們。我們會盡快與您聯繫後續事宜。",
  order_unknown:
    "感謝您的來信。我們沒有在此信箱下找到{% if orderNumbers %}訂單編號為 {{ orderNumbers }} 的{% endif %}訂單。請提供確認郵件中的訂單編號，或您下單時使用的電子郵件地址。",
  handover:
    "感謝您的來信{% if order %}（訂單 {{ order.number }}）{% endif %}。我們的同事正在處理您的請求，會盡快親自回覆您。",
};

export const templateSets: Record<string, TemplateSet> = { en, ro, "zh-Hans": zhHans, "zh-Hant": zhHant };

/** The template language for a detected language; English when we have no templates for it yet. */
export function templateLanguage(language: string): string {
  if (language in templateSets) return language;
  if (language.startsWith("zh")) return "zh-Hans";
  return "en";
}
