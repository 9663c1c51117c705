"""Fast paths of the build (issue 12) read every cell exactly as the general code does: property tests
against the general path (kept for mixed columns) or the rule written out here."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.cells import _parse_yes_no, missing_token, parse_numeric, parse_yes_no, texts_of
from kundenwert.columns import PROBE, SAMPLE_ROWS, _filled_numbers, recognise_columns
from tests.files import raw_table

YES_NO_TEXTS = ["ja", "Ja ", "nein", "x", "X", "✓", "", " ", "k.A.", "n/a", "-", "7", "7,5", "7.5", "10", "11",
                "0", "1", "1,0", "-1", "75 %", "#NV", "#DIV/0!", "ok", "wahr", "falsch", "abc", "inf", "nan",
                "1.234", "12,500", "5 €", "3e0", "(2)", "\u00a08\u00a0", "zufrieden", "nicht zufrieden"]
NUMBER_TEXTS = ["7,5", "7.5", "1.234", "12,500", "1.234,56", "1,234.56", "", "k.A.", "-", "11", "-1", "inf",
                "NaN", "8 %", "#DIV/0!", "5 €", "1e1", "(3)", "abc", "Busch & Pohl GmbH", "K-10001", " 4 ", "10"]

texts = st.one_of(st.sampled_from(YES_NO_TEXTS), st.text(max_size=6))
cells = st.one_of(st.sampled_from(NUMBER_TEXTS), st.text(max_size=5), st.none(), st.booleans(),
                  st.floats(allow_nan=True, allow_infinity=True), st.integers(-20, 2000),
                  st.just(dt.date(2026, 1, 2)))


def _same(a, b) -> None:
    (pa, sa), (pb, sb) = a, b
    assert sa == sb
    np.testing.assert_array_equal(pa.values, pb.values)
    np.testing.assert_array_equal(pa.missing, pb.missing)
    assert pa.errors.tolist() == pb.errors.tolist()
    assert pa.notes == pb.notes


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=60), st.booleans())
def test_a_text_yes_no_column_read_once_per_distinct_text_is_read_as_cell_by_cell(column, comma):
    _same(parse_yes_no(column, decimal_comma=comma), _parse_yes_no(column, decimal_comma=comma))


def test_a_yes_no_column_of_many_texts_keeps_each_cells_note_and_error_in_place():
    column = ["75 %", "ja", "#NV", "", "x", "75 %", "11", "nein"] * 500
    parsed, scale = parse_yes_no(column, decimal_comma=True)
    _same((parsed, scale), _parse_yes_no(column, decimal_comma=True))
    assert scale == "rating"
    assert [n[0] for n in parsed.notes] == [i for i in range(4000) if i % 8 in (0, 5)]     # "75 %" read as 7.5
    assert parsed.errors[2] == ("excel_error", {"text": "#NV"}) and parsed.errors[6][0] == "out_of_range"


def _filled_numbers_rule(cells: list, decimal_comma: bool) -> tuple[int, np.ndarray | None]:
    """The rule as recognise_columns wrote it: the filled cells (not blank, not a "no value" token) are
    numeric when every one of them parses to a finite number."""
    filled = [c for c in cells[:SAMPLE_ROWS] if not (c is None or (isinstance(c, str) and missing_token(c)))]
    parsed = parse_numeric(filled, decimal_comma=decimal_comma, rating=True)
    nums = parsed.values[~np.isnan(parsed.values)]
    return len(filled), (nums if filled and nums.size == len(filled) else None)


def _check_filled_numbers(column: list, comma: bool) -> None:
    raw = raw_table([["Spalte"], *[[v] for v in column]], decimal_comma=comma)
    got = _filled_numbers(raw, 0)
    want = _filled_numbers_rule(raw.cells(0), comma)
    assert got[0] == want[0]
    assert (got[1] is None) == (want[1] is None)
    if got[1] is not None:
        np.testing.assert_array_equal(got[1], want[1])


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, min_size=1, max_size=80), st.booleans())
def test_a_columns_filled_cells_and_numbers_follow_the_rule(column, comma):
    _check_filled_numbers(column, comma)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.floats(-5, 20), st.just(float("nan")), st.just(float("inf"))), min_size=1,
                max_size=60))
def test_a_float_column_is_judged_whole_as_cell_by_cell(column):
    raw = raw_table([["Spalte"], *[[v] for v in column]])
    raw.columns[0] = np.asarray(column, dtype=float)        # as the reader keeps a column of numbers
    got = _filled_numbers(raw, 0)
    want = _filled_numbers_rule(raw.cells(0), False)
    assert got[0] == want[0] and (got[1] is None) == (want[1] is None)
    if got[1] is not None:
        np.testing.assert_array_equal(got[1], want[1])


def test_a_number_column_that_fails_after_the_probe_is_not_numeric():
    """The probe (first PROBE filled cells) only ends the look early; a later text still counts."""
    column = [float(i % 10) for i in range(3 * PROBE)] + ["viel"]
    _check_filled_numbers(column, True)
    raw = raw_table([["Qualität"], *[[v] for v in column]])
    assert not recognise_columns(raw)[0].rating_like
    raw = raw_table([["Qualität"], *[[v] for v in column[:-1]]])
    assert recognise_columns(raw)[0].rating_like and recognise_columns(raw)[0].filled == 3 * PROBE


@given(st.lists(st.text(max_size=8), max_size=40))
def test_a_text_column_loses_only_surrounding_spaces(column):
    assert texts_of(column) == [v.strip() for v in column]


def test_a_negative_order_count_names_its_bound_and_validate_writes_it(tmp_path):
    """Found while comparing outputs: an "Aufträge" cell of -2 was reported as "Wert -2 liegt außerhalb
    0–inf" (a library word in a user's text), and `validate` failed with an internal error because the
    finding's parameters held an infinite bound that JSON cannot carry."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    from kundenwert.dataset import build
    from tests.files import xlsx_bytes

    rows = [["Kunden-Nr.", "Kunde", "Kaufhistorie (0-10)", "Aufträge"], ["K1", "A", 5, 3], ["K2", "B", 6, -2]]
    cl = build(raw_table(rows))
    texts = " ".join(cl.issues["message"])
    assert "inf" not in texts and "Wert -2 liegt unter 0" in texts, texts
    path = tmp_path / "liste.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    root = Path(__file__).resolve().parents[1]
    for lang, said in (("de", "Wert -2 liegt unter 0"), ("en", "value -2 is below 0")):
        proc = subprocess.run([sys.executable, "-m", "kundenwert", "validate", str(path), "--json", "--lang", lang],
                              capture_output=True, text=True, cwd=root, timeout=300)
        assert proc.returncode in (0, 1), proc.stderr
        assert said in json.dumps(json.loads(proc.stdout), ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(-20, 20),
                          st.sampled_from([1e12, 1.5e12, -2e12, 1e308, 0.0, 10.0, -0.5])), max_size=60),
       st.sampled_from([(None, None), (0, 10), (0, None), (None, 10)]), st.booleans(),
       st.sampled_from([1.0, 1e3, 1e6]), st.booleans())
def test_a_float_column_parses_as_its_cells_do_one_by_one(column, bounds, money, factor, rating):
    """The reader's float column (NaN = blank) is parsed whole; the same cells as Python values ('' for a
    blank) take the general path: the same values, missing cells, errors (with their texts) and notes."""
    from kundenwert.ingest.reader import python_cells

    arr = np.asarray(column, dtype=float)
    low, high = bounds
    whole = parse_numeric(arr, decimal_comma=True, rating=rating, low=low, high=high, money=money, factor=factor)
    each = parse_numeric(python_cells(arr), decimal_comma=True, rating=rating, low=low, high=high, money=money,
                         factor=factor)
    _same((whole, ""), (each, ""))
