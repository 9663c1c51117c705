"""The criteria catalogue, the other fields a customer list may carry, and header recognition.

Header recognition works on a normalised form of the header text (lower case, umlauts as ae/oe/ue,
"(0-10)" suffixes and punctuation removed) and a list of patterns per field, tried in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    key: str
    label_de: str
    label_en: str
    question_de: str
    question_en: str
    higher_is_better: bool
    header_de: str  # the header used in the sample list and the template


CRITERIA: tuple[Criterion, ...] = (
    Criterion("purchase_history", "Kaufhistorie", "Purchase history",
              "Wie lange, wie oft, wie viel und mit welcher Marge hat der Kunde bei uns gekauft?",
              "How long has the customer been with us, how often, how much, at what margin did they buy?",
              True, "Kaufhistorie (0-10)"),
    Criterion("contribution_margin", "Deckungsbeitrag", "Contribution margin",
              "Wie profitabel kann der Kunde künftig sein?",
              "How profitable can the customer be in future?",
              True, "Deckungsbeitrag (0-10)"),
    Criterion("image", "Imagefaktor", "Image",
              "Können wir den Kunden als Referenz vorzeigen?",
              "Can we show this customer off as a reference?",
              True, "Imagefaktor (0-10)"),
    Criterion("referral", "Empfehlungswert", "Referral value",
              "Ist der Kunde ein wertvoller Empfehlungsgeber?",
              "Is the customer a valuable recommender?",
              True, "Empfehlungswert (0-10)"),
    Criterion("future_prospects", "Zukunftsperspektive", "Future prospects",
              "Ist der Kunde innovativ, in einer Wachstumsbranche?",
              "Is the customer innovative, in a growth industry?",
              True, "Zukunftsperspektive (0-10)"),
    Criterion("price_sensitivity", "Preissensibilität", "Price sensitivity",
              "Feilscht der Kunde um jeden Preis?",
              "Does the customer haggle over every price?",
              False, "Preissensibilität (0-10)"),
    Criterion("bargain_hunting", "Schnäppchenfaktor", "Bargain hunting",
              "Kauft der Kunde stetig oder nur margenschwache Schnäppchen?",
              "Does the customer buy steadily, or only low-margin bargains?",
              False, "Schnäppchenfaktor (0-10)"),
    Criterion("payment_behaviour", "Zahlungsmentalität", "Payment behaviour",
              "Zahlt der Kunde pünktlich und ohne Streit?",
              "Does the customer pay on time, without disputes?",
              True, "Zahlungsmentalität (0-10)"),
    Criterion("creditworthiness", "Bonität", "Creditworthiness",
              "Wie solide ist die künftige Zahlungsfähigkeit des Kunden?",
              "How solid is the customer's future ability to pay?",
              True, "Bonität (0-10)"),
    Criterion("service_effort", "Betreuungsaufwand", "Service effort",
              "Wie anspruchsvoll ist die Betreuung des Kunden?",
              "How demanding is the customer to look after?",
              False, "Betreuungsaufwand (0-10)"),
    Criterion("likeability", "Sympathiefaktor", "Likeability",
              "Ist die Zusammenarbeit mit dem Kunden angenehm?",
              "Is the customer pleasant to work with?",
              True, "Sympathiefaktor (0-10)"),
    Criterion("complaint_rate", "Reklamationsbereitschaft", "Complaint rate",
              "Reklamiert der Kunde häufig?",
              "Does the customer complain often?",
              False, "Reklamationsbereitschaft (0-10)"),
)

CRITERIA_BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)


@dataclass(frozen=True)
class Field:
    """A non-criterion column: identity, money, satisfaction, recommendation, status."""

    key: str
    label_de: str
    label_en: str
    header_de: str  # the header used in the sample list and the template


FIELDS: tuple[Field, ...] = (
    Field("id", "Kunden-Nr.", "Customer id", "Kunden-Nr."),
    Field("name", "Kunde", "Customer", "Kunde"),
    Field("status", "Status (Neu-/Bestandskunde)", "Status (new/existing)", "Status"),
    Field("revenue", "Umsatz (€)", "Revenue (€)", "Umsatz (€)"),
    Field("margin", "Deckungsbeitrag (€)", "Contribution margin (€)", "Deckungsbeitrag (€)"),
    Field("orders", "Anzahl Aufträge", "Number of orders", "Aufträge"),
    Field("recommend", "Weiterempfehlung (0-10, NPS)", "Would recommend (0-10, NPS)",
          "Weiterempfehlung (0-10)"),
    Field("sale_satisfied", "Zufrieden mit Kauf", "Satisfied with sale", "Zufrieden mit Kauf"),
    Field("aftersales_satisfied", "Zufrieden mit After-Sales", "Satisfied with after-sales",
          "Zufrieden mit After-Sales"),
    Field("repurchase", "Wiederkauf", "Repurchase", "Wiederkauf"),
)

FIELDS_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
MONEY_FIELDS = ("revenue", "margin")
YES_NO_FIELDS = ("sale_satisfied", "aftersales_satisfied", "repurchase")

# Prefix of the field key for user-defined criteria taken in from extra 0-10 columns.
CUSTOM_PREFIX = "custom:"


def label_de(key: str) -> str:
    """German label for a criterion, a field or a custom criterion key."""
    if key in CRITERIA_BY_KEY:
        return CRITERIA_BY_KEY[key].label_de
    if key in FIELDS_BY_KEY:
        return FIELDS_BY_KEY[key].label_de
    if key.startswith(CUSTOM_PREFIX):
        return key[len(CUSTOM_PREFIX):]
    return key


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "\u00a0": " ", "\u202f": " "})
_SCALE = re.compile(r"[(\[]?\s*(?:skala\s*)?0\s*(?:-|–|—|bis|to)\s*10\s*(?:punkte)?\s*[)\]]?")
_NON_ALNUM = re.compile(r"[^a-z0-9€%]+")


def normalise_header(text: object) -> str:
    """Normalised header: lower case, ae/oe/ue, no scale suffix, words split by single spaces."""
    s = str(text).translate(_UMLAUTS).lower().translate(_UMLAUTS)
    s = _SCALE.sub(" ", s)
    s = s.replace("€", " eur ").replace("%", " prozent ")
    s = _NON_ALNUM.sub(" ", s)
    return " ".join(s.split())


_MONEY = r"(?:eur|euro|eu|tsd|teur|in eur|absolut)"

# (field key, regex on the normalised header). First match wins, so specific patterns come first.
_PATTERNS: tuple[tuple[str, str], ...] = (
    # identity
    ("id", r"(?:kd|kunden?|kundennummer|debitor(?:en)?|customer|client|account|kto)?\s*"
           r"(?:nr|nummer|no|number|id|nr nr|kennung|code)"),
    ("id", r"kundennummer|kundennr|kdnr|kdnummer|debitorennummer|debitor|customer ?id|cust id"),
    ("name", r"kunde|kunden|kundenname|name|firma|firmenname|unternehmen|unternehmensname|"
             r"customer|customer name|company|company name|client|client name|account name|"
             r"bezeichnung|name des kunden|kunde name|kunde firma|firma name|name firma"),
    ("status", r"status|kundenstatus|kundentyp|kundenart|neukunde|neu bestand|"
               r"neu bestandskunde|neukunde bestandskunde|customer status|customer type|new existing"),
    # after-sales matrix: before revenue so "after sales" never reads as sales
    ("aftersales_satisfied", r"(?:zufrieden(?:heit)?|satisfied|satisfaction)\s*(?:mit|with)?\s*"
                             r"(?:dem|der|the)?\s*(?:after ?sales|aftersales|service|kundendienst|"
                             r"werkstatt|nachbetreuung|betreuung nach dem kauf)(?: service)?"),
    ("aftersales_satisfied", r"(?:after ?sales|aftersales|service|kundendienst)\s*"
                             r"(?:zufrieden(?:heit)?|satisfied|satisfaction|zufriedenheit)"),
    ("sale_satisfied", r"(?:zufrieden(?:heit)?|satisfied|satisfaction)\s*(?:mit|with)?\s*"
                       r"(?:dem|der|the)?\s*(?:kauf|verkauf|sale|sales|purchase|beratung|kaufabschluss)"),
    ("sale_satisfied", r"(?:kauf|verkauf|sale|sales|purchase)\s*(?:zufrieden(?:heit)?|satisfied|satisfaction)"),
    ("repurchase", r"wiederkauf|wiederkaeufer|wiederkauft|erneut gekauft|wieder gekauft|nachkauf|"
                   r"folgekauf|repurchase|repurchased|rebuy|rebought|wiederholungskauf"),
    ("recommend", r"(?:weiter)?empfehlung(?:sbereitschaft)?(?: nps)?|weiterempfehlungsbereitschaft|"
                  r"wuerde (?:uns )?(?:weiter)?empfehlen|nps|nps wert|net promoter(?: score)?|"
                  r"would recommend|recommend|likelihood to recommend|recommendation"),
    # money before the criteria: "Deckungsbeitrag (€)" is money, "Deckungsbeitrag (0-10)" a rating
    ("margin", rf"(?:deckungsbeitrag|db(?: [i1])?|marge|rohertrag|rohgewinn|margin|"
               rf"contribution margin|gross profit|gross margin)\s*(?:in )?{_MONEY}(?: .*)?"),
    ("margin", r"rohertrag|rohgewinn|gross profit|db eur|db i|db1"),
    ("revenue", rf"(?:jahres|netto|brutto|gesamt)?umsatz(?:e|erloese)?(?: \d{{4}})?(?: (?:in )?{_MONEY})?"
                rf"(?: \d{{4}})?|umsatz .*|erloes(?:e)?(?: .*)?|revenue(?: .*)?|sales(?: (?:in )?{_MONEY})?|"
                r"turnover(?: .*)?|annual revenue"),
    ("orders", r"(?:anzahl )?(?:auftraege|bestellungen|orders|auftragsanzahl|bestellanzahl)|"
               r"number of orders|anzahl auftraege|anz auftraege"),
    # the twelve criteria
    ("purchase_history", r"kaufhistorie|kaufverhalten|kaufhistorie bisher|purchase history|"
                         r"buying history|historie|kaufhist"),
    ("contribution_margin", r"deckungsbeitrag|deckungsbeitrag potenzial|db potenzial|db|"
                            r"contribution margin|contribution|margin potential|profitabilitaet|"
                            r"profitability|marge"),
    ("image", r"image|imagefaktor|image faktor|referenzwert|referenz|reference value|"
              r"referenzkunde|image value"),
    ("referral", r"empfehlungswert|empfehlungs wert|empfehler|empfehlungspotenzial|"
                 r"referral|referral value|recommender value"),
    ("future_prospects", r"zukunftsperspektive|zukunft|zukunftsaussichten|perspektive|"
                         r"future prospects|future|growth potential|wachstumspotenzial|potenzial"),
    ("price_sensitivity", r"preissensibilitaet|preissensitivitaet|preisempfindlichkeit|"
                          r"preisbewusstsein|price sensitivity|preis sensibilitaet"),
    ("bargain_hunting", r"schnaeppchenfaktor|schnaeppchen|schnaeppchenjaeger|bargain hunting|"
                        r"bargain|bargain hunter|schnaeppchen faktor"),
    ("payment_behaviour", r"zahlungsmentalitaet|zahlungsmoral|zahlungsverhalten|zahlungsweise|"
                          r"payment behaviour|payment behavior|payment|zahlung"),
    ("creditworthiness", r"bonitaet|kreditwuerdigkeit|creditworthiness|credit rating|credit|"
                         r"bonitaetsindex|bonitaet rating"),
    ("service_effort", r"betreuungsaufwand|betreuungs aufwand|aufwand|serviceaufwand|"
                       r"service effort|effort|betreuungsintensitaet"),
    ("likeability", r"sympathiefaktor|sympathie|sympathie faktor|likeability|likability|sympathy"),
    ("complaint_rate", r"reklamationsbereitschaft|reklamationen|reklamationsquote|reklamation|"
                       r"beschwerden|beschwerdeverhalten|complaint rate|complaints|complaint"),
)

_COMPILED = tuple((key, re.compile(rf"(?:{pattern})")) for key, pattern in _PATTERNS)


def recognise_header(text: object) -> str | None:
    """The field or criterion key a header stands for, or None if it is not recognised."""
    norm = normalise_header(text)
    if not norm:
        return None
    collapsed = norm.replace(" ", "")  # "Zahlungs-Mentalität" -> "zahlungsmentalitaet"
    for candidate in (norm, collapsed):
        for key, rx in _COMPILED:
            if rx.fullmatch(candidate):
                return key
    return None


TOTAL_ROW_WORDS = (
    "summe", "summen", "gesamt", "gesamtsumme", "insgesamt", "total", "totals", "sum", "grand total",
    "gesamt summe", "summe gesamt", "endsumme", "zwischensumme", "σ",
)
_TOTAL = re.compile(r"\s*(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in TOTAL_ROW_WORDS)
                    + r")\s*:?\s*", re.IGNORECASE)


def is_total_label(value: object) -> bool:
    """True for a cell such as "Summe", "Gesamt:", "Total" that marks a total row."""
    return isinstance(value, str) and len(value) < 40 and _TOTAL.fullmatch(value) is not None
