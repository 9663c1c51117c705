"""What the column editor needs of a file, without the full table: columns, example values, sheets.

Kept for all sessions per file content, type and sheet (`keep`, at most `KEPT` files): `state._build`
reads the table once and keeps its inspection with the list it builds, so the data page's column editor
does not read and recognise the cached table a second time (0.15 s at 100,000 rows).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from kundenwert.dataset import ColumnInfo
from kundenwert.ingest.reader import RawTable

SAMPLES = 3                             # example values shown per column
KEPT = 12                               # files whose inspection is kept (small objects)


@dataclass
class Inspection:
    """Columns (with recognition), a few example values per column as read (mapping_form words them), sheets."""

    columns: list[ColumnInfo]
    samples: list[tuple]
    sheet: str | None
    sheet_names: list[str]
    header_row: int
    rows_read: int


def of(raw: RawTable, columns: list[ColumnInfo]) -> Inspection:
    """The inspection of a read table with its recognised columns, in no language."""
    samples = []
    for j in range(len(raw.headers)):
        seen: list = []
        for row in raw.rows[:200]:
            value = row[j]
            if value is not None and str(value).strip() and value not in seen:
                seen.append(value)
            if len(seen) == 2 * SAMPLES:     # spare values: two may read the same ("3" and 3.0)
                break
        samples.append(tuple(seen))
    return Inspection(columns, samples, raw.sheet, list(raw.sheet_names), raw.header_row, raw.rows_read)


_kept: OrderedDict[tuple, Inspection] = OrderedDict()     # most recently used last
_lock = threading.Lock()


def kept(key: tuple) -> Inspection | None:
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
        return _kept.get(key)


def keep(key: tuple, inspection: Inspection) -> Inspection:
    with _lock:
        _kept[key] = inspection
        _kept.move_to_end(key)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return inspection


def clear() -> None:
    with _lock:
        _kept.clear()
