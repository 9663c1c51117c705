"""Row accounting helpers: the table column-wise with Excel positions, total rows, repeated ids.

A total row is recognised by its label ("Summe", "Total" …) AND either no own customer id or
numbers that equal the column sums; a row with its own id and its own numbers is a customer,
whatever it is called.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .cells import empty_mask, float_column
from .columns import ColumnInfo
from .criteria import MONEY_FIELDS, TOTAL_LABEL_MAX, TOTAL_ROW_WORDS, is_total_label
from .findings import clip
from .ingest.reader import RawTable


@dataclass
class Table:
    """The raw table column-wise, with Excel positions."""

    raw: RawTable
    cells: list[list]               # per column index: its cells (the raw table's own lists)
    row_numbers: np.ndarray         # Excel row per data row
    blank: np.ndarray               # row has no value at all

    @classmethod
    def of(cls, raw: RawTable) -> Table:
        n = raw.rows_read
        cells = raw.columns if n else [[] for _ in raw.headers]
        candidates = np.arange(n)  # blank rows: narrowed down column by column
        for column in cells:
            if not candidates.size:
                break
            sub = column if candidates.size == n else \
                column[candidates] if float_column(column) else [column[i] for i in candidates]
            candidates = candidates[empty_mask(sub)]
        blank = np.zeros(n, dtype=bool)
        blank[candidates] = True
        return cls(raw, cells, np.asarray(raw.row_numbers, dtype=np.int64), blank)

    @property
    def n(self) -> int:
        return len(self.row_numbers)

    def positions(self, excel_rows) -> np.ndarray:
        first = int(self.row_numbers[0]) if self.n else 0
        idx = np.asarray(sorted(excel_rows), dtype=np.int64) - first
        return idx[(idx >= 0) & (idx < self.n)]


def total_rows(table: Table, used: dict[str, ColumnInfo], ids: pd.Series, parsed: dict
                ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Total rows: a label ("Summe", "Total" …) AND no own customer id, or numbers that equal the
    column sums (of the rows above or of the whole column). Returns (mask, why code, label)."""
    n = table.n
    label_cols = list(dict.fromkeys([*(used[k].index for k in ("id", "name") if k in used), 0]))
    label = np.zeros(n, dtype=bool)
    label_text = [""] * n
    for j in label_cols:
        if j < len(table.cells):
            hits = _total_labels(table.cells[j])
            for i in np.flatnonzero(hits & ~label):
                label_text[i] = str(table.cells[j][i]).strip()
            label |= hits
    label &= ~table.blank
    why = np.full(n, "", dtype=object)
    if not label.any():
        return label, why, label_text
    own_id = np.zeros(n, dtype=bool)
    if "id" in used:
        id_cells = table.cells[used["id"].index]
        own_id = (ids != "").to_numpy() & ~_total_labels(id_cells)
    sums = _equals_sums(label, [parsed[k].values for k in (*MONEY_FIELDS, "orders") if k in parsed])
    total = label & (~own_id | sums)
    why[total] = np.where(own_id[total], "sums", "no_id")
    return total, why, label_text


_LABEL_FIRST = pa.array(sorted({w[0] for w in TOTAL_ROW_WORDS}), type=pa.string())  # Arrow trims what str.lstrip does
# every character a total label can hold (criteria._TOTAL, case-insensitive as Python's re matches: with İ ı ſ ς, and
# every character its \s matches) and ":": a text with any other character (a name: "GmbH", "&", "7") is none
_LABEL_LETTERS = sorted(set("".join(TOTAL_ROW_WORDS)) - {" "})
_LABEL_CHARS = ("".join(_LABEL_LETTERS) + "".join(c.upper() for c in _LABEL_LETTERS) + "İıſς:"
                + "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                  "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_NOT_LABEL_CHAR = "[^" + "".join(f"\\x{{{ord(c):x}}}" for c in _LABEL_CHARS) + "]"   # RE2, by code point


def _total_labels(cells) -> np.ndarray:
    """is_total_label per cell, decided once per distinct text that could be one: a text whose first
    letter (after spaces, any case) starts a total word; the other texts are ruled out in Arrow."""
    texts = [] if float_column(cells) else [v for v in cells if type(v) is str]
    if not texts:
        return np.zeros(len(cells), dtype=bool)
    try:
        arr = pa.array(texts, type=pa.string())
    except UnicodeEncodeError:  # a lone surrogate: every distinct text looked at in Python
        candidates = texts
    else:
        first = pc.utf8_lower(pc.utf8_slice_codeunits(pc.utf8_ltrim_whitespace(arr), 0, 1))
        arr = arr.filter(pc.is_in(first, value_set=_LABEL_FIRST))
        arr = arr.filter(pc.and_(pc.less_equal(pc.utf8_length(arr), TOTAL_LABEL_MAX), pc.invert(pc.match_substring_regex(
            arr, _NOT_LABEL_CHAR))))        # is_total_label's length limit, and only a label's characters
        candidates = arr.to_pylist()
    labels = [t for t in set(candidates) if is_total_label(t)]
    return pd.Series(cells, dtype=object).isin(labels).to_numpy() if labels else np.zeros(len(cells), dtype=bool)


def _equals_sums(candidates: np.ndarray, columns: list[np.ndarray]) -> np.ndarray:
    """Rows (among candidates) whose every number equals its column's sum above it or over the rest."""
    out = np.zeros(candidates.size, dtype=bool)
    if not columns:
        return out
    values = np.column_stack(columns)
    counted = np.where(candidates[:, None], 0.0, np.nan_to_num(values))
    above = np.cumsum(counted, axis=0) - counted
    whole = counted.sum(axis=0)
    for i in np.flatnonzero(candidates):
        v = values[i]
        present = ~np.isnan(v)
        if present.any():
            close = np.isclose(v, above[i], rtol=1e-6, atol=0.01) | np.isclose(v, whole, rtol=1e-6, atol=0.01)
            out[i] = bool(close[present].all())
    return out


def duplicate_ids(ids: pd.Series, candidates: np.ndarray, rows: np.ndarray) -> dict[int, tuple]:
    """Position -> (code, params) for ids already used in an earlier row (the first stays)."""
    cand_idx = np.flatnonzero(candidates)
    dup = pd.Series(ids.to_numpy()[cand_idx], dtype=object).duplicated(keep="first").to_numpy()  # no Arrow copy
    if not dup.any():
        return {}
    first_row: dict[str, int] = {}
    for i in cand_idx:
        first_row.setdefault(ids.iat[i], int(rows[i]))
    return {int(i): ("duplicate_id", {"id": clip(ids.iat[i]), "first_row": first_row[ids.iat[i]]})
            for i in cand_idx[dup]}
