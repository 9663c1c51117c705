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
from typing import NamedTuple

import numpy as np
import pandas as pd

from .ingest.reader import python_cells

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


class TextNumber(NamedTuple):
    """A text cell taken apart: its number core, the shape of its separators, unit and percent."""

    core: str | None       # "1.234,56" (sign kept, units and spaces removed); None if no number
    shape: str | None      # "comma", "point" (evidence), "amb_comma", "amb_dot" (ambiguous), "plain"
    factor: float | None   # unit written in the cell (1 for €, 1e3 for T€, 1e6 for Mio. €), else None
    unit: str = ""
    percent: bool = False


def _shape(core: str, checked: bool = False) -> str | None:
    if not checked and not _CORE.fullmatch(core):
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


_SIMPLE = re.compile(r"\s*([+-]?\d[\d.,]*)\s*")   # the common case: digits and separators only


def _simple(core: str) -> TextNumber:
    shape = _shape(core, checked=True)
    return TextNumber(core if shape else None, shape, None)


def take_apart(text: str) -> TextNumber:
    simple = _SIMPLE.fullmatch(text)
    if simple:
        return _simple(simple.group(1))
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


_SHAPES = np.array(["comma", "point", "amb_comma", "amb_dot", "plain"], dtype=object)


def _simple_shapes(core: pd.Series) -> np.ndarray:
    """`_shape` for many cores of digits and separators at once (Arrow string kernels)."""
    commas = core.str.count(",").to_numpy(dtype=np.int64)
    dots = core.str.count(r"\.").to_numpy(dtype=np.int64)
    last_comma = core.str.rfind(",").to_numpy(dtype=np.int64)
    last_dot = core.str.rfind(".").to_numpy(dtype=np.int64)
    t_comma = core.str.fullmatch(_THOUSANDS_COMMA.pattern).to_numpy(dtype=bool, na_value=False)
    t_dot = core.str.fullmatch(_THOUSANDS_DOT.pattern).to_numpy(dtype=bool, na_value=False)
    only_c, only_d = (commas > 0) & (dots == 0), (dots > 0) & (commas == 0)
    conditions = [
        (commas > 0) & (dots > 0) & (last_comma > last_dot),
        (commas > 0) & (dots > 0) & (last_comma < last_dot),
        only_c & t_comma & (commas == 1), only_c & t_comma & (commas > 1),
        only_c & ~t_comma & (commas == 1),
        only_d & t_dot & (dots == 1), only_d & t_dot & (dots > 1),
        only_d & ~t_dot & (dots == 1),
        (commas == 0) & (dots == 0),
    ]
    choices = ["comma", "point", "amb_comma", "point", "comma", "amb_dot", "comma", "point", "plain"]
    return np.select(conditions, np.array(choices, dtype=object), default=None)


def _simple_values(core: pd.Series, shapes: np.ndarray, decimal_comma: bool) -> np.ndarray:
    """The numbers of many simple cores under a column's rule for ambiguous cells (vectorised)."""
    comma_like = (shapes == "comma") | ((shapes == "amb_comma") & decimal_comma)
    point_like = (shapes == "point") | ((shapes == "amb_comma") & (not decimal_comma))
    drop_dots = comma_like | ((shapes == "amb_dot") & decimal_comma)
    t = core.where(~drop_dots, core.str.replace(".", "", regex=False))
    t = t.where(~comma_like, t.str.replace(",", ".", regex=False))
    t = t.where(~point_like, t.str.replace(",", "", regex=False))
    values = np.array(pd.to_numeric(t, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    values[pd.isna(shapes)] = np.nan
    return values


@dataclass
class TextCells:
    """The text cells of a column: distinct texts taken apart once, and what they show of the format.

    Texts of digits and separators only (the usual case) are classified with vectorised string
    kernels; the others (units, percent, tokens) one by one."""

    idx: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))   # text cell positions
    codes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # -> uniques
    uniques: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    simple: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))     # per unique
    cores: pd.Series | None = None          # per unique: the stripped text (simple ones)
    shapes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))   # per unique
    parts: dict[int, TextNumber] = field(default_factory=dict)  # the other uniques that hold a number
    comma: int = 0                  # distinct cells that show a decimal comma ("7,5", "1.234,56")
    point: int = 0                  # distinct cells that show a decimal point ("7.5", "2,000,000")
    ambiguous: str | None = None    # a cell that reads either way ("12,500", "1.234")
    example: str | None = None      # a cell with a separator

    def evidence(self) -> tuple[int, int, str | None, str | None]:
        return self.comma, self.point, self.ambiguous, self.example


def float_column(cells) -> bool:
    """A column the reader keeps as a float array: every cell a number, or blank where NaN (`RawTable`)."""
    return isinstance(cells, np.ndarray) and cells.dtype.kind == "f"


def text_cells(cells) -> TextCells:
    if float_column(cells):
        return TextCells()
    n = len(cells)
    is_str = np.fromiter((type(v) is str for v in cells), dtype=bool, count=n)
    out = TextCells()
    if not is_str.any():
        return out
    out.idx = np.flatnonzero(is_str)
    column = cells if isinstance(cells, np.ndarray) else np.asarray(cells, dtype=object)
    out.codes, uniques = pd.factorize(column[out.idx])
    out.uniques = np.asarray(uniques, dtype=object)
    texts = pd.Series(out.uniques, dtype="str")
    out.simple = texts.str.fullmatch(_SIMPLE.pattern).to_numpy(dtype=bool, na_value=False)
    out.cores = texts.str.strip()
    shapes = np.full(len(texts), None, dtype=object)
    if out.simple.any():
        shapes[out.simple] = _simple_shapes(out.cores[out.simple])
    for u in np.flatnonzero(~out.simple):
        text = out.uniques[u]
        if not (missing_token(text) or excel_error(text)):
            part = out.parts[int(u)] = take_apart(text)
            shapes[u] = part.shape
    out.shapes = shapes
    out.comma, out.point = int((shapes == "comma").sum()), int((shapes == "point").sum())
    amb = np.flatnonzero((shapes == "amb_comma") | (shapes == "amb_dot"))
    sep = np.flatnonzero(np.isin(shapes, _SHAPES[:4]))
    out.ambiguous = out.uniques[amb[0]] if amb.size else None
    out.example = out.uniques[sep[0]] if sep.size else None
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
    """(value, missing, error, note) of one distinct text; `part` if taken apart before (then the
    text is neither a missing token nor an Excel error)."""
    if part is None:
        if missing_token(text):
            return np.nan, True, None, None
        if excel_error(text):
            return np.nan, False, ("excel_error", {"text": text.strip()}), None
        part = take_apart(text)
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


def _parse_texts(tc: TextCells, fmt: NumberFormat, rating: bool, money: bool, factor: float,
                 values: np.ndarray, missing: np.ndarray, errors: np.ndarray) -> list[tuple[int, str, dict]]:
    """Fill in the text cells: simple ones vectorised, the others once per distinct text."""
    k = len(tc.uniques)
    values_u = np.full(k, np.nan)
    missing_u = np.zeros(k, dtype=bool)
    errors_u = np.full(k, None, dtype=object)
    notes_u: dict[int, tuple[str, dict]] = {}
    if tc.simple.any():
        values_u[tc.simple] = _simple_values(tc.cores[tc.simple], tc.shapes[tc.simple], fmt.decimal_comma) * factor
        for u in np.flatnonzero(tc.simple & pd.isna(tc.shapes)):
            errors_u[u] = ("not_a_number", {"text": tc.uniques[u]})
    for u in np.flatnonzero(~tc.simple):
        values_u[u], missing_u[u], errors_u[u], note = _parse_text(tc.uniques[u], tc.parts.get(int(u)), fmt,
                                                                   rating, money, factor)
        if note is not None:
            notes_u[int(u)] = note
    values[tc.idx] = values_u[tc.codes]
    missing[tc.idx] = missing_u[tc.codes]
    errors[tc.idx] = errors_u[tc.codes]
    if not notes_u:
        return []
    noted = np.zeros(k, dtype=bool)
    noted[list(notes_u)] = True
    hit = noted[tc.codes]
    return [(int(i), *notes_u[int(u)]) for i, u in zip(tc.idx[hit], tc.codes[hit], strict=True)]


def _bounds(values: np.ndarray, errors: np.ndarray, has_error: np.ndarray, cells, money: bool,  # noqa: ANN001
            low: float | None, high: float | None) -> np.ndarray:
    """Errors of the numbers beyond their bounds (money: ±MAX_AMOUNT; low/high) among the cells without
    an error yet; returns the cells with an error."""
    ok = ~np.isnan(values)
    if money:
        big = ok & (np.abs(values) > MAX_AMOUNT) & ~has_error
        for i in np.flatnonzero(big):
            errors[i] = ("too_large", {"text": describe(cells[i])})
        has_error = has_error | big
    if low is not None or high is not None:
        lo = -np.inf if low is None else low
        hi = np.inf if high is None else high
        out = ok & ((values < lo) | (values > hi)) & ~has_error
        for i in np.flatnonzero(out):   # a one-sided range names its bound only (JSON has no infinity)
            value = float(values[i])
            if high is None:
                errors[i] = ("below_minimum", {"value": value, "low": lo})
            elif low is None:
                errors[i] = ("above_maximum", {"value": value, "high": hi})
            else:
                errors[i] = ("out_of_range", {"value": value, "low": lo, "high": hi})
        has_error = has_error | out
    return has_error


def _parse_floats(cells: np.ndarray, low: float | None, high: float | None, money: bool,
                  factor: float) -> ParsedColumn:
    """The reader's column of numbers and blanks (NaN) at once: no cell to look at one by one, no text."""
    values = cells * factor
    errors = np.full(len(cells), None, dtype=object)
    has_error = np.isinf(values)        # ±inf in the cell, or beyond float range after the unit
    for i in np.flatnonzero(has_error):
        errors[i] = ("not_finite", {"text": describe(cells[i])})
    has_error = _bounds(values, errors, has_error, cells, money, low, high)
    if has_error.any():
        values[has_error] = np.nan
    return ParsedColumn(values, np.isnan(cells), errors, [])


def parse_numeric(cells: list, *, decimal_comma: bool | None = None, fmt: NumberFormat | None = None,
                  texts: TextCells | None = None, rating: bool, low: float | None = None,
                  high: float | None = None, money: bool = False, factor: float = 1.0) -> ParsedColumn:
    """Parse one column of cells into numbers, vectorised; text is parsed once per distinct value.

    `rating=True` reads "75 %" as 7.5 (a share of the 0-10 scale); bounds give a range error.
    `money=True` scales by the column's unit `factor` (a unit in the cell wins) and treats values
    beyond ±MAX_AMOUNT as errors; NaN and ±inf are errors in every column.
    """
    if float_column(cells):
        return _parse_floats(cells, low, high, money, factor)
    fmt = fmt or NumberFormat(bool(decimal_comma))
    n = len(cells)
    values = np.full(n, np.nan)
    missing = np.zeros(n, dtype=bool)
    errors = np.full(n, None, dtype=object)
    notes: list[tuple[int, str, dict]] = []
    s = pd.Series(cells, dtype=object)
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
        notes = _parse_texts(texts or text_cells(cells), fmt, rating, money, factor, values, missing, errors)
    other = ~(is_num | is_str | is_none)
    for i in np.flatnonzero(other):
        v = cells[i]
        if isinstance(v, bool):
            errors[i] = ("bool_not_number", {"text": "WAHR" if v else "FALSCH"})
        elif isinstance(v, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
            errors[i] = ("date_not_number", {"text": describe(v)})
        else:
            errors[i] = ("not_a_number", {"text": describe(v)})
    has_error = _bounds(values, errors, errors != None, cells, money, low, high)  # noqa: E711 (elementwise)
    if has_error.any():
        values[has_error] = np.nan
        notes = [note for note in notes if not has_error[note[0]]]
    return ParsedColumn(values, missing, errors, notes)


def parse_yes_no(cells: list, *, decimal_comma: bool) -> tuple[ParsedColumn, str]:
    """Yes/no in any common spelling (1.0/0.0), or a 0-10 satisfaction rating.

    Returns the parsed column and its scale: "yesno" or "rating". In an "x or blank" column
    (only x marks, no explicit no), a blank cell means no.

    A column of texts only (the usual "ja"/"nein", blanks as '') is read once per distinct text and
    spread to its cells: every cell is read on its own, and the column's decisions (an "x" column, the
    scale) depend on the set of texts only.
    """
    if float_column(cells) or not len(cells) or set(map(type, cells)) != {str}:
        return _parse_yes_no(cells, decimal_comma=decimal_comma)
    codes, uniques = pd.factorize(np.asarray(cells, dtype=object))
    each, scale = _parse_yes_no(list(uniques), decimal_comma=decimal_comma)
    notes: list[tuple[int, str, dict]] = []
    if each.notes:
        note_of = {u: (code, params) for u, code, params in each.notes}
        noted = np.zeros(len(uniques), dtype=bool)
        noted[list(note_of)] = True
        notes = [(i, *note_of[u]) for i, u in zip(np.flatnonzero(noted[codes]).tolist(),
                                                   codes[noted[codes]].tolist(), strict=True)]
    return ParsedColumn(each.values[codes], each.missing[codes], each.errors[codes], notes), scale


def _parse_yes_no(cells: list, *, decimal_comma: bool) -> tuple[ParsedColumn, str]:
    cells = python_cells(cells)
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
    if float_column(cells):
        return np.isnan(cells)
    return pd.Series(cells, dtype=object).isin(["", None]).to_numpy()


def texts_of(cells) -> list[str]:
    """cell_text for a column; text cells (the usual case) only lose surrounding spaces."""
    cells = python_cells(cells)  # Python floats: cell_text("7.5"), not numpy's repr; '' for a blank
    if set(map(type, cells)) == {str}:
        return list(map(str.strip, cells))
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
