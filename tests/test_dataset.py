"""Reading real-world lists: header row, variants, German CSV, gaps, bad cells, ids, accounting."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from kundenwert.dataset import build, load, parse_number_text
from kundenwert.errors import InputFileError
from kundenwert.ingest.reader import read_table
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.files import RATING_HEADERS, simple_rows, xlsx_bytes


def accounted(cl, result=None) -> bool:
    result = result or score(cl, Scenario())
    scored = int(result.frame["scorable"].sum())
    not_scorable = len(result.frame) - scored
    return scored + not_scorable + len(cl.rejected) + len(cl.skipped) == cl.rows_read


def test_title_rows_above_header_are_not_data():
    rows = [["Kundenliste 2026"], [], *simple_rows(4)]
    cl = load(xlsx_bytes(rows), "liste.xlsx")
    assert cl.raw.header_row == 3
    assert cl.customers["row"].tolist() == [4, 5, 6, 7]
    assert cl.customers["id"].tolist() == ["K001", "K002", "K003", "K004"]
    assert any("Kopfzeile in Zeile 3" in m for m in cl.issues["message"])
    assert len(cl.criteria) == 12


def test_header_variants_and_extra_rating_column():
    header = ["Kd.-Nr.", "Firma", "Umsatz in EUR", "DB €", "BONITÄT (0-10)", "Zahlungsmoral",
              "Sympathie", "Innovationsgrad", "Notiz"]
    rows = [header, ["1", "A GmbH", 5000, 900, 8, 7, 6, 9, "gut"], ["2", "B KG", 3000, 100, 2, 3, 4, 1, ""]]
    cl = load(xlsx_bytes(rows), "v.xlsx")
    used = {c.header: c.key for c in cl.columns}
    assert used["Kd.-Nr."] == "id" and used["Firma"] == "name"
    assert used["Umsatz in EUR"] == "revenue" and used["DB €"] == "margin"
    assert cl.criteria == ["creditworthiness", "payment_behaviour", "likeability"]
    extra = next(c for c in cl.columns if c.header == "Innovationsgrad")
    assert extra.key is None and extra.rating_like
    assert not next(c for c in cl.columns if c.header == "Notiz").rating_like
    assert any("Innovationsgrad" in m and "eigenes Kriterium" in m for m in cl.issues["message"])
    # switching the extra column on makes it an own criterion
    mapping = dict(cl.mapping)
    mapping[extra.index] = "custom:Innovationsgrad"
    cl2 = build(cl.raw, mapping)
    assert cl2.criteria[-1] == "custom:Innovationsgrad"
    assert cl2.ratings[:, -1].tolist() == [9.0, 1.0]


def test_deckungsbeitrag_with_euro_amounts_is_the_margin_field():
    rows = [["Kunde", "Deckungsbeitrag", "Bonität"], ["A", 12000, 5], ["B", 800, 6]]
    cl = load(xlsx_bytes(rows), "db.xlsx")
    assert cl.customers["margin"].tolist() == [12000.0, 800.0]
    assert cl.criteria == ["creditworthiness"]


GERMAN_CSV = (
    "Kundenliste Export;;;;\r\n"
    "Kunden-Nr.;Kunde;Umsatz (€);Bonität (0-10);Zahlungsmentalität (0-10);Preissensibilität (0-10)\r\n"
    "00123;Müller GmbH;1.234.567,89;7,5;8;2\r\n"
    "123;Bäcker & Söhne;12.500;k.A.;6,5;75 %\r\n"
    ";;;;;\r\n"
    "200;Weiß AG;-1.500,50 €;9;-;3\r\n"
    "Summe;;1.245.567,39;;;\r\n"
)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_german_csv_export(encoding):
    data = GERMAN_CSV.encode(encoding)
    cl = load(data, "export.csv")
    c = cl.customers
    assert cl.raw.header_row == 2
    assert c["id"].tolist() == ["00123", "123", "200"]  # never collapsed to one number
    assert c["name"].tolist() == ["Müller GmbH", "Bäcker & Söhne", "Weiß AG"]
    assert c["revenue"].tolist() == [1234567.89, 12500.0, -1500.5]
    r = pd.DataFrame(cl.ratings, columns=cl.criteria)
    assert r["creditworthiness"].tolist()[0] == 7.5 and np.isnan(r["creditworthiness"].tolist()[1])
    assert r["payment_behaviour"].tolist()[:2] == [8.0, 6.5] and np.isnan(r["payment_behaviour"].iloc[2])
    assert r["price_sensitivity"].tolist() == [2.0, 7.5, 3.0]  # "75 %" of the scale
    skipped = dict(zip(cl.skipped["row"], cl.skipped["reason"], strict=True))
    assert skipped[5] == "leere Zeile" and "Summenzeile" in skipped[7]
    warnings = cl.issues[cl.issues["severity"] == "warning"]
    assert {(int(r), c) for r, c in zip(warnings["row"], warnings["column"], strict=True)} >= {(4, "D"), (6, "E")}
    assert accounted(cl)


def test_comma_separated_international_csv():
    text = "id,name,revenue,creditworthiness,payment behaviour\n1,Acme,\"1,234.50\",7.5,8\n2,Beta,99.5,3,4\n"
    cl = load(text.encode(), "intl.csv")
    assert cl.customers["revenue"].tolist() == [1234.5, 99.5]
    assert cl.ratings[:, 0].tolist() == [7.5, 3.0]


@pytest.mark.parametrize(("text", "german", "expected"), [
    ("7,5", True, 7.5), ("1.234,56 €", True, 1234.56), ("1,234.56", False, 1234.56), ("1.234", True, 1234.0),
    ("1.5", True, 1.5), ("12.500", False, 12.5), ("1.234.567", False, 1234567.0), ("(500)", True, -500.0),
    ("1 234,5", True, 1234.5), ("abc", True, None), ("1,2,3", True, None), ("", True, None),
])
def test_parse_number_text(text, german, expected):
    parsed = parse_number_text(text, german)
    assert (parsed[0] if parsed else None) == expected


def test_bad_cells_reject_the_row_naming_row_and_column_and_keep_the_rest():
    rows = simple_rows(5)
    rows[1][4] = 12          # E2 out of range
    rows[2][5] = "zwölf"     # F3 not a number
    rows[3][6] = dt.date(2026, 1, 2)  # G4 a date
    rows[4][7] = True        # H5 a boolean
    cl = load(xlsx_bytes(rows), "bad.xlsx")
    reasons = dict(zip(cl.rejected["row"], cl.rejected["reason"], strict=True))
    assert set(reasons) == {2, 3, 4, 5}
    assert "E2" in reasons[2] and "außerhalb 0–10" in reasons[2]
    assert "F3" in reasons[3] and "keine Zahl" in reasons[3]
    assert "G4" in reasons[4] and "Datum" in reasons[4]
    assert "H5" in reasons[5] and "Wahrheitswert" in reasons[5]
    assert cl.customers["row"].tolist() == [6]
    assert accounted(cl)


def test_duplicate_ids_name_both_rows_and_text_ids_stay_text():
    rows = simple_rows(4)
    rows[3][0] = rows[1][0]  # row 4 repeats the id of row 2
    rows[4][0] = 123.0       # numeric id
    rows.append(["00123", "Nullen GmbH", 1.0, 1.0, *[5] * 12])
    cl = load(xlsx_bytes(rows), "dup.xlsx")
    assert cl.rejected["row"].tolist() == [4]
    assert "K001" in cl.rejected["reason"].iloc[0] and "Zeile 2" in cl.rejected["reason"].iloc[0]
    assert "123" in cl.customers["id"].tolist() and "00123" in cl.customers["id"].tolist()


def test_missing_tokens_are_missing_not_zero_and_named():
    rows = simple_rows(3, ratings=[8.0] * 12)
    rows[1][4], rows[2][5], rows[3][6] = "k.A.", "-", "n/a"
    cl = load(xlsx_bytes(rows), "gaps.xlsx")
    assert int(np.isnan(cl.ratings).sum()) == 3
    warned = cl.issues[cl.issues["severity"] == "warning"]
    assert sorted(zip(warned["row"].astype(int), warned["column"], strict=True)) == [(2, "E"), (3, "F"), (4, "G")]
    result = score(cl, Scenario())
    assert result.frame["score"].tolist() == pytest.approx([score_of_eight_with_gap(4), score_of_eight_with_gap(5),
                                                            score_of_eight_with_gap(6)])
    assert result.frame["incomplete"].tolist() == [True, True, True]


def score_of_eight_with_gap(gap_col: int) -> float:
    """All ratings 8, one missing: reversed criteria count 2, the rest 8, averaged over 11."""
    from kundenwert.criteria import CRITERIA

    present = [c for j, c in enumerate(CRITERIA) if j != gap_col - 4]
    return sum(8.0 if c.higher_is_better else 2.0 for c in present) / len(present)


def test_formula_cached_values_are_read():
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet("Kunden")
    ws.write_row(0, 0, ["Kunde", "Bonität", "Zahlungsmentalität"])
    ws.write_row(1, 0, ["A", 4, 5])
    ws.write_formula(1, 1, "=2+2", None, 4)
    ws.write_formula(1, 2, "=B2+1", None, 5)
    wb.close()
    cl = load(buf.getvalue(), "f.xlsx")
    assert cl.ratings.tolist() == [[4.0, 5.0]]


def test_formula_without_cached_value_is_reported_by_cell():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Kunde", "Bonität", "Zahlungsmentalität"])
    ws.append(["A", 4, "=B2+1"])
    ws.append(["B", 6, 7])
    buf = io.BytesIO()
    wb.save(buf)
    cl = load(buf.getvalue(), "script.xlsx")
    assert cl.rejected["row"].tolist() == [2]
    assert "C2" in cl.rejected["reason"].iloc[0] and "Formel" in cl.rejected["reason"].iloc[0]
    assert cl.customers["name"].tolist() == ["B"]


def test_hidden_first_sheet_and_sheet_choice():
    data = xlsx_bytes(simple_rows(2), hidden_first=[["geheim"], [1]],
                      extra_sheets={"Notizen": [["Text"]], "Alt": simple_rows(3)})
    cl = load(data, "multi.xlsx")
    assert cl.raw.sheet == "Kunden" and len(cl.customers) == 2
    assert load(data, "multi.xlsx", sheet="Alt").customers.shape[0] == 3
    with pytest.raises(InputFileError, match="Blatt „Fehlt“ gibt es"):
        load(data, "multi.xlsx", sheet="Fehlt")


def test_first_sheet_that_looks_like_a_customer_list_is_chosen():
    data = xlsx_bytes([["Deckblatt"], ["Stand 2026"]], title="Info", extra_sheets={"Liste": simple_rows(2)})
    cl = load(data, "x.xlsx")
    assert cl.raw.sheet == "Liste"
    assert any("Liste" in m for m in cl.issues["message"])


def test_merged_duplicate_blank_and_nbsp_headers():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Bewertungen", None, None, None, None])
    ws.merge_cells("A1:E1")
    ws.append(["Kunde", "Bonität\u00a0(0-10)", "Bonität", None, "Sympathie"])
    ws.append(["A", 5, 9, 3, 7])
    buf = io.BytesIO()
    wb.save(buf)
    cl = load(buf.getvalue(), "m.xlsx")
    assert cl.raw.header_row == 2
    assert cl.criteria == ["creditworthiness", "likeability"]
    assert cl.ratings.tolist() == [[5.0, 7.0]]
    messages = " ".join(cl.issues["message"])
    assert "nur Spalte B wird verwendet" in messages and "duplicate_column" in cl.issues["code"].tolist()
    assert "Spalte D hat Daten, aber keine Überschrift" in messages


def test_ods_is_read(tmp_path):
    header, *data = simple_rows(3)
    frame = pd.DataFrame(data, columns=header)
    path = tmp_path / "liste.ods"
    frame.to_excel(path, engine="odf", index=False)
    cl = load(path.read_bytes(), "liste.ods")
    assert cl.customers["id"].tolist() == ["K001", "K002", "K003"]
    assert cl.ratings.shape == (3, 12)


def test_no_rating_column_is_a_finding_not_a_refusal():
    cl = load(xlsx_bytes([["Kunde", "Ort"], ["A", "Berlin"]]), "x.xlsx")
    assert cl.criteria == [] and cl.ratings.shape == (1, 0)
    assert cl.issues["message"].str.contains("keine Bewertungsspalte").any()


def test_no_recognisable_header_is_a_clear_error():
    with pytest.raises(InputFileError, match="keine Kopfzeile"):
        load(xlsx_bytes([[1, 2, 3], [4, 5, 6]]), "zahlen.xlsx")


def test_rows_without_customer_data_are_skipped_with_reason():
    rows = simple_rows(2) + [[None, None, None, None, *[None] * 12], ["", "", 5.0]]
    rows.append([None, None, 7.0, None, *[None] * 12])
    cl = load(xlsx_bytes(rows + [["K9", "Neun", 1.0, 1.0, *[3] * 12]]), "x.xlsx")
    assert cl.customers["id"].tolist() == ["K001", "K002", "K9"]
    assert len(cl.skipped) == 3
    assert accounted(cl)


def test_input_bytes_are_never_modified(tmp_path):
    data = xlsx_bytes(simple_rows(3))
    path = tmp_path / "x.xlsx"
    path.write_bytes(data)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    from kundenwert.ingest.reader import read_path

    build(read_path(str(path)))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_yes_no_spellings_and_x_columns():
    rows = [["Kunde", "Bonität", "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"]]
    spellings = [("ja", "x", "Ja"), ("nein", "", "N"), ("J", "x", "yes"), ("n", None, "0"), ("wahr", "x", "1"),
                 ("FALSCH", None, "nein"), (True, "x", False), ("k.A.", "x", "ja")]
    for i, (a, b, c) in enumerate(spellings):
        rows.append([f"K{i}", 5, a, b, c])
    cl = load(xlsx_bytes(rows), "yn.xlsx")
    c = cl.customers
    assert c["sale_satisfied"].tolist()[:7] == [1, 0, 1, 0, 1, 0, 1] and np.isnan(c["sale_satisfied"].iloc[7])
    assert c["aftersales_satisfied"].tolist() == [1, 0, 1, 0, 1, 0, 1, 1]  # x or blank
    assert c["repurchase"].tolist() == [1, 0, 1, 0, 1, 0, 0, 1]
    assert cl.satisfaction_scale == {"sale_satisfied": "yesno", "aftersales_satisfied": "yesno",
                                     "repurchase": "yesno"}


def test_satisfaction_as_rating_is_kept_as_rating():
    rows = [["Kunde", "Bonität", "Zufriedenheit Kauf", "Zufriedenheit After-Sales", "Wiederkauf"],
            ["A", 5, 8, 6.5, "ja"], ["B", 5, 3, 9, "nein"]]
    cl = load(xlsx_bytes(rows), "r.xlsx")
    assert cl.satisfaction_scale["sale_satisfied"] == "rating"
    assert cl.customers["aftersales_satisfied"].tolist() == [6.5, 9.0]


def test_read_table_keeps_excel_positions_with_offset_table():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C5"], ws["D5"], ws["E5"] = "Kunde", "Bonität", "Sympathie"
    ws["C6"], ws["D6"], ws["E6"] = "A", 3, "x"
    buf = io.BytesIO()
    wb.save(buf)
    raw = read_table(buf.getvalue(), "o.xlsx")
    assert raw.letters == ["C", "D", "E"] and raw.header_row == 5 and raw.row_numbers == [6]
    cl = build(raw)
    assert "E6" in cl.rejected["reason"].iloc[0]


def test_rating_headers_cover_the_catalogue():
    assert len(RATING_HEADERS) == 12
