import { attribution, type DemoMessage, daysAgo, quote, spokenDate, text } from "./message.ts";
import { CUSTOMER, STRANGER } from "./senders.ts";

/** Simplified Chinese (mainland customers) and Traditional Chinese (Taiwan, Hong Kong). */
export function chineseEmails(now: Date): DemoMessage[] {
  const ago = (days: number) => daysAgo(now, days);
  const { liWei, zhangMin, wangFang, chenYiting, wongKaming } = CUSTOMER;
  const { liuYang, zhaoLei, linYating } = STRANGER;
  const cn = (days: number) => spokenDate("zh-CN", ago(days), 8 * 60);
  const tw = (days: number) => spokenDate("zh-TW", ago(days), 8 * 60);

  return [
    // Simplified Chinese
    {
      label: "zh-CN: where is my order, on time (LL-10220)",
      from: liWei,
      subject: "咨询订单 LL-10220 的物流",
      sentAt: ago(0.32),
      transferEncoding: "base64",
      body: text`
        您好，

        我在贵店买了两盏橡木床头灯，订单号 LL-10220。顺丰单号已经收到了，物流信息显示包裹已经到了香港，
        但是没有写预计送达时间。想问一下大概什么时候能送到上海？

        谢谢！

        李伟
      `,
    },
    {
      key: "zhang-late",
      label: "zh-CN: where is my order, LATE (LL-10197)",
      from: zhangMin,
      subject: "订单LL-10197还没收到",
      sentAt: ago(3),
      body: text`
        你好：

        我的订单 LL-10197（两个米纸灯罩和两个灯泡）下单两个多星期了，到现在还没收到。
        确认邮件里说预计${cn(5)}送达，现在已经过了两天了。PostNL 的物流信息从${cn(9)}以后就没有更新过，
        一直停在“已到达目的地国家”。

        麻烦帮我查一下包裹现在在哪里，是不是卡在海关了？

        张敏
      `,
    },
    {
      label: "zh-CN: angry complaint, chargeback threat, asks for a human (LL-10197)",
      from: zhangMin,
      subject: "Re: 订单LL-10197还没收到",
      sentAt: ago(0.2),
      replyTo: { key: "zhang-late", shopMessageId: "<reply-ll-10197-1@lumenandloom.example>" },
      body: text`
        三天前你们说会联系快递公司核实，到现在一点消息都没有！包裹比预计时间已经晚了五天，
        我每天都在查物流，还是没有任何更新。

        我不想再收到自动回复了，请转人工客服直接处理。如果这周之内还不能给我一个明确的答复（要么补发，
        要么全额退款），我就直接向信用卡银行申请拒付，并且在网上公开评价你们的服务。

        张敏

        ${attribution("zh-CN", ago(2.8), zhangMin.utcOffsetMinutes)}
        ${quote(text`
          张敏您好，

          非常抱歉包裹延误给您带来不便。我们已联系 PostNL 核实包裹 RR384920176NL 的情况，
          有进展会第一时间通知您。

          Lumen & Loom 客服团队
        `)}
      `,
    },
    {
      label: "zh-CN: return request (LL-10195)",
      from: wangFang,
      subject: "退货申请 - 订单 LL-10195",
      sentAt: ago(1.95),
      transferEncoding: "base64",
      headers: [["X-Mailer", "Foxmail 7.2.25.375[cn]"]],
      body: text`
        您好，

        十天前收到了订单 LL-10195 的亚麻被套和枕套，做工不错，但是燕麦色比网站上的图片深很多，
        和卧室的整体搭配不太协调。

        被套只拆开看过，没有使用过，吊牌都还在。请问可以退货吗？退货运费怎么算？需要寄回哪里？

        谢谢！
        王芳
      `,
    },
    {
      label: "zh-CN: cancel order, not yet shipped (LL-10234)",
      from: wangFang,
      subject: "取消订单 LL-10234",
      sentAt: ago(0.6),
      transferEncoding: "base64",
      headers: [["X-Mailer", "Foxmail 7.2.25.375[cn]"]],
      body: text`
        你好，

        我昨天下的订单 LL-10234（一条羊毛毯和两个丝绒抱枕套），刚发现家里人已经买了类似的，
        麻烦帮我取消这个订单。应该还没发货吧？款项请原路退回。

        谢谢
        王芳
      `,
    },
    {
      label: "zh-CN: change delivery address, order in transit (LL-10220)",
      from: liWei,
      subject: "修改收货地址",
      sentAt: ago(0.12),
      body: text`
        你好，

        不好意思，订单 LL-10220 的收货地址我填的是公司地址，但是下周公司放假没人签收。
        能不能帮我改成家里的地址：

        上海市徐汇区天钥桥路 188 弄 6 号 1202 室
        邮编：200030
        电话：138 0013 8000

        如果你们那边改不了，麻烦告诉我怎么联系顺丰修改。谢谢！

        李伟
      `,
    },
    {
      label: "zh-CN: product question, pre-sales (stranger)",
      from: liuYang,
      subject: "请问亚麻被套的尺寸",
      sentAt: ago(1.4),
      body: text`
        您好，

        想咨询几个问题：
        1. 亚麻被套有没有 200×230 的尺寸？国内的被芯大多是这个尺寸。
        2. 石洗亚麻第一次洗会不会缩水？大概缩多少？
        3. 可以寄到北京吗？大概多久能到，需要另外交关税吗？

        谢谢！
        刘洋
      `,
    },
    {
      label: "zh-CN: stranger asks about another customer's order (LL-10197)",
      from: zhaoLei,
      subject: "帮朋友查询订单",
      sentAt: ago(0.7),
      body: text`
        你好，我是张敏的朋友，她让我帮忙问一下订单 LL-10197 的情况。能不能把物流单号和收货地址发给我确认一下？
        她最近比较忙，不方便回邮件。

        谢谢
        赵磊
      `,
    },

    // Traditional Chinese
    {
      label: "zh-TW: where is my order, on time, Hong Kong (LL-10226)",
      from: wongKaming,
      subject: "查詢訂單 LL-10226 送貨時間",
      sentAt: ago(0.35),
      body: text`
        你好，

        請問訂單 LL-10226（亞麻床笠和枕袋）大概幾時會送到香港？順豐的單號已經收到，
        想確認一下送貨日期，方便安排屋企有人收件。

        唔該！
        黃家明
      `,
    },
    {
      label: "zh-TW: where is my order, LATE, Hong Kong (LL-10199)",
      from: wongKaming,
      subject: "訂單 LL-10199 仍未收到",
      sentAt: ago(0.95),
      body: text`
        你好，

        我在${tw(18)}訂購的美麗諾羊毛毯（訂單編號 LL-10199）到現在還沒有收到。
        確認信上寫預計${tw(3)}送達，現在已經過了兩天。PostNL 的追蹤頁面從${tw(8)}之後就沒有更新，
        最後一筆只寫「已抵達目的地國家」。

        請幫我查一下包裹的狀況，謝謝。

        黃家明
      `,
    },
    {
      key: "chen-customs",
      label: "zh-TW: customs hold (exception), asks what to do (LL-10209)",
      from: chenYiting,
      subject: "包裹卡在海關 LL-10209",
      sentAt: ago(3.9),
      transferEncoding: "quoted-printable",
      body: text`
        您好，

        我的訂單 LL-10209 用 DHL 寄到台灣，追蹤顯示「清關延誤」已經兩天多了。
        DHL 說需要收件人完成 EZ WAY 易利委實名認證，還要補繳關稅。我已經下載了 App，但是裡面查不到這筆報關資料。

        請問是需要貴公司提供什麼文件嗎？還是我應該直接聯絡 DHL？這是要送朋友的生日禮物，
        有點急，麻煩盡快回覆，謝謝！

        陳怡婷
        台北市
      `,
    },
    {
      label: "zh-TW: refund request after a customs delay (LL-10209)",
      from: chenYiting,
      subject: "Re: 包裹卡在海關 LL-10209",
      sentAt: ago(0.5),
      transferEncoding: "quoted-printable",
      replyTo: { key: "chen-customs", shopMessageId: "<reply-ll-10209-1@lumenandloom.example>" },
      body: text`
        您好，

        又過了三天，包裹還是卡在海關，DHL 客服也只說要等。朋友的生日已經過了，這份禮物也用不上了。

        我不想再等了，請直接幫我取消訂單並全額退款（US$337.00）。如果包裹之後被退回，就麻煩你們處理。

        謝謝。
        陳怡婷

        ${attribution("zh-TW", ago(3.3), chenYiting.utcOffsetMinutes)}
        ${quote(text`
          陳小姐您好：

          我們已將商業發票寄給 DHL 台灣，請您在 EZ WAY 中完成實名認證，海關就會繼續處理放行。

          Lumen & Loom 客服團隊
        `)}
      `,
    },
    {
      label: "zh-TW: product question, pre-sales (stranger, Taiwan)",
      from: linYating,
      subject: "請問檯燈是否適用台灣電壓",
      sentAt: ago(2.5),
      body: text`
        您好：

        我想買蘑菇造型的乳白玻璃檯燈，想先確認幾件事：
        1. 台灣電壓是 110V，這款檯燈可以直接使用嗎？插頭是什麼規格？
        2. 寄到台中的運費大概多少？需要幾天？
        3. 玻璃燈罩如果運送途中破損，可以補寄嗎？

        謝謝！
        林雅婷
      `,
    },
  ];
}
