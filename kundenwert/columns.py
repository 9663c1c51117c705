"""Column recognition: what each column of a raw table is, proposed from its header.

The header decides (`criteria.read_header`). Only a truly ambiguous header ("Deckungsbeitrag",
"DB", "Marge" without a unit) is decided by the values, and only by a large majority of the
numeric cells; `build` reports that choice, and the mapping stays editable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cells import float_column, missing_token, parse_numeric
from .criteria import CRITERION_KEYS, CUSTOM_PREFIX, FIELDS_BY_KEY, HeaderReading, read_header
from .ingest.reader import RawTable

SAMPLE_ROWS = 2000          # rows looked at to tell whether a column holds only 0-10 values
MONEY_MAJORITY = 0.9        # an ambiguous header is money when at least this share of numbers is > 10


@dataclass
class ColumnInfo:
    index: int
    letter: str
    header: str
    recognised: str | None     # what header recognition said
    key: str | None            # what the column is used as (None = ignored)
    rating_like: bool          # every filled cell is a number 0-10 (offered as own criterion)
    filled: int                # cells with a value (within the first SAMPLE_ROWS rows)
    unit_factor: float = 1.0   # money in T€ (1e3) or Mio. € (1e6) by the header
    unit_label: str = ""       # "€", "T€", "Mio. €", "0–10" as the header names it
    money_share: float | None = None  # ambiguous header only: share of numbers > 10 that decided it


def custom_key(header: str, letter: str) -> str:
    """The key of an own criterion: its header, or "Spalte C" for a column without one (an identifier in
    links and scenario files, so German in every language; criteria.label words it)."""
    return CUSTOM_PREFIX + (header or f"Spalte {letter}")


def _by_values(raw: RawTable, j: int, reading: HeaderReading) -> tuple[str | None, float | None]:
    """An ambiguous header: money if a large majority of its numbers is beyond the 0-10 scale."""
    parsed = parse_numeric(raw.columns[j], decimal_comma=raw.decimal_comma, rating=False)
    nums = parsed.values[~np.isnan(parsed.values)]
    if not nums.size:
        return reading.key, None
    share = float(np.mean(np.abs(nums) > 10))
    return (reading.twin if share >= MONEY_MAJORITY else reading.key), share


PROBE = 50                  # filled cells parsed first: one that is not a number ends the look at a text column


def _filled_numbers(raw: RawTable, j: int) -> tuple[int, np.ndarray | None]:
    """Of the first SAMPLE_ROWS cells of column j: how many hold a value (not blank, not a "no value" token),
    and their numbers if every one of them is a finite number (else None)."""
    column = raw.columns[j][:SAMPLE_ROWS]
    if float_column(column):         # the reader's numbers, NaN for a blank: no cell to look at one by one
        nums = column[np.isfinite(column)]
        filled = int(np.count_nonzero(~np.isnan(column)))
        return filled, (nums if filled and nums.size == filled else None)
    missing: dict[str, bool] = {}    # each distinct text looked at once
    filled_cells = [c for c in raw.cells(j, SAMPLE_ROWS) if not (c is None or (isinstance(c, str) and (
        missing[c] if c in missing else missing.setdefault(c, missing_token(c)))))]
    if not filled_cells:
        return 0, None
    for cells in (filled_cells[:PROBE], filled_cells):    # a text column of names fails on the probe
        parsed = parse_numeric(cells, decimal_comma=raw.decimal_comma, rating=True)
        nums = parsed.values[~np.isnan(parsed.values)]
        if nums.size != len(cells):
            return len(filled_cells), None
        if len(cells) == len(filled_cells):
            break
    return len(filled_cells), nums


def recognise_columns(raw: RawTable) -> list[ColumnInfo]:
    """Recognise every column and propose its use. Duplicates: the first column wins."""
    infos: list[ColumnInfo] = []
    taken: set[str] = set()
    for j, header in enumerate(raw.headers):
        filled, nums = _filled_numbers(raw, j)
        rating_like = nums is not None and bool(((nums >= 0) & (nums <= 10)).all())
        reading = read_header(header) if header else HeaderReading(None)
        key, share = reading.key, None
        if reading.ambiguous:
            key, share = _by_values(raw, j, reading)
        infos.append(ColumnInfo(j, raw.letters[j], header, key, None, rating_like, filled,
                                reading.factor, reading.unit_label, share))
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
