"""calamine's rows into columns (reader._append_rows / _number_piece / _joined, issue 12): the faster
conversion gives the same columns as the one before it, byte for byte; and the worker's parse ahead
(open_workbook while the scan runs) reads the same table as a read from scratch."""

from __future__ import annotations

import datetime as dt
import io
import math
from itertools import islice

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenwert.ingest import reader, safety, workbook
from kundenwert.ingest.reader import _append_rows, _joined, python_cells
from kundenwert.ingest.safety import check_file

# ----------------------------------------------------------------- the conversion before issue 12 (reference)


def _reference_append_rows(pieces: list[list], rows, width: int, chunk_rows: int) -> None:
    while True:
        chunk = list(islice(rows, chunk_rows))
        if not chunk:
            return
        chunk = [r + [""] * (width - len(r)) if len(r) < width else r for r in chunk]
        for column, cells in zip(pieces, zip(*chunk, strict=True), strict=True):
            column.append(_reference_number_piece(cells))


def _reference_number_piece(cells: tuple) -> np.ndarray | list:
    kinds = list(map(type, cells))
    types = set(kinds)
    if types == {float}:
        values, blanks = np.array(cells, dtype=np.float64), 0
    elif types == {float, str} and kinds.count(str) == (blanks := cells.count("")):
        values = np.fromiter((v if v.__class__ is float else np.nan for v in cells), dtype=np.float64,
                             count=len(cells))
    else:
        return list(cells)
    return values if np.count_nonzero(np.isnan(values)) == blanks else list(cells)


def _reference_joined(pieces: list) -> list | np.ndarray:
    if pieces and all(isinstance(p, np.ndarray) for p in pieces):
        return np.concatenate(pieces)
    out: list = []
    for p in pieces:
        out.extend(python_cells(p))
    return out


def _columns(rows: list[list], width: int, append, **kw) -> list:  # noqa: ANN001
    pieces: list[list] = [[] for _ in range(width)]
    head, rest = rows[:3], rows[3:]       # as read_table: the rows looked at for the header, then the others
    append(pieces, iter(head), width, **kw)
    append(pieces, iter(rest), width, **kw)
    return pieces


def _same(a, b) -> bool:  # noqa: ANN001 - a column: a float array or a list of cells
    """Byte for byte: both arrays of the same dtype and bytes, or both lists of the same types and values."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype
                and a.shape == b.shape and a.tobytes() == b.tobytes())
    return type(a) is type(b) is list and len(a) == len(b) and all(
        type(x) is type(y) and (x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y)
                                           and str(x) == str(y)))
        for x, y in zip(a, b, strict=True))


_NUMBER = st.floats(allow_nan=False, allow_infinity=True) | st.sampled_from([0.0, -0.0, 1.0, 7.5])
_CELL = st.one_of(
    _NUMBER, _NUMBER, _NUMBER, st.just(""), st.just(""),
    st.just(float("nan")), st.sampled_from(["x", " ", "7,5", "1.5"]), st.booleans(),
    st.integers(-5, 5), st.just(dt.datetime(2024, 5, 1, 8, 30)), st.just(dt.date(2024, 5, 1)),
    st.just(np.float64(2.5)),
)
# a column is mostly of one kind, as in a real list: numbers with a few others, or anything
_COLUMN_KIND = st.sampled_from(["numbers", "numbers_blanks", "mixed"])


@st.composite
def _rows(draw) -> tuple[list[list], int]:
    width = draw(st.integers(0, 5))
    n = draw(st.integers(0, 40))
    columns = []
    for _ in range(width):
        kind = draw(_COLUMN_KIND)
        if kind == "numbers":
            base = st.one_of(_NUMBER, _NUMBER, _NUMBER, _NUMBER, _CELL)
        elif kind == "numbers_blanks":
            base = st.one_of(_NUMBER, _NUMBER, st.just(""), _CELL)
        else:
            base = _CELL
        columns.append(draw(st.lists(base, min_size=n, max_size=n)))
    rows = [[c[i] for c in columns] for i in range(n)]
    short = draw(st.integers(0, width))           # rows shorter than the width are padded with ''
    for i in draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=3)) if n else []:
        rows[i] = rows[i][:short]
    return rows, width


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_rows(), st.sampled_from([1, 2, 3, 7, 64]))
def test_columns_are_the_same_as_before_byte_for_byte(table, chunk_rows):
    rows, width = table
    old = [_reference_joined(p) for p in _columns(rows, width, _reference_append_rows, chunk_rows=chunk_rows)]
    saved = reader._CHUNK_ROWS
    reader._CHUNK_ROWS = chunk_rows
    try:
        new = [_joined(p) for p in _columns(rows, width, _append_rows)]
    finally:
        reader._CHUNK_ROWS = saved
    assert len(new) == len(old)
    for j, (a, b) in enumerate(zip(new, old, strict=True)):
        assert _same(a, b), (j, a, b)


def test_a_real_list_converts_as_before(tmp_path):
    """A generated 20,000-row list (numbers, numbers with blanks, texts) through calamine: the same columns."""
    from kundenwert.sample import generate_customers
    from kundenwert.sample_files import write_xlsx

    path = tmp_path / "k.xlsx"
    write_xlsx(generate_customers(20_000, seed=3), path)
    wb = workbook._Workbook(path.read_bytes(), "k.xlsx")
    rows = wb.rows(wb.wb.sheet_names[0])[0][1:]
    width = len(rows[0])
    old = [_reference_joined(p) for p in _columns(rows, width, _reference_append_rows, chunk_rows=1 << 16)]
    new = [_joined(p) for p in _columns(rows, width, _append_rows)]
    assert sum(isinstance(c, np.ndarray) for c in new) >= 10       # number columns, some with blanks
    assert all(_same(a, b) for a, b in zip(new, old, strict=True))


# -------------------------------------------------------------------- the worker's parse ahead


def _two_sheets() -> bytes:
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notizen"
    notes.append(["Stand: Mai"])
    data = wb.create_sheet("Kunden")
    data.append(["Kunden-Nr.", "Kunde", "Umsatz"])
    for i in range(5):
        data.append([f"K{i}", f"Firma {i}", 100.0 * i if i != 2 else None])
    hidden = wb.create_sheet("Alt")
    hidden.sheet_state = "hidden"
    hidden.append(["Kunden-Nr.", "Kunde"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("sheet", [None, "Kunden", "Alt"])
def test_a_table_read_with_the_parse_ahead_is_the_same(sheet):
    """The workbook opened while the scan ran (its first visible sheet parsed, which is not the list here)
    and the scan's findings give the same table as a read from scratch."""
    data = _two_sheets()
    ahead = workbook.open_workbook(data, "zwei.xlsx", sheet)
    assert ahead._sheet is not None and ahead._sheet[0] == (sheet or "Notizen")
    table = reader.read_table(data, "zwei.xlsx", sheet, check=check_file(data, "zwei.xlsx"), workbook=ahead)
    assert table == reader.read_table(data, "zwei.xlsx", sheet)
    assert table.notes == reader.read_table(data, "zwei.xlsx", sheet).notes


def test_a_sheet_that_does_not_exist_is_not_parsed_ahead():
    data = _two_sheets()
    assert workbook.open_workbook(data, "zwei.xlsx", "Gibtsnicht")._sheet is None
    assert safety.zip_based(data) and not safety.zip_based(b"Kunde;Umsatz\n")
