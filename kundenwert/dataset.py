"""From a raw table to a checked customer list: column mapping, cell parsing, row accounting.

Every data row ends up in exactly one place: a customer (scored later, or not scorable), a rejected
row (with the cells that are wrong), or a skipped row (blank, total row, no customer data). Cell
values are parsed per column with pandas; text values are parsed once per distinct value.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .criteria import (
    CRITERIA_BY_KEY,
    CRITERION_KEYS,
    CUSTOM_PREFIX,
    FIELDS_BY_KEY,
    MONEY_FIELDS,
    YES_NO_FIELDS,
    is_total_label,
    label_de,
    recognise_header,
)
from .ingest.reader import RawTable

# ------------------------------------------------------------------------------------ cell parsing

_MISSING = frozenset({
    "", "ka", "keineangabe", "keineangaben", "-", "–", "—", "--", "n/a", "na", "nv", "#nv", "#n/a",
    "?", "/", "none", "null", "nan", "offen", "unbekannt", "unknown", "tbd",
})
_YES = frozenset({"ja", "j", "yes", "y", "x", "wahr", "true", "w", "t", "✓", "✔", "zufrieden", "ok"})
_NO = frozenset({"nein", "n", "no", "falsch", "false", "f", "unzufrieden", "nicht zufrieden"})

_INT = re.compile(r"[+-]?\d+")
_THOUSANDS_COMMA = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+")
_THOUSANDS_DOT = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
_CURRENCY = re.compile(r"€|eur(?:o)?|t€|\s|\u00a0|\u202f|'", re.IGNORECASE)


def missing_token(text: str) -> bool:
    """True for the usual ways of writing "no value": blank, k.A., -, n/a …"""
    return text.strip().lower().replace(".", "").replace(" ", "") in _MISSING


def parse_number_text(text: str, decimal_comma: bool = True) -> tuple[float, bool] | None:
    """Parse a number written as text: "7,5", "1.234,56 €", "1,234.56", "75 %".

    Returns (value, was_percent) or None if the text is not a number. A single dot followed by
    exactly three digits ("1.234") is a thousands separator when the file uses decimal commas.
    """
    t = _CURRENCY.sub("", text.strip())
    percent = t.endswith("%")
    if percent:
        t = t[:-1]
    if t.startswith("(") and t.endswith(")"):
        t = "-" + t[1:-1]
    if not t:
        return None
    if "," in t and "." in t:
        t = t.replace(".", "").replace(",", ".") if t.rfind(",") > t.rfind(".") else t.replace(",", "")
    elif "," in t:
        if _THOUSANDS_COMMA.fullmatch(t) and not decimal_comma:
            t = t.replace(",", "")
        elif t.count(",") == 1:
            t = t.replace(",", ".")
        else:
            return None
    elif "." in t and _THOUSANDS_DOT.fullmatch(t) and (t.count(".") > 1 or decimal_comma):
        t = t.replace(".", "")
    try:
        value = float(t)
    except ValueError:
        return None
    if not np.isfinite(value):
        return None
    return value, percent


def _describe(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


@dataclass
class ParsedColumn:
    values: np.ndarray      # float64, NaN where missing or bad
    missing: np.ndarray     # bool: blank or an explicit "no value" token
    errors: np.ndarray      # object: None, or the German reason the cell is unusable


def _type_masks(s: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    types = pd.Series(s.map(type).to_numpy(dtype=object))
    is_num = types.isin([float, int]).to_numpy()
    is_str = types.isin([str]).to_numpy()
    is_none = types.isin([type(None)]).to_numpy()
    return is_num, is_str, is_none


def parse_numeric(cells: list, *, decimal_comma: bool, rating: bool, low: float | None = None,
                  high: float | None = None) -> ParsedColumn:
    """Parse one column of cells into numbers, vectorised; text is parsed once per distinct value.

    `rating=True` reads "75 %" as 7.5 (a share of the 0-10 scale); bounds give a range error.
    """
    s = pd.Series(cells, dtype=object)
    n = len(s)
    values = np.full(n, np.nan)
    missing = np.zeros(n, dtype=bool)
    errors = np.full(n, None, dtype=object)
    is_num, is_str, is_none = _type_masks(s)
    if is_num.any():
        values[is_num] = s[is_num].astype(float).to_numpy()
    missing |= is_none
    if is_str.any():
        texts = s[is_str]
        parsed: dict[str, tuple[float, bool, str | None]] = {}
        for text in pd.unique(texts):
            if missing_token(text):
                parsed[text] = (np.nan, True, None)
            elif text.strip().startswith("#"):
                parsed[text] = (np.nan, False, f"Excel-Fehlerwert „{_describe(text)}“")
            else:
                num = parse_number_text(text, decimal_comma)
                if num is None:
                    parsed[text] = (np.nan, False, f"„{_describe(text)}“ ist keine Zahl")
                else:
                    value, percent = num
                    parsed[text] = ((value / 10 if rating else value / 100) if percent else value, False, None)
        idx = np.flatnonzero(is_str)
        triples = [parsed[t] for t in texts.to_numpy()]
        values[idx] = [t[0] for t in triples]
        missing[idx] = [t[1] for t in triples]
        errors[idx] = [t[2] for t in triples]
    other = ~(is_num | is_str | is_none)
    for i in np.flatnonzero(other):
        v = cells[i]
        if isinstance(v, bool):
            errors[i] = f"Wahrheitswert „{'WAHR' if v else 'FALSCH'}“ statt einer Zahl"
        elif isinstance(v, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
            errors[i] = f"Datum/Uhrzeit „{_describe(v)}“ statt einer Zahl"
        else:
            errors[i] = f"„{_describe(v)}“ ist keine Zahl"
    ok = ~np.isnan(values)
    if low is not None or high is not None:
        lo = -np.inf if low is None else low
        hi = np.inf if high is None else high
        out = ok & ((values < lo) | (values > hi))
        for i in np.flatnonzero(out):
            errors[i] = f"Wert {_describe(float(values[i]))} liegt außerhalb {_describe(lo)}–{_describe(hi)}"
        values[out] = np.nan
    values[errors != None] = np.nan  # noqa: E711 (elementwise on an object array)
    return ParsedColumn(values, missing, errors)


def parse_yes_no(cells: list, *, decimal_comma: bool) -> tuple[ParsedColumn, str]:
    """Yes/no in any common spelling (1.0/0.0), or a 0-10 satisfaction rating.

    Returns the parsed column and its scale: "yesno" or "rating". In an "x or blank" column
    (only x marks, no explicit no), a blank cell means no.
    """
    s = pd.Series(cells, dtype=object)
    is_str = s.map(type).isin([str]).to_numpy()
    norm = s.copy()
    norm[is_str] = s[is_str].str.strip().str.lower()
    texts = {v for v in pd.unique(norm[is_str]) if v}
    x_column = bool(texts) and texts <= {"x", "✓", "✔"}
    is_bool = s.map(type).isin([bool]).to_numpy()
    yes = (norm.isin(_YES).to_numpy() & is_str) | (is_bool & (s == True).to_numpy())  # noqa: E712
    no = (norm.isin(_NO).to_numpy() & is_str) | (is_bool & (s == False).to_numpy())  # noqa: E712
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
    return ParsedColumn(values, missing, parsed.errors), scale


def _empty_mask(cells) -> np.ndarray:
    """True where a cell is empty ('' or None). Cells of only spaces count as values here; a row of
    them has no customer data and is skipped for that reason."""
    return pd.Series(cells, dtype=object).isin(["", None]).to_numpy()


def _texts(cells) -> list[str]:
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


# ------------------------------------------------------------------------------ column recognition

@dataclass
class ColumnInfo:
    index: int
    letter: str
    header: str
    recognised: str | None     # what header recognition said
    key: str | None            # what the column is used as (None = ignored)
    rating_like: bool          # every filled cell is a number 0-10 (offered as own criterion)
    filled: int                # cells with a value

    @property
    def label(self) -> str:
        return f"Spalte {self.letter} „{self.header or '(ohne Überschrift)'}“"


def custom_key(header: str, letter: str) -> str:
    return CUSTOM_PREFIX + (header or f"Spalte {letter}")


def recognise_columns(raw: RawTable) -> list[ColumnInfo]:
    """Recognise every column and propose its use. Duplicates: the first column wins."""
    infos: list[ColumnInfo] = []
    taken: set[str] = set()
    for j, header in enumerate(raw.headers):
        cells = [r[j] for r in raw.rows[:2000]]
        filled_cells = [c for c in cells if not (c is None or (isinstance(c, str) and missing_token(c)))]
        parsed = parse_numeric(filled_cells, decimal_comma=raw.decimal_comma, rating=True)
        nums = parsed.values[~np.isnan(parsed.values)]
        numeric = bool(filled_cells) and nums.size == len(filled_cells)
        rating_like = numeric and bool(((nums >= 0) & (nums <= 10)).all())
        key = recognise_header(header) if header else None
        # "Deckungsbeitrag" with euro amounts is the margin field, not the 0-10 criterion.
        if key == "contribution_margin" and numeric and nums.size and np.nanmax(np.abs(nums)) > 10:
            key = "margin"
        infos.append(ColumnInfo(j, raw.letters[j], header, key, None, rating_like, len(filled_cells)))
    for info in infos:
        if info.recognised and info.recognised not in taken:
            info.key = info.recognised
            taken.add(info.recognised)
    return infos


def default_mapping(columns: list[ColumnInfo]) -> dict[int, str | None]:
    return {c.index: c.key for c in columns}


def mapping_targets() -> list[str]:
    """Every key a column can be mapped to (fields first, then the twelve criteria)."""
    return list(FIELDS_BY_KEY) + list(CRITERION_KEYS)


# ---------------------------------------------------------------------------------- customer list

@dataclass
class CustomerList:
    raw: RawTable
    columns: list[ColumnInfo]
    mapping: dict[int, str | None]
    criteria: list[str]                     # active criteria (catalogue keys and custom:…), column order
    ratings: np.ndarray                     # float64, customers x criteria, NaN = missing
    customers: pd.DataFrame                 # id, name, row, and the optional fields
    satisfaction_scale: dict[str, str]      # field -> "yesno" | "rating"
    rejected: pd.DataFrame                  # row, reason
    skipped: pd.DataFrame                   # row, reason
    issues: pd.DataFrame                    # severity ("error"/"warning"/"info"), row, column, message
    id_order: np.ndarray = field(repr=False)  # rank of each customer's id in natural id order

    @property
    def rows_read(self) -> int:
        return self.raw.rows_read

    def has(self, key: str) -> bool:
        return key in self.customers.columns and self.customers[key].notna().any()

    def criterion_label(self, key: str) -> str:
        return label_de(key)


_ISSUE_COLUMNS = ["severity", "row", "column", "message"]


def _issue_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=_ISSUE_COLUMNS) if records else pd.DataFrame(
        {"severity": pd.Series(dtype=str), "row": pd.Series(dtype="Int64"),
         "column": pd.Series(dtype=str), "message": pd.Series(dtype=str)})
    frame["row"] = frame["row"].astype("Int64")
    return frame


def _natural_order(ids: pd.Series) -> np.ndarray:
    """Rank of each id in natural order: numeric ids by value first, then text."""
    numeric = pd.to_numeric(ids, errors="coerce").to_numpy(dtype=float)
    numeric = np.where(np.isnan(numeric), np.inf, numeric)
    order = np.lexsort((ids.to_numpy(dtype=object).astype(str), numeric))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank


def build(raw: RawTable, mapping: dict[int, str | None] | None = None,
          columns: list[ColumnInfo] | None = None) -> CustomerList:
    """Interpret the raw table with a column mapping (default: the recognised one)."""
    columns = columns if columns is not None else recognise_columns(raw)
    if mapping is None:
        mapping = default_mapping(columns)
    mapping = {int(k): v for k, v in mapping.items()}
    for info in columns:
        info.key = mapping.get(info.index)
    by_key: dict[str, int] = {}
    issues: list[dict] = [{"severity": "info", "row": None, "column": None, "message": note} for note in raw.notes]
    recognised_first = {}
    for info in columns:
        if info.recognised and info.recognised == info.key:
            recognised_first.setdefault(info.recognised, info)
    for info in columns:
        if info.key is None:
            first = recognised_first.get(info.recognised)
            if first is not None and first is not info and mapping.get(first.index) == info.recognised:
                issues.append({"severity": "warning", "row": raw.header_row, "column": info.letter,
                               "message": f"{info.label} ist wie {first.label} „{label_de(info.recognised)}“ – "
                                          "nur die erste wird verwendet."})
            elif info.rating_like and info.header:
                issues.append({"severity": "info", "row": raw.header_row, "column": info.letter,
                               "message": f"{info.label} enthält nur Werte von 0 bis 10 – in der Spaltenzuordnung "
                                          "als eigenes Kriterium übernehmbar."})
            elif info.filled and not info.header:
                issues.append({"severity": "warning", "row": raw.header_row, "column": info.letter,
                               "message": f"Spalte {info.letter} hat Daten, aber keine Überschrift – nicht verwendet "
                                          "(in der Spaltenzuordnung zuweisbar)."})
            continue
        if info.key in by_key:
            first = columns[by_key[info.key]]
            issues.append({"severity": "warning", "row": raw.header_row, "column": info.letter,
                           "message": f"{info.label} ist wie {first.label} „{label_de(info.key)}“ – "
                                      "nur die erste wird verwendet."})
            info.key = None
            continue
        by_key[info.key] = info.index
    criteria = [k for k in (columns[i].key for i in sorted(by_key.values()))
                if k in CRITERIA_BY_KEY or k.startswith(CUSTOM_PREFIX)]
    if not criteria:
        # A survey list (matrix or NPS columns only) is valid input for the pages that need no ratings.
        issues.append({"severity": "warning", "row": None, "column": None,
                       "message": f"In „{raw.source_name}“ wurde keine Bewertungsspalte (0–10) erkannt: Ranking und "
                                  "ABC-Analyse brauchen Spalten wie „Kaufhistorie“, „Bonität“ oder "
                                  "„Zahlungsmentalität“ (eigene Spalten lassen sich in der Spaltenzuordnung als "
                                  "Kriterium übernehmen). After-Sales-Matrix und NPS gehen auch ohne."})

    rows = raw.rows
    n = len(rows)
    row_numbers = np.asarray(raw.row_numbers, dtype=np.int64)
    table = list(zip(*rows, strict=True)) if n else [() for _ in raw.headers]  # column-wise cells
    col_cells = {key: table[j] for key, j in by_key.items()}
    # uncached formulas: (Excel row, column index) -> reported per cell
    uncached_by_col: dict[int, set[int]] = {}
    for row, col in raw.uncached:
        uncached_by_col.setdefault(col, set()).add(row)

    # blank rows: narrow down column by column (after the first filled column few candidates remain)
    candidates = np.arange(n)
    for column in table:
        if not candidates.size:
            break
        cells = column if candidates.size == n else [column[i] for i in candidates]
        candidates = candidates[_empty_mask(cells)]
    blank = np.zeros(n, dtype=bool)
    blank[candidates] = True
    label_cols = [by_key[k] for k in ("id", "name") if k in by_key]
    total = np.zeros(n, dtype=bool)
    for j in dict.fromkeys([*label_cols, 0]):
        if j < len(table):
            total |= np.fromiter((is_total_label(v) for v in table[j]), dtype=bool, count=n)
    total &= ~blank

    # ratings
    k = len(criteria)
    ratings = np.full((n, k), np.nan)
    row_errors: dict[int, list[str]] = {}  # row position -> what is wrong in it
    for c, key in enumerate(criteria):
        j = by_key[key]
        parsed = parse_numeric(col_cells[key], decimal_comma=raw.decimal_comma, rating=True, low=0, high=10)
        info = columns[j]
        for excel_row in uncached_by_col.get(j, ()):
            i = excel_row - raw.row_numbers[0] if n else -1
            if 0 <= i < n:
                parsed.errors[i] = "Formel ohne gespeicherten Wert (Datei in Excel öffnen und speichern)"
                parsed.missing[i] = False
        ratings[:, c] = parsed.values
        for i in np.flatnonzero(parsed.errors != None):  # noqa: E711
            row_errors.setdefault(int(i), []).append(f"{info.label} ({info.letter}{row_numbers[i]}): {parsed.errors[i]}")
        for i in np.flatnonzero(parsed.missing & ~blank & ~total):
            issues.append({"severity": "warning", "row": int(row_numbers[i]), "column": info.letter,
                           "message": f"Fehlende Bewertung in {info.letter}{row_numbers[i]} ({label_de(key)}) – "
                                      "zählt nicht als 0, der Kunde wird über die übrigen Kriterien bewertet."})

    # identity and optional fields
    data: dict[str, object] = {}
    if "id" in by_key:
        ids = pd.Series(_texts(col_cells["id"]), dtype=object)
    else:
        ids = pd.Series([str(r) for r in row_numbers], dtype=object)
        issues.append({"severity": "info", "row": None, "column": None,
                       "message": "Keine Spalte für die Kunden-Nr. erkannt: die Excel-Zeilennummer dient als Nr."})
    names = pd.Series(_texts(col_cells["name"]), dtype=object) if "name" in by_key else ids.copy()
    no_customer_data = (ids == "").to_numpy() & (names == "").to_numpy() & np.isnan(ratings).all(axis=1)
    skip = blank | total | (no_customer_data & ~blank)

    for key in (*MONEY_FIELDS, "orders", "recommend"):
        if key not in by_key:
            continue
        j = by_key[key]
        low, high = {"orders": (0, None), "recommend": (0, 10)}.get(key, (None, None))
        parsed = parse_numeric(col_cells[key], decimal_comma=raw.decimal_comma, rating=key == "recommend",
                               low=low, high=high)
        data[key] = parsed.values
        for i in np.flatnonzero((parsed.errors != None) & ~skip):  # noqa: E711
            issues.append({"severity": "warning", "row": int(row_numbers[i]), "column": columns[j].letter,
                           "message": f"{columns[j].label} ({columns[j].letter}{row_numbers[i]}): {parsed.errors[i]} "
                                      "– als fehlend behandelt."})
    satisfaction_scale: dict[str, str] = {}
    for key in YES_NO_FIELDS:
        if key not in by_key:
            continue
        j = by_key[key]
        parsed, scale = parse_yes_no(col_cells[key], decimal_comma=raw.decimal_comma)
        if key == "repurchase" and scale == "rating":
            scale = "yesno"
            bad = ~np.isnan(parsed.values) & ~np.isin(parsed.values, (0.0, 1.0))
            parsed.errors[bad] = "Wiederkauf muss ja/nein (oder 1/0) sein"
            parsed.values[bad] = np.nan
        satisfaction_scale[key] = scale
        data[key] = parsed.values
        for i in np.flatnonzero((parsed.errors != None) & ~skip):  # noqa: E711
            issues.append({"severity": "warning", "row": int(row_numbers[i]), "column": columns[j].letter,
                           "message": f"{columns[j].label} ({columns[j].letter}{row_numbers[i]}): {parsed.errors[i]} "
                                      "– als fehlend behandelt."})
    # formulas saved without a value in the other used columns: reported, read as blank
    for key, j in by_key.items():
        if key in criteria:
            continue
        for excel_row in sorted(uncached_by_col.get(j, ())):
            issues.append({"severity": "warning", "row": excel_row, "column": columns[j].letter,
                           "message": f"Formel ohne gespeicherten Wert in {columns[j].letter}{excel_row} – als leer "
                                      "gelesen (Datei in Excel öffnen und speichern)."})
    if "status" in by_key:
        status_of = {}
        data["status"] = [status_of[v] if v in status_of else status_of.setdefault(v, _status(v))
                          for v in col_cells["status"]]

    # id problems: blank ids get the row number, duplicates are rejected (the first stays)
    blank_id = (ids == "").to_numpy() & ~skip
    if "id" in by_key and blank_id.any():
        for i in np.flatnonzero(blank_id):
            issues.append({"severity": "warning", "row": int(row_numbers[i]), "column": columns[by_key["id"]].letter,
                           "message": f"Keine Kunden-Nr. in Zeile {row_numbers[i]} – die Zeilennummer dient als Nr."})
        ids = ids.where(~blank_id, pd.Series([f"Zeile {r}" for r in row_numbers], dtype=object))
    candidates = ~skip
    dup = pd.Series(ids[candidates].to_numpy()).duplicated(keep="first").to_numpy()
    if dup.any():
        cand_idx = np.flatnonzero(candidates)
        first_row = {}
        for i in cand_idx:
            first_row.setdefault(ids.iat[i], int(row_numbers[i]))
        for i in cand_idx[dup]:
            row_errors.setdefault(int(i), []).insert(0, f"Kunden-Nr. „{ids.iat[i]}“ doppelt: schon in Zeile {first_row[ids.iat[i]]}")

    has_error = np.zeros(n, dtype=bool)
    has_error[list(row_errors)] = True
    has_error &= ~skip
    keep = ~skip & ~has_error

    rejected = pd.DataFrame({"row": row_numbers[has_error],
                             "reason": ["; ".join(row_errors[i]) for i in np.flatnonzero(has_error)]})
    skip_reason = np.where(blank, "leere Zeile", np.where(total, "Summenzeile – nicht als Kunde gezählt",
                                                           "keine Kundendaten (weder Nr., Name noch Bewertung)"))
    skipped = pd.DataFrame({"row": row_numbers[skip], "reason": skip_reason[skip]})
    for i in np.flatnonzero(total):
        issues.append({"severity": "info", "row": int(row_numbers[i]), "column": None,
                       "message": f"Zeile {row_numbers[i]} ist eine Summenzeile und wird nicht als Kunde gezählt."})
    for r, reason in zip(rejected["row"], rejected["reason"], strict=True):
        issues.append({"severity": "error", "row": int(r), "column": None,
                       "message": f"Zeile {r} nicht verwendet: {reason}"})

    customers = pd.DataFrame({"id": ids[keep].to_numpy(), "name": names[keep].to_numpy(),
                              "row": row_numbers[keep]})
    for key, values in data.items():
        customers[key] = np.asarray(values, dtype=object if key == "status" else float)[keep]
    customers["name"] = customers["name"].where(customers["name"] != "", customers["id"])
    issues_frame = _issue_frame(issues).sort_values(["row"], na_position="first", kind="stable").reset_index(drop=True)
    return CustomerList(
        raw=raw, columns=columns, mapping=mapping, criteria=criteria, ratings=np.ascontiguousarray(ratings[keep]),
        customers=customers, satisfaction_scale=satisfaction_scale, rejected=rejected, skipped=skipped,
        issues=issues_frame, id_order=_natural_order(customers["id"]),
    )


def _status(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    norm = value.strip().lower()
    if norm.startswith(("neu", "new", "erst")):
        return "new"
    if norm.startswith(("bestand", "alt", "stamm", "existing", "exist", "bestehend", "wiederkehrend")):
        return "existing"
    return value.strip()


def load(data: bytes, filename: str, sheet: str | None = None) -> CustomerList:
    """Read and interpret a file with the recognised column mapping."""
    from .ingest.reader import read_table

    return build(read_table(data, filename, sheet))
