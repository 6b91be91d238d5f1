import type { Examples } from "./examples.ts";

/** Romanian, with and without diacritics, as customers type it. */
export const romanian: Examples = {
  order_status: [
    "Bună ziua, unde este comanda mea? Am plasat-o săptămâna trecută.",
    "Când ajunge coletul?",
    "A fost expediată comanda mea?",
    "Puteți să îmi trimiteți numărul de urmărire?",
    "cat dureaza livrarea?",
  ],
  delivery_problem: [
    "Apare livrat, dar nu am primit nimic.",
    "Curierul a lăsat coletul la altă adresă.",
    "Coletul stă de zece zile în depozit, cred că s-a pierdut.",
    "Livrarea a eșuat deși eram acasă.",
  ],
  change_order: [
    "Pot să schimb adresa de livrare a comenzii?",
    "Vreau să adaug încă o față de pernă în comandă.",
    "Vă rog să scoateți lampa din comandă.",
    "Am greșit mărimea, o puteți modifica?",
  ],
  cancel: [
    "Vreau să anulez comanda.",
    "Vă rog să nu trimiteți comanda, m-am răzgândit.",
    "Cum pot anula o comandă făcută ieri?",
    "Se percepe o taxă dacă anulez?",
  ],
  return: [
    "Cum pot returna un produs?",
    "Aș dori să trimit înapoi covorul, nu se potrivește.",
    "Îmi puteți trimite o etichetă de retur?",
    "În câte zile pot face retur?",
  ],
  refund: [
    "Când primesc banii înapoi?",
    "Am returnat produsul acum două săptămâni și nu am primit rambursarea.",
    "Vreau rambursarea pentru comanda anulată.",
    "Suma rambursată este mai mică decât am plătit.",
  ],
  damaged_or_wrong_item: [
    "Lampa a ajuns spartă.",
    "Mi-ați trimis altă culoare decât am comandat.",
    "Produsul este defect, nu funcționează.",
    "Lipsește o piesă din colet.",
  ],
  product_question: [
    "Aveți lenjeria de in în stoc?",
    "Livrați și în Republica Moldova?",
    "Ce metode de plată acceptați?",
    "Din ce material sunt perdelele?",
    "Cum pot plasa o comandă pe site?",
  ],
  billing: [
    "Mi-ați retras banii de două ori pentru aceeași comandă.",
    "Am nevoie de o factură pe firmă.",
    "Plata a eșuat, dar banii au fost luați de pe card.",
    "Îmi puteți trimite chitanța?",
  ],
  account: [
    "Am uitat parola.",
    "Nu mă pot autentifica în contul meu.",
    "Vă rog să îmi ștergeți contul și datele personale.",
    "Vreau să mă dezabonez de la newsletter.",
  ],
  complaint: [
    "Vreau să fac o reclamație despre serviciul clienți.",
    "Serviciul vostru este inacceptabil, nu răspunde nimeni.",
    "Sunt foarte dezamăgită de magazinul vostru.",
    "Nu sunt deloc mulțumit de felul în care am fost tratat.",
  ],
  human_request: [
    "Vreau să vorbesc cu un om, nu cu un robot.",
    "Mă poate suna cineva?",
    "Care este numărul vostru de telefon?",
    "Vă rog să mă puneți în legătură cu un operator.",
  ],
  feedback: [
    "Îmi place foarte mult lampa, mulțumesc!",
    "Servicii excelente, totul a ajuns repede.",
    "Unde pot lăsa o recenzie?",
    "O sugestie: ar fi bine să aveți mai multe culori.",
  ],
  other: [
    "Sunt fotograf și aș dori să colaborez cu brandul vostru.",
    "Angajați personal pentru depozit?",
    "Vă trimit atașat CV-ul meu.",
  ],
};
