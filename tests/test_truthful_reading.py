"""Truthful reading (issue 9): the header decides, nothing is converted or dropped without a word.

Each odd list is generated here with the numbers a careful person would read from it.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundenwert.criteria import CRITERIA
from kundenwert.dataset import build, load, recognise_columns
from kundenwert.findings import MESSAGES_DE, render
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.files import RATING_HEADERS, raw_table, simple_rows, xlsx_bytes, xlsx_with_cells

ROOT = Path(__file__).resolve().parent.parent
HALF_POINTS = st.integers(0, 20).map(lambda v: v / 2)


def codes(cl) -> list[str]:
    return cl.issues["code"].tolist()


def findings(cl, code: str) -> pd.DataFrame:
    return cl.issues[cl.issues["code"] == code]


def ratings_of(cl) -> pd.DataFrame:
    return pd.DataFrame(cl.ratings, columns=cl.criteria, index=cl.customers["id"])


# ----------------------------------------------------------------------- 1. the header decides


def test_one_typo_in_the_rating_column_is_an_error_of_its_cell_not_a_new_meaning():
    rows = simple_rows(8)                       # C revenue, D "Deckungsbeitrag (€)", E.. ratings
    db = 4 + [c.key for c in CRITERIA].index("contribution_margin")   # F "Deckungsbeitrag (0-10)"
    clean = load(xlsx_bytes(rows), "a.xlsx")
    rows[3][db] = 11                            # Excel row 4
    cl = load(xlsx_bytes(rows), "b.xlsx")
    assert cl.criteria == clean.criteria and "contribution_margin" in cl.criteria
    assert cl.customers["margin"].tolist() == [100.0 * i for i in (1, 2, 4, 5, 6, 7, 8)]
    assert cl.rejected["row"].tolist() == [4]
    assert "F4" in cl.rejected["reason"].iloc[0] and "außerhalb 0–10" in cl.rejected["reason"].iloc[0]
    pd.testing.assert_frame_equal(ratings_of(cl), ratings_of(clean).drop(index="K003"))
    assert not findings(cl, "duplicate_column").size


def test_on_the_sample_one_typo_changes_only_its_row(sample_bytes):
    from kundenwert.ingest.reader import read_table

    clean = build(read_table(sample_bytes, "kundenliste_beispiel.xlsx"))
    raw = read_table(sample_bytes, "kundenliste_beispiel.xlsx")
    j = raw.headers.index("Deckungsbeitrag (0-10)")
    i = raw.cells(j).index(9.0)
    raw.columns[j][i] = 11.0
    cl = build(raw)
    assert cl.criteria == clean.criteria and cl.rejected["row"].tolist() == [raw.row_numbers[i]]
    kept = clean.customers["row"] != raw.row_numbers[i]
    pd.testing.assert_frame_equal(cl.customers, clean.customers[kept].reset_index(drop=True))
    a, b = score(cl, Scenario()).frame, score(clean, Scenario()).frame
    assert a.set_index("id")["score"].equals(b.set_index("id")["score"].drop(index=clean.customers["id"][~kept]))
    assert (cl.issues["severity"] == "error").sum() == 1


@pytest.mark.parametrize("header", ["Deckungsbeitrag Bewertung", "DB (Note)", "Deckungsbeitrag Rating",
                                    "Deckungsbeitrag Punkte", "Deckungsbeitrag (Skala 0-10)", "Marge (0-10)"])
def test_rating_words_in_the_header_make_a_rating_even_with_large_values(header):
    raw = raw_table([["Kunde", header, "Bonität"], ["A", 5, 5], ["B", 250, 6], ["C", 300, 7]])
    cl = build(raw)
    assert cl.criteria == ["contribution_margin", "creditworthiness"]
    assert cl.rejected["row"].tolist() == [3, 4]
    assert "margin" not in cl.customers


@pytest.mark.parametrize("header", ["Deckungsbeitrag €", "DB EUR", "Deckungsbeitrag Euro", "Deckungsbeitrag in €",
                                   "Marge (EUR)", "Deckungsbeitrag absolut"])
def test_money_words_in_the_header_make_money_even_with_small_values(header):
    raw = raw_table([["Kunde", header, "Bonität"], ["A", 5, 5], ["B", 8, 6], ["C", 9.5, 7]])
    cl = build(raw)
    assert cl.criteria == ["creditworthiness"]
    assert cl.customers["margin"].tolist() == [5.0, 8.0, 9.5]


def test_a_plain_ambiguous_header_is_decided_by_a_large_majority_with_a_visible_finding():
    money = raw_table([["Kunde", "Deckungsbeitrag", "Bonität"], *[[f"K{i}", 1000.0 + i, 5] for i in range(9)],
                       ["K9", 8.0, 5]])
    cl = build(money)
    assert cl.criteria == ["creditworthiness"] and cl.customers["margin"].iloc[-1] == 8.0
    [f] = findings(cl, "header_by_values").itertuples()
    assert f.column == "B" and "Spaltenzuordnung" in f.message and "90" in f.message

    rating = raw_table([["Kunde", "DB", "Bonität"], *[[f"K{i}", float(i), 5] for i in range(9)], ["K9", 11, 5]])
    cl = build(rating)
    assert cl.criteria == ["contribution_margin", "creditworthiness"]
    assert cl.rejected["row"].tolist() == [11]
    assert findings(cl, "header_by_values")["column"].tolist() == ["B"]


def test_a_real_duplicate_column_is_a_finding_naming_both_letters():
    cl = build(raw_table([["Kunde", "Bonität", "Sympathie", "Bonität (0-10)"], ["A", 5, 6, 9]]))
    [f] = findings(cl, "duplicate_column").itertuples()
    assert f.column == "D" and "Spalte D" in f.message and "Spalte B" in f.message
    assert cl.ratings.tolist() == [[5.0, 6.0]]


def test_build_does_not_change_the_columns_it_is_given():
    raw = raw_table([["Kunde", "Bonität", "Sympathie"], ["A", 5, 6]])
    columns = recognise_columns(raw)
    before = [dataclasses.asdict(c) for c in columns]
    build(raw, {0: "name", 1: None, 2: "likeability"}, columns)
    assert [dataclasses.asdict(c) for c in columns] == before


# ----------------------------------------------------------------------- 2. silent conversions


def test_percent_text_in_a_rating_cell_is_listed_per_cell_and_summarised_when_many():
    rows = [["Kunde", "Bonität", "Preissensibilität"], *[[f"K{i}", 5, 5] for i in range(20)]]
    rows[6][2] = "75 %"                          # C7
    cl = build(raw_table(rows))
    assert cl.ratings[5].tolist() == [5.0, 7.5]
    [f] = findings(cl, "percent_rating").itertuples()
    assert (f.severity, f.row, f.column) == ("info", 7, "C")
    assert f.message.startswith("C7: „75 %“ als 7,5 gelesen")

    for row in rows[1:16]:
        row[1] = "80%"
    cl = build(raw_table(rows))
    assert findings(cl, "percent_rating")["column"].tolist() == ["C"]
    [f] = findings(cl, "percent_rating_many").itertuples()
    assert f.column == "B" and "15" in f.message and "B2" in f.message


@pytest.mark.parametrize("text", ["#DIV/0!", "#N/A", "#NV", "#WERT!", "#VALUE!", "#REF!", "#NAME?", "#NULL!",
                                  "#NUM!", "#BEZUG!", "#ZAHL!"])
def test_excel_error_text_in_a_rating_column_rejects_the_row(text):
    cl = build(raw_table([["Kunde", "Bonität", "Sympathie"], ["A", text, 6], ["B", 5, 6]]))
    assert cl.rejected["row"].tolist() == [2]
    assert "B2" in cl.rejected["reason"].iloc[0] and "Fehlerwert" in cl.rejected["reason"].iloc[0]
    assert not cl.issues["message"].str.contains("fehlt").any()


def test_excel_error_cells_reported_by_the_reader_reject_the_row():
    raw = raw_table([["Kunde", "Bonität", "Sympathie", "Umsatz"], ["A", "", 6, 10.0], ["B", 5, 6, ""]])
    raw.error_cells = {(2, 1): "#DIV/0!", (3, 3): "#N/A"}   # calamine gives '' for t="e" cells
    cl = build(raw)
    assert cl.rejected["row"].tolist() == [2]
    assert "B2" in cl.rejected["reason"].iloc[0] and "#DIV/0!" in cl.rejected["reason"].iloc[0]
    [f] = findings(cl, "excel_error_field").itertuples()
    assert (f.row, f.column) == (3, "D") and "#N/A" in f.message


def test_excel_error_cell_in_an_xlsx_rejects_the_row():
    data = xlsx_with_cells([["Kunde", "Bonität", "Sympathie"], ["A", 1, 6], ["B", 5, 6]],
                           {"B2": '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'})
    cl = load(data, "e.xlsx")
    assert cl.rejected["row"].tolist() == [2]
    assert "B2" in cl.rejected["reason"].iloc[0] and "#DIV/0!" in cl.rejected["reason"].iloc[0]


def test_numeric_nan_and_inf_cells_reject_a_rating_row_and_are_findings_in_money_columns():
    rows = [["Kunde", "Umsatz (€)", "Deckungsbeitrag (€)", "Bonität", "Sympathie"],
            ["A", 1.0, 100.0, 1, 6], ["B", 2.0, 200.0, 2, 6], ["C", 3.0, 300.0, 5, 6], ["D", 4.0, 400.0, 5, 6]]
    data = xlsx_with_cells(rows, {"D2": '<c r="D2"><v>NaN</v></c>', "D3": '<c r="D3"><v>INF</v></c>',
                                  "B4": '<c r="B4"><v>INF</v></c>', "C5": '<c r="C5"><v>1e308</v></c>'})
    cl = load(data, "nan.xlsx")
    assert cl.rejected["row"].tolist() == [2, 3]
    assert "D2" in cl.rejected["reason"].iloc[0] and "D3" in cl.rejected["reason"].iloc[1]
    assert cl.customers["id"].tolist() == ["4", "5"] or cl.customers["name"].tolist() == ["C", "D"]
    assert np.isnan(cl.customers["revenue"].iloc[0]) and np.isnan(cl.customers["margin"].iloc[1])
    bad = findings(cl, "value_not_finite")
    assert sorted(zip(bad["row"].astype(int), bad["column"], strict=True)) == [(4, "B"), (5, "C")]
    result = score(cl, Scenario())
    assert np.isfinite(result.frame["value_eur"].to_numpy(dtype=float)).all()


def test_a_rating_column_of_fractions_is_questioned():
    rows = [["Kunde", "Bonität", "Sympathie"], ["A", 0.75, 6], ["B", 0.5, 7], ["C", 1, 8]]
    cl = load(xlsx_bytes(rows), "prozent.xlsx")
    assert cl.ratings[:, 0].tolist() == [0.75, 0.5, 1.0]      # read as written, but questioned
    [f] = findings(cl, "rating_fractions").itertuples()
    assert f.column == "B" and "0,75" in f.message and "7,5" in f.message
    assert not findings(build(raw_table([["Kunde", "Bonität"], ["A", 0], ["B", 1], ["C", 1]])), "rating_fractions").size


def test_formula_without_value_is_reported_in_every_used_column():
    raw = raw_table([["Kd-Nr", "Kunde", "Umsatz", "Bonität", "Notiz"], ["1", "A", "", 5, ""], ["2", "B", 3.0, "", ""]])
    raw.uncached = {(2, 2), (3, 3), (3, 4)}
    cl = build(raw)
    assert cl.rejected["row"].tolist() == [3] and "D3" in cl.rejected["reason"].iloc[0]
    f = findings(cl, "formula_without_value")
    assert list(zip(f["row"].astype(int), f["column"], strict=True)) == [(2, "C")]


# ----------------------------------------------------------------------- 3. number formats per column


def test_international_csv_with_quoted_thousands_keeps_decimal_points():
    text = ('id,name,revenue,creditworthiness,payment behaviour\n'
            '1,Acme,"12,500",7.5,8\n2,Beta,"1,234",3,4.5\n3,Gamma,"2,000,000",4,6\n4,Delta,99.5,5,7\n')
    cl = load(text.encode(), "intl.csv")
    assert cl.customers["revenue"].tolist() == [12500.0, 1234.0, 2000000.0, 99.5]
    assert cl.ratings.tolist() == [[7.5, 8.0], [3.0, 4.5], [4.0, 6.0], [5.0, 7.0]]
    assert not findings(cl, "number_format_ambiguous").size


def test_a_column_that_stays_ambiguous_is_reported():
    text = 'id,name,revenue,creditworthiness\n1,Acme,"12,500",7\n2,Beta,300,3\n'
    cl = load(text.encode(), "amb.csv")
    [f] = findings(cl, "number_format_ambiguous").itertuples()
    assert f.column == "C" and "12,500" in f.message
    assert cl.customers["revenue"].iloc[0] in (12.5, 12500.0)


def test_text_numbers_in_a_workbook_follow_one_rule_per_column_and_it_is_stated():
    rows = [["Kunde", "Umsatz (€)", "Bonität", "Sympathie"],
            ["A", "12.500", "7,5", 6], ["B", "1.250", 6, 6], ["C", 800.0, "8,0", 6]]
    cl = load(xlsx_bytes(rows), "t.xlsx")
    assert cl.customers["revenue"].tolist() == [12500.0, 1250.0, 800.0]
    assert cl.ratings[:, 0].tolist() == [7.5, 6.0, 8.0]
    stated = cl.issues[cl.issues["code"].str.startswith("number_format")]
    assert set(stated["column"]) == {"B", "C"}
    assert stated["message"].str.contains("Dezimalkomma").all()


def german(value: float, grouped: bool, decimals: int = 2) -> str:
    text = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def international(value: float, grouped: bool, decimals: int = 2) -> str:
    text = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    return f'"{text}"' if "," in text else text


AMOUNTS = st.integers(0, 10**9).map(lambda cents: cents / 100)


@settings(max_examples=80, deadline=None)
@given(amounts=st.lists(AMOUNTS, min_size=1, max_size=8), style=st.sampled_from(["german", "international"]),
       grouped=st.booleans(), whole=st.booleans(), ratings=st.lists(HALF_POINTS, min_size=8, max_size=8))
def test_csv_numbers_are_read_as_written_or_the_column_is_reported(amounts, style, grouped, whole, ratings):
    """Amounts in either convention (grouped or not, with or without cents): read exactly as
    written, or the column is named in the data check as ambiguous."""
    decimals = 0 if whole else 2
    amounts = [float(round(a)) if whole else a for a in amounts]
    sep, write = (";", german) if style == "german" else (",", international)
    lines = [sep.join(["Kunde", "Umsatz", "Bonität"])]
    lines += [sep.join([f"K{i}", write(a, grouped, decimals), write(ratings[i], False, 1)])
              for i, a in enumerate(amounts)]
    cl = load("\n".join(lines).encode(), "zahlen.csv")
    read = cl.customers["revenue"].tolist()
    ambiguous = set(cl.issues.loc[cl.issues["code"] == "number_format_ambiguous", "column"])
    assert read == pytest.approx(amounts, abs=1e-9) or "B" in ambiguous, (lines, read)
    assert cl.ratings[:, 0].tolist() == ratings[:len(amounts)]


# ----------------------------------------------------------------------- 4. thousands units


@pytest.mark.parametrize(("header", "factor", "unit"), [
    ("Umsatz TEUR", 1e3, "T€"), ("Umsatz (T€)", 1e3, "T€"), ("Umsatz Tsd. €", 1e3, "T€"),
    ("Umsatz in Mio. €", 1e6, "Mio. €"), ("Umsatz Mio EUR", 1e6, "Mio. €"),
])
def test_revenue_in_thousands_or_millions_is_scaled_and_said(header, factor, unit):
    cl = load(xlsx_bytes([["Kunde", header, "Bonität"], ["A", 12.0, 5], ["B", 1.5, 6]]), "einheit.xlsx")
    assert cl.customers["revenue"].tolist() == [12.0 * factor, 1.5 * factor]
    [f] = findings(cl, "money_scaled").itertuples()
    assert f.column == "B" and f"in {unit}" in f.message
    assert ("× 1.000 " if factor == 1e3 else "× 1.000.000 ") in f.message


def test_margin_in_thousands_and_cells_with_their_own_unit():
    text = "Kunde;DB (T€);Umsatz (€);Bonität\nA;2,5;12 T€;5\nB;300 €;1,5 Mio. €;6\nC;1;700;7\n"
    cl = load(text.encode("cp1252"), "einheiten.csv")
    assert cl.criteria == ["creditworthiness"]
    assert cl.customers["margin"].tolist() == [2500.0, 300.0, 1000.0]
    assert cl.customers["revenue"].tolist() == [12000.0, 1500000.0, 700.0]
    units = findings(cl, "unit_in_cell")
    assert sorted(units["column"]) == ["B", "C", "C"]
    assert units["message"].str.contains("12.000").any()


# ----------------------------------------------------------------------- 5. total rows


def test_customers_named_total_with_their_own_ids_are_customers():
    names = ["TOTAL", "Total", "Summe", "Gesamt", "Gesamtsumme"]
    rows = [["Kunden-Nr.", "Kunde", "Umsatz (€)", "Bonität", "Sympathie"]]
    rows += [[f"K{i}", name, 100.0 * (i + 1), 5, 6] for i, name in enumerate(names)]
    rows.append(["", "Summe", 1500.0, None, None])
    cl = load(xlsx_bytes(rows), "total.xlsx")
    assert cl.customers["name"].tolist() == names
    assert cl.skipped["row"].tolist() == [7] and "Summenzeile" in cl.skipped["reason"].iloc[0]
    result = score(cl, Scenario())
    assert int(result.frame["scorable"].sum()) == 5


def test_a_total_row_with_an_id_is_recognised_by_its_sums():
    rows = [["Kunden-Nr.", "Kunde", "Umsatz (€)", "Deckungsbeitrag (€)", "Bonität"],
            ["1", "A", 100.0, 10.0, 5], ["2", "B", 250.0, 30.0, 6], ["3", "Summe", 350.0, 40.0, None],
            ["4", "Gesamt", 99.0, 9.0, 7]]
    cl = load(xlsx_bytes(rows), "summen.xlsx")
    assert cl.customers["name"].tolist() == ["A", "B", "Gesamt"]
    assert cl.skipped["row"].tolist() == [4] and "Spaltensumme" in cl.skipped["reason"].iloc[0]


# ----------------------------------------------------------------------- 6. true messages


def test_missing_ratings_are_one_neutral_finding_per_row_with_correct_plural():
    rows = [["Kunde", *RATING_HEADERS], ["A", *[5] * 12], ["B", *[5] * 12], ["C", *[5] * 12]]
    rows[1][4] = None                       # E2
    for j in (4, 6, 8):                     # E3, G3, I3
        rows[2][j] = ""
    cl = build(raw_table(rows))
    f = findings(cl, "ratings_missing")
    assert f["row"].tolist() == [2, 3]
    assert f["message"].tolist() == ["Zeile 2: 1 Bewertung fehlt (E) – zählt nicht als 0.",
                                     "Zeile 3: 3 Bewertungen fehlen (E, G, I) – zählen nicht als 0."]
    assert not cl.issues["message"].str.contains("übrigen Kriterien").any()


def test_many_rows_with_gaps_are_summarised():
    rows = [["Kunde", "Bonität", "Sympathie"], *[[f"K{i}", None if i % 2 else 5, 6] for i in range(60)]]
    cl = build(raw_table(rows))
    assert not findings(cl, "ratings_missing").size
    [f] = findings(cl, "ratings_missing_many").itertuples()
    assert "30" in f.message and "zählen nicht als 0" in f.message


def test_many_rejections_are_reported_per_column_and_long_headers_are_cut():
    header = "Bonität" + "." * 32_000
    rows = [["Kunde", header, "Sympathie"], *[[f"K{i}", 11 + i % 3, 5] for i in range(5000)], ["Z", 5, 5]]
    cl = build(raw_table(rows))
    assert len(cl.rejected) == 5000 and len(cl.customers) == 1
    errors = cl.issues[cl.issues["severity"] == "error"]
    assert len(errors) <= 3
    assert errors["message"].str.contains("5.000").any()
    assert cl.issues["message"].str.len().max() < 400
    assert cl.rejected["reason"].str.len().max() < 200


def test_every_finding_has_a_code_params_and_the_catalogue_text():
    rows = simple_rows(4)
    rows[1][4], rows[2][5] = "k.A.", 99
    cl = load(xlsx_bytes([["Titel"], [], *rows]), "x.xlsx")
    assert set(cl.issues.columns) >= {"severity", "row", "column", "code", "params", "message"}
    for f in cl.issues.itertuples():
        assert f.code in MESSAGES_DE
        assert f.severity == MESSAGES_DE[f.code].severity
        assert f.message == render(f.code, f.params)


def test_no_ratings_has_its_code():
    cl = build(raw_table([["Kunde", "Wiederkauf"], ["A", "ja"]]))
    assert "no_ratings" in codes(cl) and cl.criteria == []


# ----------------------------------------------------------------------- 8. one record per criterion


def test_criterion_keys_live_only_in_the_catalogue_records():
    criteria_src = (ROOT / "kundenwert" / "criteria.py").read_text()
    sample_src = (ROOT / "kundenwert" / "sample.py").read_text()
    for c in CRITERIA:
        assert len(re.findall(rf'"{c.key}"', criteria_src)) == 1, c.key
        assert f'"{c.key}"' not in sample_src, c.key
        assert c.anchors_de[0] and c.anchors_de[1] and c.sample.sd > 0


# ----------------------------------------------------------------------- properties

@st.composite
def rating_lists(draw):
    n = draw(st.integers(2, 12))
    k = draw(st.integers(1, 12))
    chosen = draw(st.permutations(CRITERIA).map(lambda cs: cs[:k]))
    ratings = draw(st.lists(st.lists(HALF_POINTS, min_size=k, max_size=k), min_size=n, max_size=n))
    rows = [[f"K{i + 1}", f"Kunde {i + 1}", 100.0 * (i + 1), *r] for i, r in enumerate(ratings)]
    return chosen, rows


def build_list(chosen, rows, headers=None, margin="Deckungsbeitrag (€)", ident=("Kunden-Nr.", "Kunde")):
    header = [*ident, margin, *(headers or [c.header_de for c in chosen])]
    return build(raw_table([header, *rows]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rating_lists(), where=st.data(),
       bad=st.one_of(st.floats(10.01, 1e9), st.floats(-1e9, -0.01), st.sampled_from([math.inf, -math.inf, math.nan])))
def test_one_out_of_range_value_changes_only_its_row(data, where, bad):
    chosen, rows = data
    clean = build_list(chosen, rows)
    i = where.draw(st.integers(0, len(rows) - 1))
    j = where.draw(st.integers(0, len(chosen) - 1))
    typo = [list(r) for r in rows]
    typo[i][3 + j] = bad
    cl = build_list(chosen, typo)
    assert cl.criteria == clean.criteria
    assert cl.rejected["row"].tolist() == [i + 2]
    others = ratings_of(clean).drop(index=f"K{i + 1}")
    pd.testing.assert_frame_equal(ratings_of(cl), others)
    a, b = score(cl, Scenario()).frame, score(clean, Scenario()).frame
    assert a.set_index("id")["score"].equals(b.set_index("id")["score"].drop(index=f"K{i + 1}"))


def header_variants(c) -> list[str]:
    return [c.header_de, c.label_de, c.label_de.upper(), c.label_en, f"{c.label_de} (0–10)",
            f"{c.label_de} [0-10]", f"{c.label_de} Bewertung", f" {c.label_de.lower()} "]


MARGIN_VARIANTS = ["Deckungsbeitrag (€)", "DB €", "Deckungsbeitrag in EUR", "Marge (EUR)", "Deckungsbeitrag absolut",
                   "DB (Euro)", "Rohertrag"]
IDENT_VARIANTS = [("Kunden-Nr.", "Kunde"), ("Kd.-Nr.", "Firma"), ("Customer ID", "Company"), ("Kundennummer", "Name")]


@settings(max_examples=40, deadline=None)
@given(data=rating_lists(), pick=st.data())
def test_renaming_headers_among_recognised_variants_changes_nothing(data, pick):
    chosen, rows = data
    headers = [pick.draw(st.sampled_from(header_variants(c))) for c in chosen]
    margin, ident = pick.draw(st.sampled_from(MARGIN_VARIANTS)), pick.draw(st.sampled_from(IDENT_VARIANTS))
    a, b = build_list(chosen, rows), build_list(chosen, rows, headers, margin, ident)
    assert a.criteria == b.criteria
    np.testing.assert_array_equal(a.ratings, b.ratings)
    pd.testing.assert_frame_equal(a.customers, b.customers)


def _percent_formatted_xlsx() -> bytes:
    """Ratings typed as percent in Excel: B3 0.75 shown "75 %", B4 1.5 shown "150 %"; C3 has a literal
    "%" in quotes in its format (not a percent) and C2 is a plain 6."""
    import io

    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet("Kunden")
    pct, literal = wb.add_format({"num_format": "0%"}), wb.add_format({"num_format": '0.0" %"'})
    ws.write_row(0, 0, ["Kunden-Nr.", "Bonität", "Sympathie"])
    ws.write_row(1, 0, ["K1", 5, 6])
    ws.write(2, 0, "K2")
    ws.write(2, 1, 0.75, pct)
    ws.write(2, 2, 6, literal)
    ws.write(3, 0, "K3")
    ws.write(3, 1, 1.5, pct)
    ws.write(3, 2, 7)
    wb.close()
    return buf.getvalue()


def test_percent_formatted_rating_cells_are_read_like_percent_text_and_listed():
    from kundenwert.ingest import load_raw

    data = _percent_formatted_xlsx()
    for cl in (load(data, "prozent.xlsx"), build(load_raw(data, "prozent.xlsx"))):   # in process and worker
        assert cl.customers["id"].tolist() == ["K1", "K2"]
        assert cl.ratings.tolist() == [[5.0, 6.0], [7.5, 6.0]]          # 75 % of the scale, like text "75 %"
        [note] = findings(cl, "percent_rating").itertuples()
        assert (note.row, note.column) == (3, "B") and "75 %" in note.message and "7,5" in note.message
        assert cl.rejected["row"].tolist() == [4] and "150 %" in cl.rejected["reason"].iloc[0]
