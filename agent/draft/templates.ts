/**
 * Reply templates for the local engine, one set per language (Liquid syntax). Variables: `name`,
 * `order` (number, lines), `shipment` (carrier, trackingNumber, trackingUrl, eta, lastEvent),
 * `intentLabel`, `tone`. Every fact in a template comes from the facts, so the guardrails pass by design.
 */
/** How a reply opens and closes; the tone profile's formality picks one of the two. */
export interface Salutations {
  greeting: string;
  greetingAnonymous: string;
  signOff: string;
}

export interface TemplateSet extends Salutations {
  /** The same for a formal tone (`tone.formality`); the set's own are the friendly ones. */
  formal: Salutations;
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
  formal: {
    greeting: "Dear {{ name }},",
    greetingAnonymous: "Dear customer,",
    signOff: "Kind regards,\n{{ tone.signature }}",
  },
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
  formal: {
    greeting: "Bună ziua, {{ name }},",
    greetingAnonymous: "Bună ziua,",
    signOff: "Cu stimă,\n{{ tone.signature }}",
  },
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
  formal: {
    greeting: "尊敬的{{ name }}，您好：",
    greetingAnonymous: "尊敬的客户，您好：",
    signOff: "此致\n敬礼\n{{ tone.signature }}",
  },
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
  formal: {
    greeting: "尊敬的{{ name }}，您好：",
    greetingAnonymous: "尊敬的客戶，您好：",
    signOff: "此致\n敬禮\n{{ tone.signature }}",
  },
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

// Spanish, German and French address the customer formally (usted, Sie, vous), as shops do by default.
const es: TemplateSet = {
  greeting: "Hola, {{ name }}:",
  greetingAnonymous: "Hola:",
  signOff: "Un cordial saludo,\n{{ tone.signature }}",
  formal: {
    greeting: "Estimado/a {{ name }}:",
    greetingAnonymous: "Estimado/a cliente:",
    signOff: "Atentamente,\n{{ tone.signature }}",
  },
  not_shipped:
    "Gracias por escribirnos sobre el pedido {{ order.number }}. Lo hemos recibido y lo estamos preparando; todavía no ha salido de nuestro almacén. En cuanto se envíe, le mandaremos un correo con el número de seguimiento.",
  on_time:
    "Buenas noticias: el pedido {{ order.number }} ya está en camino con {{ shipment.carrier }}{% if shipment.eta %} y está previsto que llegue, a más tardar, el {{ shipment.eta }}{% endif %}.{% if shipment.lastEvent %} Última actualización: {{ shipment.lastEvent }}.{% endif %}\n\nNúmero de seguimiento: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\nPuede seguirlo aquí: {{ shipment.trackingUrl }}{% endif %}",
  late: "Lamentamos que el pedido {{ order.number }} esté tardando más de lo previsto. Debía llegar{% if shipment.eta %} a más tardar el {{ shipment.eta }}{% endif %} y sigue en manos de {{ shipment.carrier }}.{% if shipment.lastEvent %} Última actualización del transportista: {{ shipment.lastEvent }}.{% endif %} Lo estamos revisando con el transportista y le escribiremos en cuanto sepamos más.\n\nNúmero de seguimiento: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  exception:
    "Lo sentimos: el pedido {{ order.number }} ha tenido un problema durante el transporte con {{ shipment.carrier }}{% if shipment.lastEvent %}: {{ shipment.lastEvent }}{% endif %}. Ya nos estamos ocupando y le informaremos en cuanto sepamos más.\n\nNúmero de seguimiento: {{ shipment.trackingNumber }}",
  attempt_failed:
    "{{ shipment.carrier }} intentó entregar el pedido {{ order.number }}, pero no fue posible{% if shipment.lastEvent %} ({{ shipment.lastEvent }}){% endif %}. Normalmente el transportista lo vuelve a intentar; también puede acordar una nueva entrega directamente con {{ shipment.carrier }}.\n\nNúmero de seguimiento: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  delivered:
    "Según {{ shipment.carrier }}, el pedido {{ order.number }} se entregó{% if shipment.deliveredOn %} el {{ shipment.deliveredOn }}{% endif %}. Si no lo encuentra, le rogamos que pregunte a sus vecinos o en la recepción de su edificio; nosotros también lo estamos comprobando.",
  returned:
    "El pedido {{ order.number }} está volviendo a nuestro almacén con {{ shipment.carrier }}. Le escribiremos para indicarle los próximos pasos.",
  order_unknown:
    "Gracias por su mensaje. No hemos encontrado ningún pedido asociado a esta dirección de correo{% if orderNumbers %} con el número {{ orderNumbers }}{% endif %}. ¿Podría enviarnos el número de pedido que aparece en el correo de confirmación, o la dirección de correo con la que hizo la compra?",
  handover:
    "Gracias por su mensaje{% if order %} sobre el pedido {{ order.number }}{% endif %}. Una persona de nuestro equipo está revisando su solicitud y le responderá personalmente muy pronto.",
};

// After "Hallo Anna," a German letter goes on in lower case; Sie, Ihr and nouns keep their capital.
const de: TemplateSet = {
  greeting: "Hallo {{ name }},",
  greetingAnonymous: "Guten Tag,",
  signOff: "Viele Grüße\n{{ tone.signature }}",
  formal: {
    greeting: "Guten Tag {{ name }},",
    greetingAnonymous: "Sehr geehrte Damen und Herren,",
    signOff: "Mit freundlichen Grüßen\n{{ tone.signature }}",
  },
  not_shipped:
    "vielen Dank für Ihre Nachricht zur Bestellung {{ order.number }}. Ihre Bestellung ist bei uns eingegangen und wird gerade vorbereitet; sie hat unser Lager noch nicht verlassen. Sobald sie verschickt ist, erhalten Sie eine E-Mail mit der Sendungsnummer.",
  on_time:
    "gute Nachrichten: Ihre Bestellung {{ order.number }} ist mit {{ shipment.carrier }} unterwegs{% if shipment.eta %} und kommt voraussichtlich bis zum {{ shipment.eta }} bei Ihnen an{% endif %}.{% if shipment.lastEvent %} Letzter Stand: {{ shipment.lastEvent }}.{% endif %}\n\nSendungsnummer: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\nHier können Sie die Sendung verfolgen: {{ shipment.trackingUrl }}{% endif %}",
  late: "es tut uns leid, dass Ihre Bestellung {{ order.number }} länger braucht als erwartet. Sie sollte{% if shipment.eta %} bis zum {{ shipment.eta }}{% endif %} ankommen und ist noch bei {{ shipment.carrier }} unterwegs.{% if shipment.lastEvent %} Letzte Meldung des Versanddienstleisters: {{ shipment.lastEvent }}.{% endif %} Wir klären das mit dem Versanddienstleister und melden uns bei Ihnen.\n\nSendungsnummer: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  exception:
    "es tut uns leid: Bei Ihrer Bestellung {{ order.number }} ist auf dem Weg mit {{ shipment.carrier }} ein Problem aufgetreten{% if shipment.lastEvent %}: {{ shipment.lastEvent }}{% endif %}. Wir kümmern uns darum und melden uns, sobald wir mehr wissen.\n\nSendungsnummer: {{ shipment.trackingNumber }}",
  attempt_failed:
    "{{ shipment.carrier }} hat versucht, Ihre Bestellung {{ order.number }} zuzustellen, konnte sie aber nicht übergeben{% if shipment.lastEvent %} ({{ shipment.lastEvent }}){% endif %}. In der Regel gibt es einen weiteren Zustellversuch; Sie können auch direkt mit {{ shipment.carrier }} einen neuen Termin vereinbaren.\n\nSendungsnummer: {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  delivered:
    "laut {{ shipment.carrier }} wurde Ihre Bestellung {{ order.number }}{% if shipment.deliveredOn %} am {{ shipment.deliveredOn }}{% endif %} zugestellt. Falls Sie das Paket nicht finden, fragen Sie bitte bei Ihren Nachbarn oder am Empfang Ihres Hauses nach; wir gehen der Sache auch auf unserer Seite nach.",
  returned:
    "Ihre Bestellung {{ order.number }} ist mit {{ shipment.carrier }} auf dem Rückweg zu uns. Wir melden uns bei Ihnen wegen der nächsten Schritte.",
  order_unknown:
    "vielen Dank für Ihre Nachricht. Unter dieser E-Mail-Adresse konnten wir keine Bestellung{% if orderNumbers %} mit der Nummer {{ orderNumbers }}{% endif %} finden. Könnten Sie uns die Bestellnummer aus Ihrer Bestellbestätigung schicken oder die E-Mail-Adresse, mit der Sie bestellt haben?",
  handover:
    "vielen Dank für Ihre Nachricht{% if order %} zu Ihrer Bestellung {{ order.number }}{% endif %}. Jemand aus unserem Team kümmert sich um Ihr Anliegen und antwortet Ihnen bald persönlich.",
};

const fr: TemplateSet = {
  greeting: "Bonjour {{ name }},",
  greetingAnonymous: "Bonjour,",
  signOff: "Bien cordialement,\n{{ tone.signature }}",
  formal: {
    greeting: "Bonjour {{ name }},",
    greetingAnonymous: "Madame, Monsieur,",
    signOff: "Veuillez agréer nos salutations distinguées,\n{{ tone.signature }}",
  },
  not_shipped:
    "Merci de nous avoir écrit au sujet de la commande {{ order.number }}. Nous l'avons bien reçue et elle est en cours de préparation ; elle n'a pas encore quitté notre entrepôt. Vous recevrez un e-mail avec le numéro de suivi dès son expédition.",
  on_time:
    "Bonne nouvelle : votre commande {{ order.number }} est en route avec {{ shipment.carrier }}{% if shipment.eta %} et devrait arriver d'ici le {{ shipment.eta }}{% endif %}.{% if shipment.lastEvent %} Dernière mise à jour : {{ shipment.lastEvent }}.{% endif %}\n\nNuméro de suivi : {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\nSuivre le colis : {{ shipment.trackingUrl }}{% endif %}",
  late: "Nous sommes désolés que votre commande {{ order.number }} prenne plus de temps que prévu. Elle devait arriver{% if shipment.eta %} d'ici le {{ shipment.eta }}{% endif %} et se trouve toujours chez {{ shipment.carrier }}.{% if shipment.lastEvent %} Dernière information du transporteur : {{ shipment.lastEvent }}.{% endif %} Nous faisons le point avec le transporteur et revenons vers vous rapidement.\n\nNuméro de suivi : {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  exception:
    "Nous sommes désolés : votre commande {{ order.number }} a rencontré un problème lors de son acheminement par {{ shipment.carrier }}{% if shipment.lastEvent %} : {{ shipment.lastEvent }}{% endif %}. Nous nous en occupons et revenons vers vous dès que nous en savons plus.\n\nNuméro de suivi : {{ shipment.trackingNumber }}",
  attempt_failed:
    "{{ shipment.carrier }} a tenté de livrer votre commande {{ order.number }}, sans succès{% if shipment.lastEvent %} ({{ shipment.lastEvent }}){% endif %}. Le transporteur effectue généralement une nouvelle tentative ; vous pouvez aussi convenir d'une nouvelle livraison directement avec {{ shipment.carrier }}.\n\nNuméro de suivi : {{ shipment.trackingNumber }}{% if shipment.trackingUrl %}\n{{ shipment.trackingUrl }}{% endif %}",
  delivered:
    "D'après {{ shipment.carrier }}, votre commande {{ order.number }} a été livrée{% if shipment.deliveredOn %} le {{ shipment.deliveredOn }}{% endif %}. Si vous ne la trouvez pas, pensez à demander à vos voisins ou à l'accueil de votre immeuble ; nous vérifions également de notre côté.",
  returned:
    "Votre commande {{ order.number }} est en cours de retour vers nos entrepôts avec {{ shipment.carrier }}. Nous revenons vers vous pour la suite.",
  order_unknown:
    "Merci pour votre message. Nous n'avons trouvé aucune commande associée à cette adresse e-mail{% if orderNumbers %} sous le numéro {{ orderNumbers }}{% endif %}. Pourriez-vous nous transmettre le numéro de commande figurant dans votre e-mail de confirmation, ou l'adresse e-mail utilisée pour la commande ?",
  handover:
    "Merci pour votre message{% if order %} concernant la commande {{ order.number }}{% endif %}. Un membre de notre équipe examine votre demande et vous répondra personnellement très bientôt.",
};

export const templateSets: Record<string, TemplateSet> = {
  en,
  ro,
  es,
  de,
  fr,
  "zh-Hans": zhHans,
  "zh-Hant": zhHant,
};

/** The template language for a detected language; English when we have no templates for it yet. */
export function templateLanguage(language: string): string {
  if (language in templateSets) return language;
  if (language.startsWith("zh")) return "zh-Hans";
  return "en";
}
