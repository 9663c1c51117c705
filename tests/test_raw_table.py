"""The raw table column-wise: the reader's columns, a row view, consecutive row numbers without a list."""

import io
import pickle

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kundenwert.ingest.reader import RawTable, read_table


def _xlsx(cells: dict[str, object]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kunden"
    for ref, value in cells.items():
        ws[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_reader_fills_columns_from_an_offset_table_with_a_title_and_gaps():
    data = _xlsx({"C2": "Kundenliste 2024", "C4": "Kunden-Nr.", "D4": "Kunde", "E4": "Bonität (0-10)",
                  "C5": "K-1", "E5": 7.5, "D7": "Meier", "E7": 3})
    raw = read_table(data, "k.xlsx")
    assert raw.header_row == 4 and raw.letters == ["C", "D", "E"]
    assert [raw.cells(j) for j in range(3)] == [["K-1", "", ""], ["", "", "Meier"], [7.5, "", 3.0]]
    assert raw.columns[:2] == [["K-1", "", ""], ["", "", "Meier"]]
    assert raw.columns[2].dtype == np.float64 and np.isnan(raw.columns[2][1])   # numbers and blanks: an array
    assert raw.rows == [["K-1", "", 7.5], ["", "", ""], ["", "Meier", 3.0]]
    assert raw.row_numbers == [5, 6, 7] and np.asarray(raw.row_numbers).tolist() == [5, 6, 7]
    assert raw.rows[-1] == ["", "Meier", 3.0] and raw.rows[1:] == [["", "", ""], ["", "Meier", 3.0]]


def test_a_table_made_from_rows_equals_the_same_table_made_from_columns():
    rows = [["K-1", "A", 1.0], ["K-2", "B", ""]]
    by_rows = RawTable("x.csv", "csv", None, [], 1, ["Nr", "Name", "B"], ["A", "B", "C"], rows, [2, 3])
    by_columns = RawTable("x.csv", "csv", None, [], 1, ["Nr", "Name", "B"], ["A", "B", "C"],
                          columns=[["K-1", "K-2"], ["A", "B"], [1.0, ""]])
    assert by_rows == by_columns and list(by_rows.rows) == rows and by_columns.rows_read == 2
    assert by_columns.row_numbers == [2, 3]


def test_consecutive_row_numbers_are_pickled_as_one_number():
    n = 100_000
    raw = RawTable("x.csv", "csv", None, [], 1, ["Nr"], ["A"], columns=[["K"] * n])
    blob = pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(blob) - len(pickle.dumps(raw.columns, protocol=pickle.HIGHEST_PROTOCOL)) < 1000
    back = pickle.loads(blob)
    assert back == raw and back.row_numbers[0] == 2 and back.row_numbers[-1] == n + 1


def test_dropping_the_cells_keeps_what_the_cli_reports():
    raw = RawTable("x.xlsx", "xlsx", "Kunden", ["Kunden"], 3, ["Nr", "B"], ["B", "C"],
                   columns=[["K-1", "K-2"], [1.0, 2.0]])
    raw.drop_cells()
    assert raw.columns == [[], []] and list(raw.rows) == []
    assert raw.rows_read == 2 and raw.row_numbers == [4, 5] and raw.headers == ["Nr", "B"]


def test_a_column_of_numbers_only_is_a_float_array_and_builds_the_same_list():
    from kundenwert.dataset import build
    from kundenwert.ingest.worker import load_raw

    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Umsatz (€)"]]
    rows += [[float(1000 + i), f"Kunde {i}", float(i % 11), 1e308 if i == 7 else 1234.5 * i] for i in range(200)]
    data = _xlsx({f"{chr(65 + j)}{r + 1}": v for r, row in enumerate(rows) for j, v in enumerate(row)})
    raw = load_raw(data, "k.xlsx")                       # through the worker's pickle
    assert [type(c).__name__ for c in raw.columns] == ["ndarray", "list", "ndarray", "ndarray"]
    assert raw.rows[0] == [1000.0, "Kunde 0", 0.0, 0.0] and type(raw.rows[0][0]) is float
    assert raw.cells(0, 2) == [1000.0, 1001.0] and type(raw.cells(0)[0]) is float
    as_lists = RawTable(raw.source_name, raw.kind, raw.sheet, raw.sheet_names, raw.header_row, raw.headers,
                        raw.letters, columns=[raw.cells(j) for j in range(len(raw.columns))])
    assert as_lists == raw
    a, b = build(raw), build(as_lists)
    pd.testing.assert_frame_equal(a.customers, b.customers)
    pd.testing.assert_frame_equal(a.issues, b.issues)
    assert a.customers["id"].tolist()[:2] == ["1000", "1001"]               # not "np.float64(1000.0)"
    assert a.issues["code"].tolist() == b.issues["code"].tolist() and len(a.rejected) == len(b.rejected)


def test_only_float_arrays_are_unpickled_from_the_worker():
    import numpy as np

    from kundenwert.ingest.worker import unpickle_table

    blob = pickle.dumps(np.array(["x", 1], dtype=object), protocol=pickle.HIGHEST_PROTOCOL)
    with pytest.raises(pickle.UnpicklingError):
        unpickle_table(blob)
    assert unpickle_table(pickle.dumps(np.array([1.5]), protocol=pickle.HIGHEST_PROTOCOL)).tolist() == [1.5]


def test_a_column_of_numbers_and_blanks_is_a_float_array_and_builds_the_same_list():
    """Ratings with gaps (the usual list): 8 bytes a cell instead of a Python float each; NaN is a blank,
    and every cell reads back as the reader gave it ('' for the blank)."""
    from kundenwert.dataset import build
    from kundenwert.ingest.worker import load_raw

    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Image (0-10)", "Umsatz (€)", "Status"]]
    rows += [[f"K-{i}", f"Kunde {i}", None if i % 7 == 0 else float(i % 11), 12.0 if i == 5 else None,
              None if i % 3 else 1e308 if i == 9 else 1234.5 * i, "neu" if i % 2 else "Bestand"] for i in range(200)]
    data = _xlsx({f"{chr(65 + j)}{r + 1}": v for r, row in enumerate(rows) for j, v in enumerate(row)
                  if v is not None})
    raw = load_raw(data, "k.xlsx")
    assert [type(c).__name__ for c in raw.columns] == ["list", "list", "ndarray", "ndarray", "ndarray", "list"]
    assert raw.rows[0] == ["K-0", "Kunde 0", "", "", 0.0, "Bestand"] and raw.rows[1][2:5] == [1.0, "", ""]
    assert raw.cells(2, 8)[:8] == ["", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, ""]
    as_lists = RawTable(raw.source_name, raw.kind, raw.sheet, raw.sheet_names, raw.header_row, raw.headers,
                        raw.letters, columns=[raw.cells(j) for j in range(len(raw.columns))])
    assert as_lists == raw and all(isinstance(c, list) for c in as_lists.columns)
    a, b = build(raw), build(as_lists)
    pd.testing.assert_frame_equal(a.customers, b.customers)
    pd.testing.assert_frame_equal(a.issues, b.issues)
    pd.testing.assert_frame_equal(a.rejected, b.rejected)
    np.testing.assert_array_equal(a.ratings, b.ratings)
    assert a.rejected["row"].tolist() == [7] and a.rejected["reason"].iloc[0].startswith("D7 (Image (0-10))")
    assert len(a.customers) == 199 and set(a.issues["code"]) >= {"ratings_missing_many", "value_not_finite"}


def test_a_real_nan_among_numbers_keeps_the_column_a_list():
    """In an array NaN means blank; a cell holding NaN (a hostile <v>NaN</v>) must stay a wrong cell."""
    from kundenwert.ingest.reader import _number_piece

    assert isinstance(_number_piece((1.0, float("nan"), 2.0)), list)
    assert isinstance(_number_piece((1.0, "", float("nan"))), list)
    assert isinstance(_number_piece((1.0, "", "7,5")), list) and isinstance(_number_piece((1.0, " ")), list)
    assert isinstance(_number_piece((1.0, True)), list)
    assert _number_piece((1.0, "", 2.0)).tolist()[::2] == [1.0, 2.0]


def test_text_columns_of_few_values_are_packed_and_a_packing_that_does_not_fit_is_refused(monkeypatch):
    from kundenwert.ingest import reader
    from kundenwert.ingest.worker import _pickled, unpickle_table

    column = ["ja", "nein", "ja "] * 1000
    raw = RawTable("x.csv", "csv", None, [], 1, ["S", "Nr"], ["A", "B"],
                   columns=[column, [f"K-{i}" for i in range(3000)]])
    back = unpickle_table(bytes(_pickled(raw)))
    assert back == raw and back.columns[0][0] is back.columns[0][3] and back.columns[0][2] == "ja "
    assert len(bytes(_pickled(raw))) < len(pickle.dumps(raw.columns[1])) + 10_000   # 1 byte a cell, not ~6
    for bad in ((["ja"], bytes([0, 1]), "u1"), (["ja", 7], bytes([0, 1]), "u1"), (["ja"], b"\0" * 8, "f8")):
        monkeypatch.setattr(reader, "_packed", lambda c, bad=bad: bad if c is column else c)
        with pytest.raises(pickle.UnpicklingError):
            unpickle_table(bytes(_pickled(raw)))
