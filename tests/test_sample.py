"""Tests of the sample-data generator, the Excel writer, and the committed sample and template files."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from kundenwert.criteria import CRITERIA, CRITERIA_BY_KEY, FIELDS, FIELDS_BY_KEY, YES_NO_FIELDS
from kundenwert.sample import SAMPLE_COLUMNS, generate_customers
from kundenwert.sample_files import write_template, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILE = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"
TEMPLATE_FILE = ROOT / "sample_data" / "vorlage_kundenliste.xlsx"
SAMPLE_TITLE = "Kundenliste – Beispieldaten (fiktiv)"

H = {f.key: f.header_de for f in FIELDS}
RATINGS = [c.header_de for c in CRITERIA]
GOOD = [c.header_de for c in CRITERIA if c.higher_is_better]
BAD = [c.header_de for c in CRITERIA if not c.higher_is_better]
EXPECTED_COLUMNS = [
    H["id"], H["name"], H["status"], H["revenue"], H["margin"], H["orders"],
    *RATINGS,
    H["recommend"], H["sale_satisfied"], H["aftersales_satisfied"], H["repurchase"],
]
STUDY = {("ja", "ja"): 0.93, ("nein", "ja"): 0.45, ("ja", "nein"): 0.14, ("nein", "nein"): 0.03}


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return generate_customers(250)


def repurchase_cells(df: pd.DataFrame) -> dict[tuple[str, str], tuple[int, float]]:
    """(sale, after-sales) → (customers, repurchase rate)."""
    out = {}
    for (sale, after) in STUDY:
        cell = df[(df[H["sale_satisfied"]] == sale) & (df[H["aftersales_satisfied"]] == after)]
        out[(sale, after)] = (len(cell), float((cell[H["repurchase"]] == "ja").mean()))
    return out


def nps(df: pd.DataFrame) -> float:
    rec = df[H["recommend"]]
    return 100.0 * ((rec >= 9).mean() - (rec <= 6).mean())


# ------------------------------------------------------------------------------------------
# Generator
# ------------------------------------------------------------------------------------------


def test_same_seed_gives_the_same_frame(sample):
    pd.testing.assert_frame_equal(generate_customers(250, seed=7), sample)
    pd.testing.assert_frame_equal(generate_customers(), sample)
    pd.testing.assert_frame_equal(generate_customers(40, seed=3), generate_customers(40, seed=3))


def test_different_seed_gives_a_different_frame(sample):
    other = generate_customers(250, seed=8)
    assert not other.equals(sample)
    assert (other[H["revenue"]] != sample[H["revenue"]]).mean() > 0.9
    assert (other[H["name"]] != sample[H["name"]]).mean() > 0.9


def test_shape_and_headers_follow_the_catalogue(sample):
    assert sample.shape == (250, len(EXPECTED_COLUMNS))
    assert list(sample.columns) == EXPECTED_COLUMNS
    assert list(SAMPLE_COLUMNS) == EXPECTED_COLUMNS
    assert set(sample.columns) == {f.header_de for f in FIELDS} | {c.header_de for c in CRITERIA}
    assert generate_customers(0).shape == (0, len(EXPECTED_COLUMNS))


def test_ratings_are_half_points_between_0_and_10(sample):
    values = sample[RATINGS].to_numpy(dtype=float)
    present = values[~np.isnan(values)]
    assert present.size > 0.9 * values.size
    assert present.min() >= 0.0 and present.max() <= 10.0
    assert np.array_equal(present * 2, np.round(present * 2))
    assert len(np.unique(present)) >= 15  # the whole scale is used, not a few values


def test_ids_and_names(sample):
    ids = sample[H["id"]]
    assert ids.is_unique
    assert ids.iloc[0] == "K-10001"
    assert ids.str.fullmatch(r"K-\d{5,}").all()
    names = sample[H["name"]]
    assert names.is_unique
    assert names.str.len().min() >= 5
    assert names.str.contains("[äöüÄÖÜß]").sum() >= 25  # German names, with umlauts
    assert names.str.contains(r"\bGmbH\b").sum() >= 50
    assert names.str.contains(" & ").any()
    assert not names.str.match(r"[=+\-@]").any()


def test_other_columns(sample):
    assert set(sample[H["status"]]) == {"Neukunde", "Bestandskunde"}
    assert 0.10 <= (sample[H["status"]] == "Neukunde").mean() <= 0.30
    for key in YES_NO_FIELDS:
        assert set(sample[FIELDS_BY_KEY[key].header_de]) == {"ja", "nein"}

    revenue, margin = sample[H["revenue"]], sample[H["margin"]]
    assert (revenue > 0).all()
    assert np.allclose(revenue, revenue.round(2), rtol=0, atol=1e-9)
    assert np.allclose(margin, margin.round(2), rtol=0, atol=1e-9)
    rate = margin / revenue
    positive = rate[rate >= 0]
    assert positive.between(0.099, 0.401).all()
    assert 1 <= (margin < 0).sum() <= 0.06 * len(sample)  # a few loss-makers
    gain = margin > 0
    assert np.corrcoef(np.log(revenue[gain]), np.log(margin[gain]))[0, 1] > 0.9

    orders = sample[H["orders"]]
    assert orders.dtype.kind == "i" and (orders >= 1).all()
    rec = sample[H["recommend"]]
    assert rec.dtype.kind == "i" and rec.between(0, 10).all()


def test_nps_is_realistic(sample):
    assert 10 <= nps(sample) <= 40


def test_repurchase_rates_are_near_the_study_but_not_a_copy_of_it(sample):
    cells = repurchase_cells(sample)
    for cell, (customers, rate) in cells.items():
        assert customers >= 15, cell
        assert abs(rate - STUDY[cell]) <= 0.05, (cell, rate)
    rounded = {cell: round(100 * rate) for cell, (_, rate) in cells.items()}
    assert sum(rounded[cell] == round(100 * STUDY[cell]) for cell in STUDY) <= 1, rounded


def test_the_demo_data_check_opens_with_a_handful_of_findings(sample_list):
    issues = sample_list.issues
    assert 1 <= len(issues) <= 8, issues["message"].tolist()
    assert not (issues["severity"] == "error").any()
    gaps = issues[issues["code"] == "ratings_missing_many"]
    assert len(gaps) == 1 and "zählen nicht als 0" in gaps["message"].iloc[0]


def test_ratings_are_correlated_with_quality(sample):
    corr = sample[RATINGS].corr()  # pairwise complete
    good_mean = sample[GOOD].mean(axis=1)
    for bad in BAD:
        assert sample[bad].corr(good_mean) < -0.2, bad
        assert corr.loc[bad, CRITERIA_BY_KEY["payment_behaviour"].header_de] < 0, bad
    for i, a in enumerate(GOOD):
        for b in GOOD[i + 1:]:
            assert corr.loc[a, b] > 0, (a, b)
    purchase_history = CRITERIA[0].header_de
    assert sample[purchase_history].corr(np.log(sample[H["revenue"]])) > 0.3
    assert sample[H["recommend"]].corr(good_mean) > 0.2
    sale_yes = (sample[H["sale_satisfied"]] == "ja").astype(float)
    assert sale_yes.corr(good_mean) > 0.1


def test_revenue_is_long_tailed(sample):
    revenue = np.sort(sample[H["revenue"]].to_numpy())[::-1]
    top = int(np.ceil(0.2 * len(revenue)))
    assert revenue[:top].sum() / revenue.sum() > 0.5
    assert revenue.max() > 10 * np.median(revenue)


def test_gaps_are_present_but_bounded(sample):
    missing = sample[RATINGS].isna()
    share = missing.to_numpy().mean()
    assert 0.015 <= share <= 0.05
    per_customer = missing.sum(axis=1)
    assert set(per_customer.unique()) <= {0, 1, 2, 7}
    assert (per_customer == 7).sum() == 2  # not scorable with equal weights: 5 of 12 < half
    assert (per_customer.isin([1, 2])).sum() >= 20
    assert sample.drop(columns=RATINGS).notna().all().all()  # only ratings have gaps
    assert not generate_customers(250, gaps=False)[RATINGS].isna().any().any()


def test_a_million_customers_fast_and_sound():
    start = time.perf_counter()
    big = generate_customers(1_000_000)
    elapsed = time.perf_counter() - start
    assert elapsed < 15, f"{elapsed:.1f} s: the generator must stay vectorised"
    assert len(big) == 1_000_000
    assert big[H["id"]].is_unique and big[H["name"]].is_unique
    for cell, (customers, rate) in repurchase_cells(big).items():
        assert customers > 100_000 and abs(rate - STUDY[cell]) < 0.005, cell
    assert (big[RATINGS].isna().sum(axis=1) == 7).sum() == 2
    assert 15 <= nps(big) <= 30


# ------------------------------------------------------------------------------------------
# Excel writer
# ------------------------------------------------------------------------------------------


def read_sheet(path: Path, sheet: str = "Kunden") -> tuple[int, list[tuple]]:
    """(1-based row of the header, data rows below it) as openpyxl reads them."""
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    wb.close()
    header_row = next(i for i, row in enumerate(rows) if list(row) == EXPECTED_COLUMNS)
    return header_row + 1, rows[header_row + 1:]


def assert_rows_equal_frame(rows: list[tuple], frame: pd.DataFrame) -> None:
    read = pd.DataFrame(rows, columns=EXPECTED_COLUMNS)
    assert len(read) == len(frame)
    for col in frame.columns:
        expected, got = frame[col], read[col]
        if expected.dtype.kind in "if":
            np.testing.assert_array_equal(got.astype(float).to_numpy(), expected.astype(float).to_numpy(),
                                          err_msg=col)
        else:
            assert got.tolist() == expected.tolist(), col


def test_committed_sample_file_equals_the_generator(sample):
    header_row, rows = read_sheet(SAMPLE_FILE)
    assert header_row == 3
    wb = openpyxl.load_workbook(SAMPLE_FILE, read_only=True)
    assert wb.sheetnames == ["Kunden"]
    assert wb["Kunden"]["A1"].value == SAMPLE_TITLE
    wb.close()
    assert_rows_equal_frame(rows, sample)


def test_write_xlsx_layout_and_byte_stability(tmp_path):
    frame = generate_customers(30, seed=11)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_xlsx(frame, first)
    write_xlsx(frame, second)
    assert first.read_bytes() == second.read_bytes()

    header_row, rows = read_sheet(first)
    assert header_row == 1
    assert_rows_equal_frame(rows, frame)
    ws = openpyxl.load_workbook(first)["Kunden"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b
    money_col = get_column_letter(EXPECTED_COLUMNS.index(H["revenue"]) + 1)
    assert "€" in ws[f"{money_col}2"].number_format
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_write_xlsx_never_writes_formulas(tmp_path):
    frame = generate_customers(3)
    frame.loc[0, H["name"]] = '=HYPERLINK("http://example.com")'
    path = tmp_path / "f.xlsx"
    write_xlsx(frame, path, title="Titel")
    cell = openpyxl.load_workbook(path)["Kunden"]["B4"]
    assert cell.data_type == "s" and cell.value.startswith("=")


# ------------------------------------------------------------------------------------------
# Template
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template():
    return openpyxl.load_workbook(TEMPLATE_FILE)


def test_template_headers_and_notes(template):
    assert template.sheetnames == ["Kunden", "Hinweise"]
    ws = template["Kunden"]
    assert [c.value for c in ws[1]] == EXPECTED_COLUMNS
    assert ws.max_row == 1  # empty below the header
    for cell in ws[1]:
        assert cell.comment is not None and len(cell.comment.text) > 30, cell.value
    for c in CRITERIA:
        note = ws.cell(1, EXPECTED_COLUMNS.index(c.header_de) + 1).comment.text
        assert "0 = " in note and "10 = " in note
        assert ("Hoch ist schlecht" in note) == (not c.higher_is_better)
        assert ("10 − Wert" in note) == (not c.higher_is_better)


def validated_columns(ws, kind: str) -> dict[int, object]:
    """Column number → validation of `kind`, for validations covering rows 2-5000."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != kind:
            continue
        for rng in dv.sqref.ranges:
            assert rng.min_row == 2 and rng.max_row == 5000
            for col in range(rng.min_col, rng.max_col + 1):
                out[col] = dv
    return out


def test_template_validation(template):
    ws = template["Kunden"]
    decimals = validated_columns(ws, "decimal")
    for header in RATINGS:
        dv = decimals[EXPECTED_COLUMNS.index(header) + 1]
        assert (dv.formula1, dv.formula2) == ("0", "10")
        assert dv.showErrorMessage and dv.error and "0 bis 10" in dv.error
    lists = validated_columns(ws, "list")
    for key in YES_NO_FIELDS:
        dv = lists[EXPECTED_COLUMNS.index(FIELDS_BY_KEY[key].header_de) + 1]
        assert dv.formula1 == '"ja,nein"'
    whole = validated_columns(ws, "whole")
    assert EXPECTED_COLUMNS.index(H["recommend"]) + 1 in whole


def test_template_instructions(template):
    text = "\n".join(str(row[0]) for row in template["Hinweise"].iter_rows(values_only=True) if row[0])
    assert "Vorlage" in text and "0 bis 10" in text and "10 − Wert" in text and "ja" in text
    assert len(text) > 1500


def test_committed_template_is_up_to_date(tmp_path):
    write_template(tmp_path / "v.xlsx")
    assert (tmp_path / "v.xlsx").read_bytes() == TEMPLATE_FILE.read_bytes()
