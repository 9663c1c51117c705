"""The criteria catalogue, the other fields a customer list may carry, and header recognition.

Header recognition works on a normalised form of the header text (lower case, umlauts as ae/oe/ue,
"(0-10)" suffixes and punctuation removed) and a list of patterns per field, tried in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .i18n import text


@dataclass(frozen=True)
class SampleModel:
    """How the sample generator draws a criterion's raw rating: mean and sd on the 0-10 scale, the
    loading on the latent customer quality (negative for "high = bad"), an optional extra driver
    ("revenue" or "margin") with its loading, and a shift for new customers."""

    mean: float
    sd: float
    quality: float
    driver: str | None = None
    driver_loading: float = 0.0
    new_customer_shift: float = 0.0


@dataclass(frozen=True)
class Criterion:
    """Everything about one criterion: adding a criterion means adding one of these records."""

    key: str
    label_de: str
    label_en: str
    question_de: str
    question_en: str
    higher_is_better: bool
    header_de: str                  # the header used in the sample list and the template
    patterns: str                   # header patterns (regex alternatives on the normalised header)
    anchors_de: tuple[str, str]     # what 0 and what 10 mean (template notes)
    sample: SampleModel             # parameters of the sample generator
    money_twin: str | None = None   # the money field a header with a money unit means instead
    ambiguous: str = ""             # plain headers that name the rating and the money field alike
    anchors_en: tuple[str, str] = ("", "")   # what 0 and what 10 mean, in English (English template)

    def header(self, lang: str = "de") -> str:
        """The column header of the sample list and the template: "Kaufhistorie (0-10)" / "Purchase history (0-10)"."""
        return f"{self.label_en} (0-10)" if lang == "en" else self.header_de

    def anchors(self, lang: str = "de") -> tuple[str, str]:
        return self.anchors_en if lang == "en" else self.anchors_de

    def question(self, lang: str = "de") -> str:
        return self.question_en if lang == "en" else self.question_de


CRITERIA: tuple[Criterion, ...] = (
    Criterion("purchase_history", "Kaufhistorie", "Purchase history",
              "Wie lange, wie oft, wie viel und mit welcher Marge hat der Kunde bei uns gekauft?",
              "How long has the customer been with us, how often, how much, at what margin did they buy?",
              True, "Kaufhistorie (0-10)",
              r"kaufhistorie|kaufverhalten|kaufhistorie bisher|purchase history|buying history|historie|kaufhist",
              ("neu oder kaum gekauft, kleine Mengen, geringe Marge",
               "seit Jahren dabei, kauft oft und viel mit guter Marge"),
              SampleModel(5.8, 2.0, 0.35, "revenue", 0.60, new_customer_shift=-2.0),
              anchors_en=('new or hardly bought, small quantities, low margin',
                          'with us for years, buys often and a lot at a good margin')),
    Criterion("contribution_margin", "Deckungsbeitrag", "Contribution margin",
              "Wie profitabel kann der Kunde künftig sein?",
              "How profitable can the customer be in future?",
              True, "Deckungsbeitrag (0-10)",
              r"deckungsbeitrag|deckungsbeitrag potenzial|db potenzial|db|contribution margin|contribution|"
              r"margin potential|profitabilitaet|profitability|marge",
              ("künftig kaum oder kein Deckungsbeitrag zu erwarten", "künftig sehr hoher Deckungsbeitrag zu erwarten"),
              SampleModel(5.6, 1.9, 0.45, "margin", 0.45),
              anchors_en=('hardly any or no contribution margin expected in future',
                          'very high contribution margin expected in future'),
              money_twin="margin", ambiguous=r"deckungsbeitrag|db|marge|contribution margin|contribution|margin"),
    Criterion("image", "Imagefaktor", "Image",
              "Können wir den Kunden als Referenz vorzeigen?",
              "Can we show this customer off as a reference?",
              True, "Imagefaktor (0-10)",
              r"image|imagefaktor|image faktor|referenzwert|referenz|reference value|referenzkunde|image value",
              ("als Referenz ungeeignet oder sogar schädlich", "Top-Referenz, mit der wir werben können"),
              SampleModel(5.4, 2.0, 0.50, "revenue", 0.20),
              anchors_en=('unsuitable as a reference or even harmful',
                          'top reference we can advertise with')),
    Criterion("referral", "Empfehlungswert", "Referral value",
              "Ist der Kunde ein wertvoller Empfehlungsgeber?",
              "Is the customer a valuable recommender?",
              True, "Empfehlungswert (0-10)",
              r"empfehlungswert|empfehlungs wert|empfehler|empfehlungspotenzial|referral|referral value|"
              r"recommender value",
              ("empfiehlt uns nie (oder redet schlecht über uns)", "empfiehlt uns aktiv weiter und bringt neue Kunden"),
              SampleModel(5.5, 2.1, 0.65),
              anchors_en=('never recommends us (or speaks badly of us)',
                          'actively recommends us and brings new customers')),
    Criterion("future_prospects", "Zukunftsperspektive", "Future prospects",
              "Ist der Kunde innovativ, in einer Wachstumsbranche?",
              "Is the customer innovative, in a growth industry?",
              True, "Zukunftsperspektive (0-10)",
              r"zukunftsperspektive|zukunft|zukunftsaussichten|perspektive|future prospects|future|"
              r"growth potential|wachstumspotenzial|potenzial",
              ("schrumpfender Markt, wenig innovativ", "innovativ, in einer Wachstumsbranche"),
              SampleModel(5.7, 1.9, 0.45),
              anchors_en=('shrinking market, not very innovative',
                          'innovative, in a growth industry')),
    Criterion("price_sensitivity", "Preissensibilität", "Price sensitivity",
              "Feilscht der Kunde um jeden Preis?",
              "Does the customer haggle over every price?",
              False, "Preissensibilität (0-10)",
              r"preissensibilitaet|preissensitivitaet|preisempfindlichkeit|preisbewusstsein|price sensitivity|"
              r"preis sensibilitaet",
              ("kauft ohne Preisdiskussion", "feilscht um jeden Preis"),
              SampleModel(5.2, 2.0, -0.50),
              anchors_en=('buys without discussing prices',
                          'haggles over every price')),
    Criterion("bargain_hunting", "Schnäppchenfaktor", "Bargain hunting",
              "Kauft der Kunde stetig oder nur margenschwache Schnäppchen?",
              "Does the customer buy steadily, or only low-margin bargains?",
              False, "Schnäppchenfaktor (0-10)",
              r"schnaeppchenfaktor|schnaeppchen|schnaeppchenjaeger|bargain hunting|bargain|bargain hunter|"
              r"schnaeppchen faktor",
              ("kauft stetig zu normalen Konditionen", "kauft nur margenschwache Aktionsware und Schnäppchen"),
              SampleModel(4.2, 2.0, -0.45, "margin", -0.30),
              anchors_en=('buys steadily on normal terms',
                          'buys only low-margin special offers and bargains')),
    Criterion("payment_behaviour", "Zahlungsmentalität", "Payment behaviour",
              "Zahlt der Kunde pünktlich und ohne Streit?",
              "Does the customer pay on time, without disputes?",
              True, "Zahlungsmentalität (0-10)",
              r"zahlungsmentalitaet|zahlungsmoral|zahlungsverhalten|zahlungsweise|payment behaviour|"
              r"payment behavior|payment|zahlung",
              ("zahlt spät, nur nach Mahnung, mit Streit", "zahlt pünktlich und ohne Diskussion"),
              SampleModel(6.6, 1.9, 0.55),
              anchors_en=('pays late, only after reminders, with disputes',
                          'pays on time and without discussion')),
    Criterion("creditworthiness", "Bonität", "Creditworthiness",
              "Wie solide ist die künftige Zahlungsfähigkeit des Kunden?",
              "How solid is the customer's future ability to pay?",
              True, "Bonität (0-10)",
              r"bonitaet|kreditwuerdigkeit|creditworthiness|credit rating|credit|bonitaetsindex|bonitaet rating",
              ("hohes Ausfallrisiko", "finanziell sehr solide"),
              SampleModel(6.4, 1.8, 0.45, "revenue", 0.20),
              anchors_en=('high risk of default',
                          'financially very solid')),
    Criterion("service_effort", "Betreuungsaufwand", "Service effort",
              "Wie anspruchsvoll ist die Betreuung des Kunden?",
              "How demanding is the customer to look after?",
              False, "Betreuungsaufwand (0-10)",
              r"betreuungsaufwand|betreuungs aufwand|aufwand|serviceaufwand|service effort|effort|"
              r"betreuungsintensitaet",
              ("läuft praktisch von selbst", "sehr betreuungsintensiv: viele Rückfragen, Sonderwünsche"),
              SampleModel(4.8, 2.0, -0.40),
              anchors_en=('practically runs by itself',
                          'very demanding: many queries, special requests')),
    Criterion("likeability", "Sympathiefaktor", "Likeability",
              "Ist die Zusammenarbeit mit dem Kunden angenehm?",
              "Is the customer pleasant to work with?",
              True, "Sympathiefaktor (0-10)",
              r"sympathiefaktor|sympathie|sympathie faktor|likeability|likability|sympathy",
              ("Zusammenarbeit sehr mühsam", "Zusammenarbeit sehr angenehm"),
              SampleModel(6.3, 1.9, 0.55),
              anchors_en=('working together is very tiresome',
                          'working together is very pleasant')),
    Criterion("complaint_rate", "Reklamationsbereitschaft", "Complaint rate",
              "Reklamiert der Kunde häufig?",
              "Does the customer complain often?",
              False, "Reklamationsbereitschaft (0-10)",
              r"reklamationsbereitschaft|reklamationen|reklamationsquote|reklamation|beschwerden|"
              r"beschwerdeverhalten|complaint rate|complaints|complaint",
              ("reklamiert praktisch nie", "reklamiert ständig, auch ohne Grund"),
              SampleModel(3.6, 2.0, -0.55),
              anchors_en=('practically never complains',
                          'complains constantly, even without reason')),
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
    header_en: str = ""  # the header of the English template

    def header(self, lang: str = "de") -> str:
        return self.header_en if lang == "en" else self.header_de


FIELDS: tuple[Field, ...] = (
    Field("id", "Kunden-Nr.", "Customer id", "Kunden-Nr.", "Customer id"),
    Field("name", "Kunde", "Customer", "Kunde", "Customer"),
    Field("status", "Status (Neu-/Bestandskunde)", "Status (new/existing)", "Status", "Status"),
    Field("revenue", "Umsatz (€)", "Revenue (€)", "Umsatz (€)", "Revenue (€)"),
    Field("margin", "Deckungsbeitrag (€)", "Contribution margin (€)", "Deckungsbeitrag (€)", "Contribution margin (€)"),
    Field("orders", "Anzahl Aufträge", "Number of orders", "Aufträge", "Orders"),
    Field("recommend", "Weiterempfehlung (0-10, NPS)", "Would recommend (0-10, NPS)",
          "Weiterempfehlung (0-10)", "Would recommend (0-10)"),
    Field("sale_satisfied", "Zufrieden mit Kauf", "Satisfied with sale", "Zufrieden mit Kauf", "Satisfied with sale"),
    Field("aftersales_satisfied", "Zufrieden mit After-Sales", "Satisfied with after-sales",
          "Zufrieden mit After-Sales", "Satisfied with after-sales"),
    Field("repurchase", "Wiederkauf", "Repurchase", "Wiederkauf", "Repurchase"),
)

FIELDS_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}
MONEY_FIELDS = ("revenue", "margin")
YES_NO_FIELDS = ("sale_satisfied", "aftersales_satisfied", "repurchase")

# Prefix of the field key for user-defined criteria taken in from extra 0-10 columns.
CUSTOM_PREFIX = "custom:"


def label(key: str, lang: str = "de") -> str:
    """The label of a criterion, a field or a custom criterion key in ``lang`` ("de" or "en")."""
    record = CRITERIA_BY_KEY.get(key) or FIELDS_BY_KEY.get(key)
    if record is not None:
        return record.label_en if lang == "en" else record.label_de
    if key.startswith(CUSTOM_PREFIX):
        name = key[len(CUSTOM_PREFIX):]
        unnamed = _UNNAMED.fullmatch(name)      # a column without a header (columns.custom_key): worded
        return text("criteria.unnamed_column", lang, letter=unnamed.group(1)) if unnamed else name
    return key


_UNNAMED = re.compile(r"Spalte ([A-Z]{1,3})")


def label_de(key: str) -> str:
    """German label for a criterion, a field or a custom criterion key."""
    return label(key, "de")


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
)

_PATTERNS += tuple((c.key, c.patterns) for c in CRITERIA)  # the criteria come last
_COMPILED = tuple((key, re.compile(rf"(?:{pattern})")) for key, pattern in _PATTERNS)
_TWINS = {c.money_twin: c.key for c in CRITERIA if c.money_twin}
_AMBIGUOUS = {c.key: re.compile(rf"(?:{c.ambiguous})") for c in CRITERIA if c.ambiguous}

# Units in a header (on the normalised text, whole words): (regex, kind, factor, label)
_UNITS: tuple[tuple[re.Pattern[str], str, float, str], ...] = tuple(
    (re.compile(rf"(?:^| )(?:{rx})(?= |$)"), kind, factor, label) for rx, kind, factor, label in (
        (r"(?:in )?(?:mio|millionen|mill)(?: eur| euro)?", "money", 1e6, "Mio. €"),
        (r"(?:in )?(?:teur|t eur|tsd eur|tsd euro|tsd|tausend eur|tausend euro|tausend|k eur|keur)",
         "money", 1e3, "T€"),
        (r"(?:in )?(?:eur|euro|absolut)", "money", 1.0, "€"),
        (r"bewertung|note|rating|punkte|pkt|skala", "rating", 1.0, "0–10"),
    ))


@dataclass(frozen=True)
class HeaderReading:
    """What a header says: the field or criterion, its unit, and whether the values must decide."""

    key: str | None
    unit: str | None = None        # "money" or "rating" when the header names one
    factor: float = 1.0            # money columns: 1 (€), 1e3 (T€), 1e6 (Mio. €)
    unit_label: str = ""           # "€", "T€", "Mio. €", "0–10"
    ambiguous: bool = False        # a plain header that names a rating and a money field alike
    twin: str | None = None        # for an ambiguous header: the money field it may mean


def _match(base: str) -> str | None:
    if not base:
        return None
    collapsed = base.replace(" ", "")  # "Zahlungs-Mentalität" -> "zahlungsmentalitaet"
    for candidate in (base, collapsed):
        for key, rx in _COMPILED:
            if rx.fullmatch(candidate):
                return key
    return None


def read_header(text: object) -> HeaderReading:
    """Read a header: the key it stands for and the unit it names. The header decides what a column
    is: "(0-10)", "Bewertung", "Note", "Rating", "Punkte", "Skala" make a rating; "€", "EUR", "Euro",
    "T€", "TEUR", "Tsd.", "Mio. €" make money (with the factor to €)."""
    folded = str(text).translate(_UMLAUTS).lower().translate(_UMLAUTS)
    base = normalise_header(text)
    unit, factor, label = ("rating", 1.0, "0–10") if _SCALE.search(folded) else (None, 1.0, "")
    for rx, kind, f, lab in _UNITS:
        if rx.search(base):
            base = " ".join(rx.sub(" ", base).split())
            if unit is None or (unit == "money" and kind == "money" and f > factor):
                unit, factor, label = kind, f, lab
    key = _match(base)
    if key is None:
        key = _match(normalise_header(text))  # a unit word that belongs to the name itself
        unit, factor, label = (None, 1.0, "") if key else (unit, factor, label)
    if key in _TWINS.values() and key is not None:
        twin = CRITERIA_BY_KEY[key].money_twin
        if unit == "money":
            return HeaderReading(twin, unit, factor, label)
        if unit is None and _AMBIGUOUS[key].fullmatch(base):
            return HeaderReading(key, ambiguous=True, twin=twin)
    if key in _TWINS and unit == "rating":
        return HeaderReading(_TWINS[key], unit, 1.0, label)
    if key in CRITERIA_BY_KEY and unit == "money":
        return HeaderReading(None, unit, factor, label)  # money, but not a field: the user maps it
    if key not in MONEY_FIELDS:
        factor, label = 1.0, label if unit == "rating" else ""
    return HeaderReading(key, unit, factor, label)


def recognise_header(text: object) -> str | None:
    """The field or criterion key a header stands for, or None if it is not recognised."""
    return read_header(text).key


TOTAL_ROW_WORDS = (
    "summe", "summen", "gesamt", "gesamtsumme", "insgesamt", "total", "totals", "sum", "grand total",
    "gesamt summe", "summe gesamt", "endsumme", "zwischensumme", "σ",
)
_TOTAL = re.compile(r"\s*(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in TOTAL_ROW_WORDS)
                    + r")\s*:?\s*", re.IGNORECASE)


_TOTAL_FIRST = frozenset(w[0] for w in TOTAL_ROW_WORDS) | frozenset(w[0].upper() for w in TOTAL_ROW_WORDS)


def is_total_label(value: object) -> bool:
    """True for a cell such as "Summe", "Gesamt:", "Total" that marks a total row."""
    return (isinstance(value, str) and len(value) < 40 and value.lstrip()[:1] in _TOTAL_FIRST
            and _TOTAL.fullmatch(value) is not None)
