import type { Sender } from "./message.ts";

const sender = (name: string, address: string, utcOffsetHours: number): Sender => ({
  name,
  address,
  utcOffsetMinutes: utcOffsetHours * 60,
});

/** The demo store's customers, as their mail clients name them; addresses match demo-store.ts. */
export const CUSTOMER = {
  emma: sender("Emma Carter", "emma.carter@example.com", 0),
  james: sender("James Miller", "james.miller@example.com", -6),
  olivia: sender("Olivia Bennett", "olivia.bennett@example.com", -5),
  daniel: sender("Daniel Hughes", "daniel.hughes@example.ie", 0),
  liWei: sender("李伟", "li.wei@example.cn", 8),
  zhangMin: sender("张敏", "zhang.min@example.cn", 8),
  wangFang: sender("王芳", "wang.fang@example.cn", 8),
  chenYiting: sender("陳怡婷", "chen.yiting@example.tw", 8),
  wongKaming: sender("Wong Ka Ming 黃家明", "wong.kaming@example.hk", 8),
  andreea: sender("Andreea Popescu", "andreea.popescu@example.ro", 2),
  mihai: sender("Mihai Ionescu", "mihai.ionescu@example.ro", 2),
  ioana: sender("Ioana Dumitrescu", "ioana.dumitrescu@example.ro", 2),
  stefan: sender("Ștefan Radu", "stefan.radu@example.ro", 2),
} satisfies Record<string, Sender>;

/** People who write in but have no account or order with the store. */
export const STRANGER = {
  priya: sender("Priya Nair", "priya.nair@example.com", -5),
  tom: sender("Tom Reynolds", "t.reynolds@example.net", 0),
  kevin: sender("Kevin Brooks", "kevin.brooks@example.org", -8),
  liuYang: sender("刘洋", "liu.yang@example.cn", 8),
  zhaoLei: sender("赵磊", "zhao.lei@example.cn", 8),
  linYating: sender("林雅婷", "lin.yating@example.tw", 8),
  elena: sender("Elena Marin", "elena.marin@example.md", 2),
  cristina: sender("Cristina Ionescu", "cristina.ionescu@example.ro", 2),
  florin: sender("Florin Stan", "florin.stan@example.ro", 2),
} satisfies Record<string, Sender>;
