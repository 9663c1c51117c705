"""Fictional sample customers (the data; :mod:`kundenwert.sample_files` writes them as Excel files).

`generate_customers` builds a deterministic list of fictional German business customers with the
headers of the catalogue (`FIELDS` / `CRITERIA` ``header_de``). The numbers are made to look like a
real list, so that a seminar discussion about them makes sense:

- one latent "customer quality" factor drives the twelve ratings (plus noise per criterion); the
  "high = bad" criteria fall with quality, the purchase history rises with revenue;
- revenue is long-tailed (lognormal: a few very large customers), the margin in € is 10-40 % of it
  (a few customers are loss-makers), the number of orders follows from revenue and order size;
- the would-recommend answers give a realistic Net Promoter Score (about +20);
- satisfaction with the sale and with after-sales are correlated with quality, and the repurchase
  rates of the four combinations are drawn around the study in the product brief (93 %, 45 %,
  14 %, 3 %): near it, as a real list would be, not equal to it;
- with ``gaps=True`` about 3 % of the rating cells are empty (at most two per customer), and two
  customers lack 7 of the 12 ratings, so that they cannot be scored with the default weights.

Everything is vectorised (numpy for the numbers, Arrow string kernels for ids and names; no loop
over customers): a million customers take one to two seconds.

`sample_files.write_xlsx` writes such a frame (or any frame) as a tidy Excel sheet;
`sample_files.write_template` writes the empty input template with a note on every header.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kundenwert.criteria import CRITERIA, FIELDS_BY_KEY, YES_NO_FIELDS, label
from kundenwert.i18n import text
from kundenwert.matrix import STUDY_RATES

__all__ = [
    "CRITERION_NOTES_DE",
    "FIELD_NOTES_DE",
    "SAMPLE_COLUMNS",
    "generate_customers",
]

# --------------------------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------------------------

_LEADING_FIELDS = ("id", "name", "status", "revenue", "margin", "orders")
_TRAILING_FIELDS = ("recommend", "sale_satisfied", "aftersales_satisfied", "repurchase")

#: The headers of the sample list and the template, in order.
SAMPLE_COLUMNS: tuple[str, ...] = (
    *(FIELDS_BY_KEY[k].header_de for k in _LEADING_FIELDS),
    *(c.header_de for c in CRITERIA),
    *(FIELDS_BY_KEY[k].header_de for k in _TRAILING_FIELDS),
)

_RATING_HEADERS = tuple(c.header_de for c in CRITERIA)
_YES, _NO = "ja", "nein"
_NEW, _EXISTING = "Neukunde", "Bestandskunde"

# --------------------------------------------------------------------------------------------
# Model parameters of the generator
# --------------------------------------------------------------------------------------------

_NEW_SHARE = 0.20
_REVENUE_MEDIAN = 30_000.0  # € per year
_REVENUE_SIGMA = 1.25  # lognormal: the top 20 % of customers hold about two thirds of revenue
_REVENUE_QUALITY_LOADING = 0.35
_NEW_REVENUE_SHIFT = -0.6  # in standard deviations of log revenue: new customers buy less so far
_LOSS_MAKER_SHARE = 0.02
_ORDER_VALUE_MEDIAN = 2_500.0  # € per order

# The rating model of each criterion lives in its catalogue record (`Criterion.sample`).

_RECOMMEND_MEAN, _RECOMMEND_SD, _RECOMMEND_LOADING = 8.2, 1.6, 0.70

# Satisfaction: a latent score (quality + noise) above a threshold; shares satisfied about 65 / 60 %.
_SATISFACTION_LOADING = 0.60
_SALE_THRESHOLD = -0.385  # standard normal quantile 0.35
_AFTERSALES_THRESHOLD = -0.253  # standard normal quantile 0.40

# Gaps: share of customers with 1 and with 2 missing ratings (0.24 + 2 * 0.06 = 0.36 of 12 = 3 %).
_GAP_SHARES = (0.70, 0.24, 0.06)
_UNSCORABLE_CUSTOMERS = 2
_UNSCORABLE_MISSING = 7
_MATRIX_STREAM = 12  # the repurchase counts come from their own random stream (seed, 12)

# --------------------------------------------------------------------------------------------
# Company names
# --------------------------------------------------------------------------------------------

_SURNAMES = np.array([
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner",
    "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann",
    "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller",
    "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger",
    "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon",
    "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger",
    "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte",
    "Dietrich", "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Voigt",
    "Sauer", "Arnold", "Wolff", "Pfeiffer", "Löffler", "Brückner", "Nüßlein", "Göbel", "Büttner",
])
_BRANCHES = np.array([
    "Maschinenbau", "Metallbau", "Elektrotechnik", "Haustechnik", "Logistik", "Spedition", "Bau",
    "Holzbau", "Kunststofftechnik", "Verpackungen", "Druck", "Medien", "Software", "IT-Service",
    "Systemhaus", "Feinmechanik", "Anlagenbau", "Automation", "Gebäudetechnik", "Lebensmittel",
    "Getränke", "Möbelwerk", "Stahlhandel", "Baustoffe", "Landtechnik", "Fahrzeugbau",
    "Antriebstechnik", "Messtechnik", "Medizintechnik", "Umwelttechnik", "Energietechnik",
    "Solartechnik", "Textil", "Werkzeugbau", "Gießerei", "Oberflächentechnik", "Präzisionsteile",
    "Großhandel", "Bürotechnik", "Kältetechnik", "Fördertechnik", "Glasbau",
])
_LEGAL_FORMS = np.array(["GmbH", "GmbH & Co. KG", "KG", "AG", "e.K.", "OHG", "UG (haftungsbeschränkt)"])
_LEGAL_WEIGHTS = np.array([0.50, 0.18, 0.10, 0.07, 0.07, 0.04, 0.04])
_PARTNER_WORDS = np.array(["Partner", "Söhne", "Sohn", "Kollegen"])
_TRADES = np.array([
    "Bäckerei", "Metzgerei", "Schreinerei", "Tischlerei", "Autohaus", "Elektro", "Sanitär",
    "Malerbetrieb", "Dachdeckerei", "Gärtnerei", "Zimmerei", "Raumausstattung", "Optik",
    "Fliesen", "Ingenieurbüro", "Hotel", "Gasthaus", "Steuerkanzlei", "Reisebüro", "Getränke",
    "Schlosserei", "Druckerei", "Kfz-Werkstatt", "Möbelhaus",
])
_REGIONS = np.array([
    "Rheintal", "Nordsee", "Alpen", "Schwarzwald", "Elbe", "Main", "Harz", "Bodensee", "Spreewald",
    "Allgäu", "Münsterland", "Eifel", "Ostsee", "Weser", "Sauerland", "Oberpfalz", "Mosel",
    "Taunus", "Hanse", "Lausitz", "Pfalz", "Rhön", "Erzgebirge", "Franken", "Neckar", "Südwest",
])
_CITIES = np.array([
    "Berlin", "Hamburg", "München", "Köln", "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig",
    "Dortmund", "Essen", "Bremen", "Dresden", "Hannover", "Nürnberg", "Duisburg", "Bochum",
    "Wuppertal", "Bielefeld", "Bonn", "Münster", "Mannheim", "Karlsruhe", "Augsburg", "Wiesbaden",
    "Mönchengladbach", "Gelsenkirchen", "Aachen", "Braunschweig", "Kiel", "Chemnitz", "Halle",
    "Magdeburg", "Freiburg", "Krefeld", "Mainz", "Lübeck", "Erfurt", "Rostock", "Kassel", "Hagen",
    "Potsdam", "Saarbrücken", "Ludwigshafen", "Oldenburg", "Osnabrück", "Leverkusen", "Heidelberg",
    "Darmstadt", "Göttingen", "Würzburg", "Regensburg", "Ingolstadt", "Ulm", "Paderborn",
    "Wolfsburg", "Pforzheim", "Offenbach", "Fürth", "Reutlingen", "Koblenz", "Jena", "Trier",
    "Erlangen", "Siegen", "Bamberg", "Passau", "Lüneburg", "Gütersloh", "Tübingen", "Konstanz",
])
# Name patterns and their shares; each pattern uses three parts (a, b, c) as indices into part lists.
#   0 "Müller Maschinenbau GmbH"  (surname, branch, legal form)
#   1 "Schneider & Partner KG"    (surname, partner word or second surname, legal form)
#   2 "Bäckerei Hoffmann"         (trade, surname, -)
#   3 "Rheintal Logistik GmbH"    (region, branch, legal form)
#   4 "Schäfer GmbH"              (surname, legal form, -)
_PATTERN_SHARES = np.array([0.40, 0.17, 0.22, 0.14, 0.07])
_PARTNERS = np.concatenate([_PARTNER_WORDS, _SURNAMES])  # partner words first, then surnames
_RADIX = 128  # more than the longest part list: a name's parts packed into one integer key

def _texts(values: Sequence[str] | np.ndarray) -> pa.Array:
    return pa.array(list(values), type=pa.string())


_SURNAME_TEXTS, _BRANCH_TEXTS, _LEGAL_TEXTS = _texts(_SURNAMES), _texts(_BRANCHES), _texts(_LEGAL_FORMS)
_PARTNER_TEXTS, _TRADE_TEXTS, _REGION_TEXTS = _texts(_PARTNERS), _texts(_TRADES), _texts(_REGIONS)
_CITY_TEXTS = _texts(_CITIES)


def _join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of string arrays and scalars (Arrow, no Python loop)."""
    return pc.binary_join_element_wise(*parts, "")


def _occurrence(values: np.ndarray) -> np.ndarray:
    """For each element of an integer array: how often the same value occurred before it."""
    n = values.size
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    is_first = np.ones(n, dtype=bool)
    is_first[1:] = ordered[1:] != ordered[:-1]
    group_start = np.maximum.accumulate(np.where(is_first, np.arange(n), 0))
    occurrence = np.empty(n, dtype=np.int64)
    occurrence[order] = np.arange(n) - group_start
    return occurrence


def _base_names(keys: np.ndarray) -> pa.Array:
    """The name of each packed name key; `keys` sorted (so each pattern is one contiguous run)."""
    c = keys % _RADIX
    b = keys // _RADIX % _RADIX
    a = keys // _RADIX**2 % _RADIX
    pattern = keys // _RADIX**3
    builders = (
        lambda a, b, c: _join(_SURNAME_TEXTS.take(a), " ", _BRANCH_TEXTS.take(b), " ", _LEGAL_TEXTS.take(c)),
        lambda a, b, c: _join(_SURNAME_TEXTS.take(a), " & ", _PARTNER_TEXTS.take(b), " ", _LEGAL_TEXTS.take(c)),
        lambda a, b, c: _join(_TRADE_TEXTS.take(a), " ", _SURNAME_TEXTS.take(b)),
        lambda a, b, c: _join(_REGION_TEXTS.take(a), " ", _BRANCH_TEXTS.take(b), " ", _LEGAL_TEXTS.take(c)),
        lambda a, b, c: _join(_SURNAME_TEXTS.take(a), " ", _LEGAL_TEXTS.take(b)),
    )
    pieces = []
    for k, build in enumerate(builders):
        run = pattern == k
        pieces.append(build(a[run], b[run], c[run]))
    return pa.concat_arrays(pieces)


def _company_names(rng: np.random.Generator, n: int) -> pa.Array:
    """`n` unique plausible German company names, vectorised.

    Each customer draws a pattern and its parts; the parts are packed into an integer key, so that
    repeats are found by integer sorting and each distinct name is built once. A name that occurs
    again gets a city ("Müller Bau GmbH – Kassel"); one that still repeats also gets a number
    ("Müller Bau GmbH – Kassel 2"). Base names contain neither " – " nor digits, and cities no
    digits, so the result is unique by construction.
    """
    pattern = rng.choice(len(_PATTERN_SHARES), size=n, p=_PATTERN_SHARES)
    surname = rng.integers(0, len(_SURNAMES), n)
    second_surname = rng.integers(0, len(_SURNAMES), n)
    partner_word = rng.integers(0, len(_PARTNER_WORDS), n)
    use_partner_word = rng.random(n) < 0.5
    branch = rng.integers(0, len(_BRANCHES), n)
    legal = rng.choice(len(_LEGAL_FORMS), size=n, p=_LEGAL_WEIGHTS)
    trade = rng.integers(0, len(_TRADES), n)
    region = rng.integers(0, len(_REGIONS), n)
    city = rng.integers(0, len(_CITIES), n)

    # A second surname equal to the first reads oddly ("Weber & Weber"): use a partner word then.
    use_partner_word |= second_surname == surname
    partner = np.where(use_partner_word, partner_word, len(_PARTNER_WORDS) + second_surname)

    which = [pattern == k for k in range(len(_PATTERN_SHARES))]
    zero = np.zeros(n, dtype=np.int64)
    a = np.select(which, [surname, surname, trade, region, surname])
    b = np.select(which, [branch, partner, surname, branch, legal])
    c = np.select(which, [legal, legal, zero, legal, zero])
    keys = ((pattern * _RADIX + a) * _RADIX + b) * _RADIX + c
    distinct, index = np.unique(keys, return_inverse=True)
    names = _base_names(distinct).take(index)

    again = _occurrence(index) > 0
    if again.any():
        rows = np.flatnonzero(again)
        number = _occurrence(index[rows] * len(_CITIES) + city[rows]) + 1
        number_text = pc.if_else(number > 1, _join(" ", pc.cast(pa.array(number), pa.string())), "")
        renamed = _join(names.take(rows), " – ", _CITY_TEXTS.take(city[rows]), number_text)
        names = pc.replace_with_mask(names, pa.array(again), renamed)
    return names


# --------------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------------


def _ratings(values: np.ndarray) -> np.ndarray:
    """Round to half points and clip to the 0-10 scale."""
    return np.clip(np.round(values * 2.0) / 2.0, 0.0, 10.0)


def _correlated(rng: np.random.Generator, loadings: Sequence[tuple[float, np.ndarray]], n: int) -> np.ndarray:
    """Σ loading·driver plus independent noise, scaled so that the sum has unit variance
    when the drivers are independent standard normals."""
    rest = 1.0 - sum(a * a for a, _ in loadings)
    out = math.sqrt(max(rest, 0.0)) * rng.standard_normal(n)
    for a, driver in loadings:
        out += a * driver
    return out


def _repurchase(rng: np.random.Generator, sale: np.ndarray, after: np.ndarray,
                quality: np.ndarray, seed: int) -> np.ndarray:
    """Repurchase flags: the number of buyers in each satisfaction cell is drawn (binomial) with the
    study's rate, so a list's own matrix is near the study, not a copy of it; within a cell the
    customers of higher quality (plus noise) are the ones who buy again."""
    n = sale.size
    cell = 2 * sale.astype(np.int64) + after.astype(np.int64)  # 0 no/no, 1 no/yes, 2 yes/no, 3 yes/yes
    rates = np.array([STUDY_RATES[(s, a)] for s in (False, True) for a in (False, True)])
    key = 0.5 * quality + rng.standard_normal(n)
    order = np.lexsort((-key, cell))  # by cell, within a cell best key first
    counts = np.bincount(cell, minlength=4)
    starts = np.cumsum(counts) - counts
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - starts[cell[order]]
    buyers = np.random.default_rng([seed, _MATRIX_STREAM]).binomial(counts, rates)
    return rank < buyers[cell]


def _choose(flags: np.ndarray, if_true: str, if_false: str) -> pd.api.extensions.ExtensionArray:
    """A string array with `if_true` where `flags` is set, else `if_false` (a fast take, no loop)."""
    return pd.array([if_false, if_true], dtype="str").take(flags.astype(np.intp))


def _punch_gaps(rng: np.random.Generator, ratings: np.ndarray) -> None:
    """Empty about 3 % of the rating cells in place: 0, 1 or 2 per customer, except for two
    customers who lack 7 of the 12 ratings (not scorable with the default weights)."""
    n, m = ratings.shape
    rows = np.arange(n)
    gaps = rng.choice(len(_GAP_SHARES), size=n, p=_GAP_SHARES)
    first = rng.integers(0, m, n)
    second = (first + rng.integers(1, m, n)) % m  # always a different column
    unscorable = rng.choice(n, size=min(_UNSCORABLE_CUSTOMERS, n), replace=False)
    gaps[unscorable] = 0
    ratings[rows[gaps >= 1], first[gaps >= 1]] = np.nan
    ratings[rows[gaps == 2], second[gaps == 2]] = np.nan
    missing = np.argsort(rng.random((unscorable.size, m)), axis=1)[:, :_UNSCORABLE_MISSING]
    ratings[unscorable[:, None], missing] = np.nan


def generate_customers(n: int = 250, seed: int = 7, gaps: bool = True) -> pd.DataFrame:
    """A deterministic list of `n` fictional German business customers.

    The columns are `SAMPLE_COLUMNS`: id ("K-10001" …), name, status, revenue €, margin €, orders,
    the twelve criteria ratings (0-10 in half points, NaN where a gap was made), would-recommend
    (integer 0-10), and "ja"/"nein" for satisfied with sale, satisfied with after-sales, repurchase.
    The same `n`, `seed` and `gaps` always give the same frame.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng(seed)

    quality = rng.standard_normal(n)
    is_new = rng.random(n) < _NEW_SHARE

    # Money: lognormal revenue (rises with quality, lower for new customers), margin 10-40 %.
    z_revenue = _correlated(rng, [(_REVENUE_QUALITY_LOADING, quality)], n)
    log_revenue = np.log(_REVENUE_MEDIAN) + _REVENUE_SIGMA * (z_revenue + _NEW_REVENUE_SHIFT * is_new)
    revenue = np.round(np.exp(log_revenue), 2)
    z_margin = _correlated(rng, [(0.40, quality)], n)
    margin_rate = np.clip(0.25 + 0.06 * z_margin, 0.10, 0.40)
    loss_maker = rng.random(n) < _LOSS_MAKER_SHARE
    margin_rate = np.where(loss_maker, -rng.uniform(0.02, 0.12, n), margin_rate)
    margin = np.round(revenue * margin_rate, 2)
    order_value = _ORDER_VALUE_MEDIAN * np.exp(0.6 * rng.standard_normal(n))
    orders = np.maximum(1, rng.poisson(revenue / order_value)).astype(np.int64)

    # Ratings: a common quality factor, an extra driver for some, and noise per criterion.
    drivers = {"revenue": z_revenue, "margin": z_margin}
    ratings = np.empty((n, len(CRITERIA)))
    for j, criterion in enumerate(CRITERIA):  # twelve columns, each vectorised over all customers
        model = criterion.sample
        loadings = [(model.quality, quality)] + ([(model.driver_loading, drivers[model.driver])]
                                                 if model.driver else [])
        raw = model.mean + model.sd * _correlated(rng, loadings, n)
        if model.new_customer_shift:
            raw += model.new_customer_shift * is_new
        ratings[:, j] = _ratings(raw)
    if gaps and n:
        _punch_gaps(rng, ratings)

    recommend_raw = _RECOMMEND_MEAN + _RECOMMEND_SD * _correlated(rng, [(_RECOMMEND_LOADING, quality)], n)
    recommend = np.clip(np.round(recommend_raw), 0, 10).astype(np.int64)

    sale = _correlated(rng, [(_SATISFACTION_LOADING, quality)], n) > _SALE_THRESHOLD
    after = _correlated(rng, [(_SATISFACTION_LOADING, quality)], n) > _AFTERSALES_THRESHOLD
    repurchase = _repurchase(rng, sale, after, quality, seed)

    names = _company_names(rng, n)
    ids = _join("K-", pc.cast(pa.array(10_001 + np.arange(n)), pa.string()))

    data: dict[str, object] = {
        FIELDS_BY_KEY["id"].header_de: pd.array(ids, dtype="str"),
        FIELDS_BY_KEY["name"].header_de: pd.array(names, dtype="str"),
        FIELDS_BY_KEY["status"].header_de: _choose(is_new, _NEW, _EXISTING),
        FIELDS_BY_KEY["revenue"].header_de: revenue,
        FIELDS_BY_KEY["margin"].header_de: margin,
        FIELDS_BY_KEY["orders"].header_de: orders,
    }
    for j, header in enumerate(_RATING_HEADERS):
        data[header] = ratings[:, j]
    data[FIELDS_BY_KEY["recommend"].header_de] = recommend
    for key, flags in zip(YES_NO_FIELDS, (sale, after, repurchase), strict=True):
        data[FIELDS_BY_KEY[key].header_de] = _choose(flags, _YES, _NO)
    return pd.DataFrame(data, columns=list(SAMPLE_COLUMNS))


# --------------------------------------------------------------------------------------------
# Notes on the headers (template comments, also usable as tooltips in the app)
# --------------------------------------------------------------------------------------------

def criterion_note(c, lang: str = "de") -> str:
    """The header note of a criterion: the question, what 0 and 10 mean, and the direction."""
    low, high = c.anchors(lang)
    direction = text("template.high_good" if c.higher_is_better else "template.high_bad", lang)
    return text("template.criterion_note", lang, label=label(c.key, lang), question=c.question(lang), low=low,
                high=high, direction=direction)


#: Header note per criterion key (German).
CRITERION_NOTES_DE: dict[str, str] = {c.key: criterion_note(c) for c in CRITERIA}

#: Header note per field key (German; the texts are in the catalogue, ``template.note.<key>``).
FIELD_NOTES_DE: dict[str, str] = {k: text(f"template.note.{k}") for k in (*_LEADING_FIELDS, *_TRAILING_FIELDS)}


def template_columns(lang: str = "de") -> tuple[str, ...]:
    """The headers of the template in ``lang`` (German: ``SAMPLE_COLUMNS``)."""
    return (*(FIELDS_BY_KEY[k].header(lang) for k in _LEADING_FIELDS), *(c.header(lang) for c in CRITERIA),
            *(FIELDS_BY_KEY[k].header(lang) for k in _TRAILING_FIELDS))


def _header_notes(lang: str = "de") -> dict[str, str]:
    """Header text -> note, for every column of the template."""
    notes = {FIELDS_BY_KEY[k].header(lang): text(f"template.note.{k}", lang)
             for k in (*_LEADING_FIELDS, *_TRAILING_FIELDS)}
    notes.update({c.header(lang): criterion_note(c, lang) for c in CRITERIA})
    return notes
