"""Reading cell values: numbers written as text, units, yes/no, blanks, Excel error values.

A column is parsed at once (pandas), text values once per distinct value. Nothing here decides
silently: every conversion that is not plain (a percent read as a share of the scale, a unit in a
cell) comes back as a note, every cell that cannot be used as an error — both as a code plus
parameters (texts: `findings`).

Number formats are decided per column from all its text cells: "7,5" or "1.234,56" are evidence
for a decimal comma, "7.5" or "1,234.56" or "2,000,000" for a decimal point. Only cells like
"12,500" or "1.234" are ambiguous; they follow the column's evidence, else the file's, else the
reader's hint (`NumberFormat`).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MAX_AMOUNT = 1e12   # a money or count cell beyond ± this is not a plausible value (1e308, typos)

_MISSING = frozenset({
    "", "ka", "keineangabe", "keineangaben", "-", "–", "—", "--", "n/a", "na", "nv",
    "?", "/", "none", "null", "nan", "offen", "unbekannt", "unknown", "tbd",
})
YES = frozenset({"ja", "j", "yes", "y", "x", "wahr", "true", "w", "t", "✓", "✔", "zufrieden", "ok"})
NO = frozenset({"nein", "n", "no", "falsch", "false", "f", "unzufrieden", "nicht zufrieden"})

_THOUSANDS_COMMA = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+")
_THOUSANDS_DOT = re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+")
_CORE = re.compile(r"[+-]?[\d.,]*\d[\d.,]*")
_SPACES = re.compile(r"[\s\u00a0\u202f']+")
# units written in a cell: (regex on the lower-case text, factor to €, label)
_CELL_UNITS = (
    (re.compile(r"(?:mio\.?|millionen)\s*(?:€|eur(?:o)?)?"), 1e6, "Mio. €"),
    (re.compile(r"(?:t€|teur|tsd\.?\s*(?:€|eur(?:o)?)?|k€|keur)"), 1e3, "T€"),
    (re.compile(r"(?:€|eur(?:o)?)"), 1.0, "€"),
)


def missing_token(text: str) -> bool:
    """True for the usual ways of writing "no value": blank, k.A., -, n/a …"""
    return text.strip().lower().replace(".", "").replace(" ", "") in _MISSING


EXCEL_ERRORS = frozenset({
    "#div/0!", "#n/a", "#nv", "#wert!", "#value!", "#ref!", "#bezug!", "#name?", "#null!", "#num!", "#zahl!",
    "#spill!", "#überlauf!", "#calc!", "#berechnen!", "#getting_data", "#field!", "#feld!", "#blocked!",
    "#unknown!", "#connect!", "#busy!", "#python!",
})


def excel_error(text: str) -> bool:
    """True for Excel error values (English or German) written as text: #DIV/0!, #N/A, #NV, #WERT! …"""
    return text.lstrip()[:1] == "#" and text.strip().lower() in EXCEL_ERRORS


@dataclass(frozen=True)
class TextNumber:
    """A text cell taken apart: its number core, the shape of its separators, unit and percent."""

    core: str | None       # "1.234,56" (sign kept, units and spaces removed); None if no number
    shape: str | None      # "comma", "point" (evidence), "amb_comma", "amb_dot" (ambiguous), "plain"
    factor: float | None   # unit written in the cell (1 for €, 1e3 for T€, 1e6 for Mio. €), else None
    unit: str = ""
    percent: bool = False


def _shape(core: str) -> str | None:
    if not _CORE.fullmatch(core):
        return None
    commas, dots = core.count(","), core.count(".")
    if commas and dots:
        return "comma" if core.rfind(",") > core.rfind(".") else "point"
    if commas:
        if _THOUSANDS_COMMA.fullmatch(core):
            return "amb_comma" if commas == 1 else "point"
        return "comma" if commas == 1 else None
    if dots:
        if _THOUSANDS_DOT.fullmatch(core):
            return "amb_dot" if dots == 1 else "comma"
        return "point" if dots == 1 else None
    return "plain"


def take_apart(text: str) -> TextNumber:
    t = text.strip().lower()
    factor, unit = None, ""
    for rx, f, label in _CELL_UNITS:
        stripped = rx.sub(" ", t, count=1)
        if stripped != t:
            t, factor, unit = stripped, f, label
            break
    t = _SPACES.sub("", t)
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    if t.startswith("(") and t.endswith(")"):
        t = "-" + t[1:-1]
    if t.endswith("-") and t[:-1].replace(".", "").replace(",", "").isdigit():
        t = "-" + t[:-1]  # "1.234,00-" as some ERP systems write negatives
    shape = _shape(t) if t else None
    if shape is None and t:
        try:
            float(t)            # 1e5, inf …
            shape = "plain"
        except ValueError:
            pass
    return TextNumber(t if shape else None, shape, factor, unit, percent)


def to_float(part: TextNumber, decimal_comma: bool) -> float | None:
    """The number of a taken-apart text under a column's rule for ambiguous cells."""
    core, shape = part.core, part.shape
    if core is None:
        return None
    if shape == "comma" or (shape == "amb_comma" and decimal_comma):
        core = core.replace(".", "").replace(",", ".")
    elif shape in ("point", "amb_comma"):
        core = core.replace(",", "")
    elif shape == "amb_dot" and decimal_comma:
        core = core.replace(".", "")
    try:
        return float(core)
    except ValueError:
        return None


def parse_number_text(text: str, decimal_comma: bool = True) -> tuple[float, bool] | None:
    """Parse a number written as text: "7,5", "1.234,56 €", "1,234.56", "75 %".

    Returns (value, was_percent) or None if the text is not a number. `decimal_comma` decides the
    ambiguous cells only ("1.234" is 1234 with a decimal comma, 1.234 without).
    """
    part = take_apart(text)
    value = to_float(part, decimal_comma)
    if value is None or not np.isfinite(value):
        return None
    return value, part.percent


# ------------------------------------------------------------------------------------ number format

@dataclass(frozen=True)
class NumberFormat:
    """The rule for a column's ambiguous cells ("12.500", "1,234") and how it was decided."""

    decimal_comma: bool
    decided_by: str = "none"    # "column", "file", "default", or "none" (no ambiguous cell)
    example: str | None = None  # an ambiguous cell text (for the data check)


@dataclass
class TextCells:
    """The distinct text cells of a column, taken apart once."""

    parts: dict[str, TextNumber] = field(default_factory=dict)

    def evidence(self) -> tuple[int, int, str | None, str | None]:
        """(cells that show a decimal comma, cells that show a decimal point, an ambiguous cell,
        an example of a separator cell)."""
        comma = point = 0
        ambiguous = example = None
        for text, part in self.parts.items():
            if part.shape == "comma":
                comma += 1
            elif part.shape == "point":
                point += 1
            elif part.shape in ("amb_comma", "amb_dot") and ambiguous is None:
                ambiguous = text
            if example is None and part.shape not in (None, "plain"):
                example = text
        return comma, point, ambiguous, example


def text_cells(cells: list) -> TextCells:
    s = pd.Series(cells, dtype=object)
    is_str = s.map(type).isin([str]).to_numpy()
    out = TextCells()
    if is_str.any():
        for text in pd.unique(s[is_str]):
            if not missing_token(text) and not excel_error(text):
                out.parts[text] = take_apart(text)
    return out


def decide_format(texts: TextCells, file_evidence: tuple[int, int], hint: bool) -> NumberFormat:
    """The rule for ambiguous cells: the column's own evidence, else the file's, else the hint."""
    comma, point, ambiguous, _ = texts.evidence()
    if ambiguous is None:
        return NumberFormat(comma >= point if (comma or point) else hint)
    if comma != point and min(comma, point) == 0:
        return NumberFormat(comma > point, "column", ambiguous)
    f_comma, f_point = file_evidence
    if (f_comma == 0) != (f_point == 0):
        return NumberFormat(f_comma > f_point, "file", ambiguous)
    return NumberFormat(hint, "default", ambiguous)


# ------------------------------------------------------------------------------------- parsing

@dataclass
class ParsedColumn:
    values: np.ndarray      # float64, NaN where missing or bad
    missing: np.ndarray     # bool: blank or an explicit "no value" token
    errors: np.ndarray      # object: None, or (reason code, params) why the cell is unusable
    notes: list[tuple[int, str, dict]] = field(default_factory=list)  # (position, code, params): conversions


def describe(value: object) -> str:
    """A cell value as a short text for messages."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _type_masks(s: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    types = pd.Series(s.map(type).to_numpy(dtype=object))
    is_num = types.isin([float, int]).to_numpy()
    is_str = types.isin([str]).to_numpy()
    is_none = types.isin([type(None)]).to_numpy()
    return is_num, is_str, is_none


def _parse_text(text: str, part: TextNumber | None, fmt: NumberFormat, rating: bool, money: bool,
                factor: float) -> tuple[float, bool, tuple | None, tuple | None]:
    """(value, missing, error, note) of one distinct text."""
    if missing_token(text):
        return np.nan, True, None, None
    if excel_error(text):
        return np.nan, False, ("excel_error", {"text": text.strip()}), None
    part = part or take_apart(text)
    value = to_float(part, fmt.decimal_comma)
    if value is None:
        return np.nan, False, ("not_a_number", {"text": text}), None
    if not np.isfinite(value):
        return np.nan, False, ("not_finite", {"text": text}), None
    note = None
    if part.percent:
        if not rating:
            return np.nan, False, ("percent_not_amount", {"text": text}), None
        value /= 10.0
        note = ("percent_rating", {"text": text, "value": value})
    elif money and part.factor is not None and part.factor != factor:
        value *= part.factor
        note = ("unit_in_cell", {"text": text, "value": value})
    else:
        value *= factor
    return value, False, None, note


def parse_numeric(cells: list, *, decimal_comma: bool | None = None, fmt: NumberFormat | None = None,
                  texts: TextCells | None = None, rating: bool, low: float | None = None,
                  high: float | None = None, money: bool = False, factor: float = 1.0) -> ParsedColumn:
    """Parse one column of cells into numbers, vectorised; text is parsed once per distinct value.

    `rating=True` reads "75 %" as 7.5 (a share of the 0-10 scale); bounds give a range error.
    `money=True` scales by the column's unit `factor` (a unit in the cell wins) and treats values
    beyond ±MAX_AMOUNT as errors; NaN and ±inf are errors in every column.
    """
    fmt = fmt or NumberFormat(bool(decimal_comma))
    s = pd.Series(cells, dtype=object)
    n = len(s)
    values = np.full(n, np.nan)
    missing = np.zeros(n, dtype=bool)
    errors = np.full(n, None, dtype=object)
    notes: list[tuple[int, str, dict]] = []
    is_num, is_str, is_none = _type_masks(s)
    if is_num.any():
        nums = s[is_num].astype(float).to_numpy() * factor
        values[is_num] = nums
        bad = ~np.isfinite(nums)
        if bad.any():
            for i in np.flatnonzero(is_num)[bad]:
                errors[i] = ("not_finite", {"text": describe(cells[i])})
    missing |= is_none
    if is_str.any():
        parts = texts.parts if texts is not None else {}
        idx = np.flatnonzero(is_str)
        col = s.to_numpy()[idx]
        parsed = {t: _parse_text(t, parts.get(t), fmt, rating, money, factor) for t in pd.unique(col)}
        quads = [parsed[t] for t in col]
        values[idx] = [q[0] for q in quads]
        missing[idx] = [q[1] for q in quads]
        errors[idx] = [q[2] for q in quads]
        noted = {t for t, q in parsed.items() if q[3] is not None}
        if noted:
            notes = [(int(i), *parsed[t][3]) for i, t in zip(idx, col, strict=True) if t in noted]
    other = ~(is_num | is_str | is_none)
    for i in np.flatnonzero(other):
        v = cells[i]
        if isinstance(v, bool):
            errors[i] = ("bool_not_number", {"text": "WAHR" if v else "FALSCH"})
        elif isinstance(v, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
            errors[i] = ("date_not_number", {"text": describe(v)})
        else:
            errors[i] = ("not_a_number", {"text": describe(v)})
    ok = ~np.isnan(values)
    if money:
        big = ok & (np.abs(values) > MAX_AMOUNT)
        for i in np.flatnonzero(big & (errors == None)):  # noqa: E711
            errors[i] = ("too_large", {"text": describe(cells[i])})
    if low is not None or high is not None:
        lo = -np.inf if low is None else low
        hi = np.inf if high is None else high
        out = ok & ((values < lo) | (values > hi)) & (errors == None)  # noqa: E711
        for i in np.flatnonzero(out):
            errors[i] = ("out_of_range", {"value": float(values[i]), "low": lo, "high": hi})
    has_error = errors != None  # noqa: E711 (elementwise on an object array)
    if has_error.any():
        values[has_error] = np.nan
        notes = [note for note in notes if not has_error[note[0]]]
    return ParsedColumn(values, missing, errors, notes)


def parse_yes_no(cells: list, *, decimal_comma: bool) -> tuple[ParsedColumn, str]:
    """Yes/no in any common spelling (1.0/0.0), or a 0-10 satisfaction rating.

    Returns the parsed column and its scale: "yesno" or "rating". In an "x or blank" column
    (only x marks, no explicit no), a blank cell means no.
    """
    s = pd.Series(cells, dtype=object)
    types = s.map(type)
    is_str = types.isin([str]).to_numpy()
    is_bool = types.isin([bool]).to_numpy()
    norm_of = {t: t.strip().lower() for t in pd.unique(s[is_str])}   # each distinct text once
    texts = {v for v in norm_of.values() if v}
    x_column = bool(texts) and texts <= {"x", "✓", "✔"}
    yes_texts = [t for t, v in norm_of.items() if v in YES]
    no_texts = [t for t, v in norm_of.items() if v in NO]
    yes = (s.isin(yes_texts).to_numpy() & is_str) | (is_bool & (s == True).to_numpy())  # noqa: E712
    no = (s.isin(no_texts).to_numpy() & is_str) | (is_bool & (s == False).to_numpy())  # noqa: E712
    rest = np.asarray(cells, dtype=object) if len(cells) else np.empty(0, dtype=object)
    rest = np.where(yes | no, None, rest).tolist()
    parsed = parse_numeric(rest, decimal_comma=decimal_comma, rating=True, low=0, high=10)
    numbers = parsed.values[~np.isnan(parsed.values)]
    scale = "rating" if numbers.size and not np.isin(numbers, (0.0, 1.0)).all() else "yesno"
    values = parsed.values.copy()
    values[yes] = 10.0 if scale == "rating" else 1.0
    values[no] = 0.0
    missing = parsed.missing & ~(yes | no)
    if x_column:
        values[missing] = 0.0
        missing[:] = False
    return ParsedColumn(values, missing, parsed.errors, parsed.notes), scale


def empty_mask(cells) -> np.ndarray:
    """True where a cell is empty ('' or None). Cells of only spaces count as values here; a row of
    them has no customer data and is skipped for that reason."""
    return pd.Series(cells, dtype=object).isin(["", None]).to_numpy()


def texts_of(cells) -> list[str]:
    """cell_text for a column; text cells (the usual case) only lose surrounding spaces."""
    return [v.strip() if type(v) is str else cell_text(v) for v in cells]


def cell_text(value: object) -> str:
    """A cell as text, as Excel shows it: 123.0 -> "123", "00123" stays "00123"."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d.%m.%Y")
    if isinstance(value, _dt.date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())
