/**
 * What a message is about, in every language the local engine reads, for the verbs that could belong
 * to several intents: "cancel", "change" and "when will I get" say what to do, these say to what.
 * Matched like intent cues (on words; a leading or trailing space anchors a word boundary), in every
 * plain spelling.
 */
export interface Topics {
  /** The customer's account and what hangs off it: cancelling or changing one of these is `account`. */
  account: string[];
  /** An order or what is in it: named beside an account thing, the verbs keep their order meaning. */
  order: string[];
  /** The customer's bank or wallet: its "account" is not one with the shop. */
  payment: string[];
  /** Money coming back: a status question about it ("where is", "still waiting for") is `refund`. */
  refund: string[];
}

export const topics: Topics = {
  account: [
    // en
    " account",
    "profile",
    "newsletter",
    "mailing list",
    "password",
    "username",
    " user ",
    " login",
    " log in",
    " sign in",
    "membership",
    " pin ",
    "pwd",
    "verification email",
    "personal data",
    "my data",
    // ro
    " cont ",
    "contul",
    "parola",
    "parolă",
    // zh
    "账户",
    "账号",
    "帳戶",
    "帳號",
    "密码",
    "密碼",
    "订阅",
    "訂閱",
    // es
    " cuenta",
    "perfil",
    "boletín",
    "contraseña",
    "suscripción",
    "usuario",
    // de
    " konto",
    "kundenkonto",
    "passwort",
    "benutzer",
    // fr
    " compte",
    "mot de passe",
    "abonnement",
    "identifiant",
  ],
  order: [
    // en
    " order",
    "purchase",
    " item",
    "parcel",
    "package",
    "product",
    "delivery",
    "shipping",
    "shipment",
    // ro
    "comand",
    "colet",
    "produs",
    "livrare",
    // zh
    "订单",
    "訂單",
    "包裹",
    "商品",
    // es
    "pedido",
    "compra",
    "paquete",
    "artículo",
    "producto",
    "envío",
    // de
    "bestellung",
    "paket",
    "artikel",
    "lieferung",
    // fr
    "commande",
    "colis",
    "article",
    "produit",
    "livraison",
  ],
  payment: [
    "bank account",
    "paypal account",
    "cont bancar",
    "银行账户",
    "銀行帳戶",
    "cuenta bancaria",
    "bankkonto",
    "compte bancaire",
  ],
  refund: [
    // en
    "refund",
    "reimburse",
    "money back",
    "compensation",
    "reimbursement",
    "restitution",
    "repayment",
    // ro
    "rambursare",
    "banii înapoi",
    // zh
    "退款",
    "退钱",
    "退錢",
    // es
    "reembolso",
    "devolución del dinero",
    // de
    "erstattung",
    "geld zurück",
    // fr
    "remboursement",
  ],
};
