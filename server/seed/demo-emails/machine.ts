import { DEMO_SHOP_ADDRESS } from "../demo-store.ts";
import {
  type DemoMessage,
  daysAgo,
  encodeWords,
  formatAddress,
  rfc5322Date,
  SHOP,
  spokenDate,
  text,
} from "./message.ts";
import { CUSTOMER } from "./senders.ts";

/** Mail no person wrote: an out-of-office reply, a bounce and a newsletter. None of it needs an answer. */
export function machineEmails(now: Date): DemoMessage[] {
  const ago = (days: number) => daysAgo(now, days);
  const { olivia, zhangMin } = CUSTOMER;
  const mta = {
    name: "Mail Delivery System",
    address: "MAILER-DAEMON@mx.lumenandloom.example",
    utcOffsetMinutes: 60,
  };
  const newsletter = {
    name: "Textile Trade Weekly",
    address: "news@textiletrade.example.com",
    utcOffsetMinutes: 60,
  };

  // The shop's answer to Zhang Min that her full mailbox refused.
  const bouncedAt = ago(0.149);
  const rejectedReplyAt = ago(0.15);
  const queueId = "4Vq7Kc2TmBz9sWZ";
  const boundary = `${queueId}.${Math.floor(bouncedAt.getTime() / 1000)}/mx.lumenandloom.example`;

  return [
    {
      label: "auto-reply: out of office (VIP customer, reply to the shop's answer)",
      from: olivia,
      subject: "Out of office: Re: Return - cushion covers",
      sentAt: ago(0.569),
      replyTo: { key: "olivia-return", shopMessageId: "<reply-ll-10192-1@lumenandloom.example>" },
      headers: [
        ["Auto-Submitted", "auto-replied"],
        ["X-Autoreply", "yes"],
        ["Precedence", "auto_reply"],
      ],
      body: text`
        Thank you for your email. I'm at a client installation until
        ${spokenDate("en-US", ago(-6), olivia.utcOffsetMinutes)} and checking email only occasionally.

        For anything urgent please contact the studio at studio.bennett@example.com.

        Olivia Bennett
        Bennett Interiors
      `,
    },
    {
      label: "bounce: delivery status notification, recipient mailbox full (shop's reply to Zhang Min)",
      from: mta,
      fromHeader: `${mta.address} (${mta.name})`,
      subject: "Undelivered Mail Returned to Sender",
      sentAt: bouncedAt,
      headers: [["Auto-Submitted", "auto-replied"]],
      contentType: `multipart/report; report-type=delivery-status;\r\n\tboundary="${boundary}"`,
      transferEncoding: "7bit",
      body: text`
        This is a MIME-encapsulated message.

        --${boundary}
        Content-Description: Notification
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.lumenandloom.example.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients. It's attached below.

        For further assistance, please send mail to postmaster.

        If you do so, please include this problem report. You can
        delete your own text from the attached returned message.

                           The mail system

        <${zhangMin.address}>: host mx.example.cn[192.0.2.25] said: 552 5.2.2
            Mailbox full, quota exceeded (in reply to RCPT TO command)

        --${boundary}
        Content-Description: Delivery report
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.lumenandloom.example
        X-Postfix-Queue-ID: ${queueId}
        X-Postfix-Sender: rfc822; ${DEMO_SHOP_ADDRESS}
        Arrival-Date: ${rfc5322Date(rejectedReplyAt, 60)}

        Final-Recipient: rfc822; ${zhangMin.address}
        Original-Recipient: rfc822;${zhangMin.address}
        Action: failed
        Status: 5.2.2
        Remote-MTA: dns; mx.example.cn
        Diagnostic-Code: smtp; 552 5.2.2 Mailbox full, quota exceeded

        --${boundary}
        Content-Description: Undelivered Message Headers
        Content-Type: text/rfc822-headers

        Return-Path: <${DEMO_SHOP_ADDRESS}>
        Received: by mx.lumenandloom.example (Postfix, from userid 1001)
        	id ${queueId}; ${rfc5322Date(rejectedReplyAt, 60)}
        From: ${SHOP}
        To: ${formatAddress(zhangMin.name, zhangMin.address)}
        Subject: ${encodeWords("Re: 订单LL-10197还没收到")}
        Date: ${rfc5322Date(rejectedReplyAt, 60)}
        Message-ID: <reply-ll-10197-2@lumenandloom.example>
        References: <reply-ll-10197-1@lumenandloom.example>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: base64

        --${boundary}--
      `,
    },
    {
      label: "newsletter: bulk mail with List-Unsubscribe (supplier trade news)",
      from: newsletter,
      subject: "This week: linen prices up 8%, Heimtextil recap & 3 packaging tips",
      sentAt: ago(1.8),
      transferEncoding: "quoted-printable",
      headers: [
        ["Reply-To", "editor@textiletrade.example.com"],
        ["List-Id", "Textile Trade Weekly <weekly.textiletrade.example.com>"],
        // Folded, as long header lines should be (RFC 5322 §2.2.3).
        [
          "List-Unsubscribe",
          [
            "<mailto:unsubscribe@textiletrade.example.com?subject=unsubscribe>",
            "<https://textiletrade.example.com/u/8f3k2q>",
          ].join(",\r\n "),
        ],
        ["List-Unsubscribe-Post", "List-Unsubscribe=One-Click"],
        ["Precedence", "bulk"],
      ],
      body: text`
        TEXTILE TRADE WEEKLY – news for independent home-goods retailers

        1. Flax harvest down, linen prices up
        European flax fibre prices rose about 8% this quarter after a dry summer
        in Normandy. Expect suppliers to pass on €2–4 per metre for stonewashed
        linen by autumn.

        2. Heimtextil recap
        Warm neutrals, bouclé and "quiet luxury" lighting dominated the halls in
        Frankfurt. Our photo round-up is on the website.

        3. Three packaging tips that cut breakage claims
        - Double-box glass shades, with at least 5 cm of padding on every side.
        - Mark the box "this side up" AND photograph it sealed before pick-up.
        - Ask your carrier for a fragile surcharge quote; it's often cheaper than one claim.

        You are receiving this because ${DEMO_SHOP_ADDRESS} subscribed at textiletrade.example.com.
        Unsubscribe: https://textiletrade.example.com/u/8f3k2q
      `,
    },
  ];
}
