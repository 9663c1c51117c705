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
    """Everything about one criterion: adding a criterion means adding one of these records and its words
    in each catalogue (``criterion.<key>.label/header/question/low/high``, kundenwert/i18n)."""

    key: str
    higher_is_better: bool
    patterns: str                   # header patterns (regex alternatives on the normalised header)
    sample: SampleModel             # parameters of the sample generator
    money_twin: str | None = None   # the money field a header with a money unit means instead
    ambiguous: str = ""             # plain headers that name the rating and the money field alike

    def _text(self, name: str, lang: str) -> str:
        return text(f"criterion.{self.key}.{name}", lang)

    def label(self, lang: str = "de") -> str:
        return self._text("label", lang)

    def header(self, lang: str = "de") -> str:
        """The column header of the sample list and the template: "Kaufhistorie (0-10)" / "Purchase history (0-10)"."""
        return self._text("header", lang)

    def anchors(self, lang: str = "de") -> tuple[str, str]:
        """What 0 and what 10 mean (template notes)."""
        return self._text("low", lang), self._text("high", lang)

    def question(self, lang: str = "de") -> str:
        return self._text("question", lang)

    # the German and English words by name (the sample list and recognition use German headers as data)
    label_de = property(lambda self: self.label("de"))
    label_en = property(lambda self: self.label("en"))
    header_de = property(lambda self: self.header("de"))
    question_de = property(lambda self: self.question("de"))
    question_en = property(lambda self: self.question("en"))
    anchors_de = property(lambda self: self.anchors("de"))
    anchors_en = property(lambda self: self.anchors("en"))


CRITERIA: tuple[Criterion, ...] = (
    Criterion("purchase_history", True, patterns='kaufhistorie|kaufverhalten|kaufhistorie bisher|purchase history|buying history|historie|kaufhist', sample=SampleModel(mean=5.8, sd=2.0, quality=0.35, driver='revenue', driver_loading=0.6, new_customer_shift=-2.0)),
    Criterion("contribution_margin", True, patterns='deckungsbeitrag|deckungsbeitrag potenzial|db potenzial|db|contribution margin|contribution|margin potential|profitabilitaet|profitability|marge', sample=SampleModel(mean=5.6, sd=1.9, quality=0.45, driver='margin', driver_loading=0.45, new_customer_shift=0.0), money_twin="margin", ambiguous='deckungsbeitrag|db|marge|contribution margin|contribution|margin'),
    Criterion("image", True, patterns='image|imagefaktor|image faktor|referenzwert|referenz|reference value|referenzkunde|image value', sample=SampleModel(mean=5.4, sd=2.0, quality=0.5, driver='revenue', driver_loading=0.2, new_customer_shift=0.0)),
    Criterion("referral", True, patterns='empfehlungswert|empfehlungs wert|empfehler|empfehlungspotenzial|referral|referral value|recommender value', sample=SampleModel(mean=5.5, sd=2.1, quality=0.65, driver=None, driver_loading=0.0, new_customer_shift=0.0)),
    Criterion("future_prospects", True, patterns='zukunftsperspektive|zukunft|zukunftsaussichten|perspektive|future prospects|future|growth potential|wachstumspotenzial|potenzial', sample=SampleModel(mean=5.7, sd=1.9, quality=0.45, driver=None, driver_loading=0.0, new_customer_shift=0.0)),
    Criterion("price_sensitivity", False, patterns='preissensibilitaet|preissensitivitaet|preisempfindlichkeit|preisbewusstsein|price sensitivity|preis sensibilitaet', sample=SampleModel(mean=5.2, sd=2.0, quality=-0.5, driver=None, driver_loading=0.0, new_customer_shift=0.0)),
    Criterion("bargain_hunting", False, patterns='schnaeppchenfaktor|schnaeppchen|schnaeppchenjaeger|bargain hunting|bargain|bargain hunter|schnaeppchen faktor', sample=SampleModel(mean=4.2, sd=2.0, quality=-0.45, driver='margin', driver_loading=-0.3, new_customer_shift=0.0)),
    Criterion("payment_behaviour", True, patterns='zahlungsmentalitaet|zahlungsmoral|zahlungsverhalten|zahlungsweise|payment behaviour|payment behavior|payment|zahlung', sample=SampleModel(mean=6.6, sd=1.9, quality=0.55, driver=None, driver_loading=0.0, new_customer_shift=0.0)),
    Criterion("creditworthiness", True, patterns='bonitaet|kreditwuerdigkeit|creditworthiness|credit rating|credit|bonitaetsindex|bonitaet rating', sample=SampleModel(mean=6.4, sd=1.8, quality=0.45, driver='revenue', driver_loading=0.2, new_customer_shift=0.0)),
    Criterion("service_effort", False, patterns='betreuungsaufwand|betreuungs aufwand|aufwand|serviceaufwand|service effort|effort|betreuungsintensitaet', sample=SampleModel(mean=4.8, sd=2.0, quality=-0.4, driver=None, driver_loading=0.0, new_customer_shift=0.0)),
    Criterion("likeability", True, patterns='sympathiefaktor|sympathie|sympathie faktor|likeability|likability|sympathy', sample=SampleModel(mean=6.3, sd=1.9, quality=0.55, driver=None, driver_loading=0.0, new_customer_shift=0.0)),
    Criterion("complaint_rate", False, patterns='reklamationsbereitschaft|reklamationen|reklamationsquote|reklamation|beschwerden|beschwerdeverhalten|complaint rate|complaints|complaint', sample=SampleModel(mean=3.6, sd=2.0, quality=-0.55, driver=None, driver_loading=0.0, new_customer_shift=0.0)),
)

CRITERIA_BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)


@dataclass(frozen=True)
class Field:
    """A non-criterion column: identity, money, satisfaction, recommendation, status (its words in each
    catalogue: ``field.<key>.label/header``)."""

    key: str

    def label(self, lang: str = "de") -> str:
        return text(f"field.{self.key}.label", lang)

    def header(self, lang: str = "de") -> str:
        """The header of the sample list and the template."""
        return text(f"field.{self.key}.header", lang)

    label_de = property(lambda self: self.label("de"))
    label_en = property(lambda self: self.label("en"))
    header_de = property(lambda self: self.header("de"))
    header_en = property(lambda self: self.header("en"))


FIELDS: tuple[Field, ...] = (
    Field("id"),
    Field("name"),
    Field("status"),
    Field("revenue"),
    Field("margin"),
    Field("orders"),
    Field("recommend"),
    Field("sale_satisfied"),
    Field("aftersales_satisfied"),
    Field("repurchase"),
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
        return record.label(lang)
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


TOTAL_LABEL_MAX = 39        # characters: a longer cell is text, not a total row's label


def is_total_label(value: object) -> bool:
    """True for a cell such as "Summe", "Gesamt:", "Total" that marks a total row."""
    return (isinstance(value, str) and len(value) <= TOTAL_LABEL_MAX and value.lstrip()[:1] in _TOTAL_FIRST
            and _TOTAL.fullmatch(value) is not None)
