import type { Intent } from "../../agent/types.ts";

/**
 * Typical customer emails in the languages added after English, Romanian and Chinese, one or more per
 * intent, written for these tests: [intent, subject, body]. Some are typed without accents or umlauts,
 * as customers often do.
 */
export type Case = [Intent, string, string];

export const spanishCases: Case[] = [
  ["order_status", "¿Dónde está mi pedido?", "Hola, ¿dónde está mi pedido LL-10226? Gracias"],
  ["order_status", "pedido", "hola donde esta mi pedido? lo pedi hace una semana y todavia no ha llegado"],
  [
    "order_status",
    "Consulta",
    "Buenas tardes, ¿cuándo llega mi pedido? ¿Me pueden dar el número de seguimiento?",
  ],
  [
    "delivery_problem",
    "Pedido LL-10207",
    "El seguimiento dice que está entregado, pero yo no he recibido nada. Nunca llegó.",
  ],
  [
    "change_order",
    "Cambio de dirección",
    "Hola, me equivoqué al poner la dirección de envío del pedido LL-10226. ¿Puedo cambiar la dirección? La correcta es Calle Mayor 12, Madrid.",
  ],
  ["cancel", "Cancelar pedido", "Quiero cancelar mi pedido LL-10226, ya no lo necesito."],
  [
    "return",
    "Devolución",
    "Me gustaría devolver la alfombra, no queda bien en el salón. ¿Cómo hago la devolución?",
  ],
  [
    "refund",
    "Reembolso",
    "Devolví la lámpara hace dos semanas y todavía no he recibido el reembolso. ¿Cuándo me lo van a hacer?",
  ],
  ["damaged_or_wrong_item", "Lámpara rota", "La lámpara llegó rota, el cristal está roto en varios trozos."],
  [
    "damaged_or_wrong_item",
    "Pedido equivocado",
    "Me han enviado otro color, pedí la funda de cojín verde y me llegó una gris. Producto equivocado.",
  ],
  [
    "product_question",
    "Pregunta",
    "¿Tienen la lámpara de pie en stock? ¿Y qué medidas tiene la alfombra de yute?",
  ],
  [
    "billing",
    "Cobro doble",
    "Me han cobrado dos veces el mismo pedido en la tarjeta. ¿Me pueden enviar la factura?",
  ],
  ["account", "No puedo entrar", "No puedo iniciar sesión en mi cuenta, he olvidado la contraseña."],
  [
    "complaint",
    "Queja",
    "Quiero poner una queja. El servicio ha sido pésimo y nadie contesta a mis correos.",
  ],
  ["human_request", "Por favor", "Quiero hablar con una persona, no con un robot."],
  ["feedback", "¡Gracias!", "Las cortinas son preciosas, me encantan. ¡Excelente servicio!"],
];

export const germanCases: Case[] = [
  ["order_status", "Bestellung LL-10223", "Hallo, wo bleibt meine Bestellung LL-10223? Viele Grüße"],
  ["order_status", "Lieferung", "wann kommt mein paket an? ich habe noch keine sendungsnummer bekommen"],
  [
    "order_status",
    "Frage zur Lieferung",
    "Guten Tag, wie lange dauert die Lieferung nach Österreich noch? Meine Bestellung ist noch nicht angekommen.",
  ],
  [
    "delivery_problem",
    "Paket nicht erhalten",
    "Laut DHL wurde das Paket zugestellt, aber ich habe nichts bekommen. Es ist nie angekommen.",
  ],
  [
    "change_order",
    "Adresse",
    "Ich möchte die Lieferadresse meiner Bestellung LL-10223 ändern, ich bin umgezogen.",
  ],
  ["cancel", "Stornierung", "Bitte stornieren Sie meine Bestellung LL-10223."],
  ["return", "Rücksendung", "Ich möchte den Teppich zurückschicken. Wie funktioniert die Rücksendung?"],
  [
    "refund",
    "Erstattung",
    "Ich habe die Ware vor zwei Wochen zurückgeschickt und warte noch auf die Rückerstattung.",
  ],
  ["damaged_or_wrong_item", "Lampe kaputt", "Die Lampe ist kaputt angekommen, das Glas ist gesprungen."],
  [
    "damaged_or_wrong_item",
    "Falscher Artikel",
    "Sie haben mir die falsche Farbe geschickt: Ich habe Salbei bestellt und Weiß bekommen.",
  ],
  ["product_question", "Frage", "Ist die Tischlampe auf Lager? Und welche Maße hat der Teppich aus Jute?"],
  [
    "billing",
    "Doppelte Abbuchung",
    "Mir wurde der Betrag doppelt abgebucht. Bitte schicken Sie mir eine Rechnung.",
  ],
  [
    "account",
    "Login",
    "Ich kann mich nicht in mein Kundenkonto einloggen, das Passwort wird nicht akzeptiert.",
  ],
  [
    "complaint",
    "Beschwerde",
    "Ich möchte mich beschweren. So einen schlechten Service habe ich noch nie erlebt, ich bin sehr enttäuscht.",
  ],
  [
    "human_request",
    "Rückruf",
    "Ich möchte bitte mit einem Mitarbeiter sprechen. Können Sie mich zurückrufen?",
  ],
  ["feedback", "Danke", "Die Vorhänge sind wunderschön, ich bin begeistert! Sehr zufrieden."],
];

export const frenchCases: Case[] = [
  ["order_status", "Commande LL-10225", "Bonjour, où en est ma commande LL-10225 ? Merci d'avance."],
  ["order_status", "colis", "bonjour, ou est mon colis ? je l'attends depuis une semaine"],
  [
    "order_status",
    "Livraison",
    "Bonjour, quand vais-je recevoir ma commande ? Je n'ai pas encore reçu de numéro de suivi.",
  ],
  [
    "delivery_problem",
    "Colis non reçu",
    "Le suivi indique que le colis a été livré mais je ne l'ai jamais reçu.",
  ],
  [
    "change_order",
    "Adresse",
    "Je voudrais modifier l'adresse de livraison de ma commande LL-10225, j'ai déménagé.",
  ],
  ["cancel", "Annulation", "Je souhaite annuler ma commande LL-10225."],
  [
    "return",
    "Retour",
    "Je voudrais retourner les rideaux, ils ne conviennent pas. Comment faire un retour ?",
  ],
  [
    "refund",
    "Remboursement",
    "J'ai renvoyé l'article il y a deux semaines et je n'ai toujours pas été remboursée.",
  ],
  ["damaged_or_wrong_item", "Lampe cassée", "La lampe est arrivée cassée, le verre est fissuré."],
  [
    "damaged_or_wrong_item",
    "Erreur",
    "J'ai reçu la mauvaise couleur : j'avais commandé la housse vert sauge et j'ai reçu une blanche.",
  ],
  [
    "product_question",
    "Question",
    "Avez-vous cette housse de couette en stock en 240x220 ? En quelle matière est-elle ?",
  ],
  [
    "billing",
    "Double paiement",
    "J'ai été débitée deux fois pour la même commande. Pouvez-vous m'envoyer la facture ?",
  ],
  ["account", "Connexion", "Je n'arrive pas à me connecter à mon compte, j'ai oublié mon mot de passe."],
  ["complaint", "Réclamation", "Je souhaite faire une réclamation, je suis très mécontente du service."],
  ["human_request", "Conseiller", "Je voudrais parler à un conseiller, pouvez-vous me rappeler ?"],
  ["feedback", "Merci", "Bravo pour le service, je suis ravie de ma commande !"],
];
