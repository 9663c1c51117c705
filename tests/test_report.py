"""report.py: one home for what is shown about a result (issue 9.5), and validate = score (9.5)."""

from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kundenwert import cli, export, report
from kundenwert.dataset import load
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct, round_half_up
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.files import messy_xlsx, write, xlsx_bytes
from tests.report_lists import report_list_xlsx


@pytest.fixture(scope="module")
def messy():
    cl = load(report_list_xlsx(), "kunden.xlsx")
    return cl, score(cl, Scenario())


# ------------------------------------------------------------------------------------------ rounding

def test_display_rounding_is_half_up_on_the_decimal_value():
    assert fmt_num(6.25) == "6,3" and fmt_num(4.35) == "4,4" and fmt_num(0.05) == "0,1"
    assert fmt_num(6.249999999999999) == "6,3"      # float noise of an exact 6,25 (15 digits, as Excel)
    assert fmt_num(-2.5, 0) == "-3" and fmt_num(-0.04) == "0,0"
    assert fmt_eur(1234.565) == "1.234,57 €" and fmt_pct(0.125) == "13 %"
    assert round_half_up(2.675, 2) == 2.68        # binary 2.67499999… but the decimal value is 2,675


@given(st.integers(0, 10**6), st.sampled_from([0, 1, 2]), st.booleans())
def test_a_trailing_5_always_rounds_away_from_zero(n, decimals, negative):
    sign = -1 if negative else 1
    x = sign * (n * 10 + 5) / 10 ** (decimals + 1)            # n,5 at the first dropped digit
    assert round_half_up(x, decimals) == sign * (n + 1) / 10 ** decimals
    assert fmt_num(x, decimals) == fmt_num(sign * (n + 1) / 10 ** decimals, decimals)


def test_score_of_exactly_6_25_shows_6_3_in_app_text_and_excel(messy):
    cl, result = messy
    row = result.frame[result.frame["id"] == "K-3"].iloc[0]
    assert row["score"] == 6.25 and report.score_shown(row["score"]) == "6,3"
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(result, cl)))
    ws = wb["Ergebnis"]
    header = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, header.index("Kunden-Nr.") + 1).value == "K-3":
            cell = ws.cell(r, header.index("Score") + 1)
            assert cell.number_format == "0.0" and fmt_num(cell.value) == "6,3"


# ---------------------------------------------------------------------------------------- accounting

def test_accounting_adds_up_and_the_sentence_is_built_once(messy):
    cl, result = messy
    acc = report.accounting(cl, result)
    assert acc.balanced and acc == report.Accounting(32, 28, 1, 1, 2, incomplete=1)
    assert report.accounting_sentence(acc) == ("Gelesen: 32 Zeilen = 28 bewertet + 1 nicht bewertbar + 1 abgelehnt + "
                                               "2 übersprungen")
    assert report.accounting_sentence(report.Accounting(1, 1, 0, 0, 0)).startswith("Gelesen: 1 Zeile =")


def test_validate_and_score_agree_on_the_messy_list(tmp_path, capsys):
    path = write(tmp_path / "messy.xlsx", messy_xlsx())
    out = {}
    for command in ("validate", "score"):
        cli.run([command, str(path), "--json"])
        out[command] = json.loads(capsys.readouterr().out)["accounting"]
    assert out["validate"] == out["score"]
    assert out["score"]["not_scorable"] == 1 and out["score"]["scored"] == 9


def test_validate_text_accounting_equals_score_text(tmp_path, capsys):
    path = write(tmp_path / "messy.xlsx", messy_xlsx())
    lines = {}
    for command in ("validate", "score"):
        cli.run([command, str(path)])
        lines[command] = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("Gelesen:"))
    assert lines["validate"] == lines["score"] == ("Gelesen: 14 Zeilen = 9 bewertet + 1 nicht bewertbar + "
                                                   "2 abgelehnt + 2 übersprungen")


def test_has_ratings_and_a_survey_list_through_the_report():
    rows = [["Kunden-Nr.", "Kunde", "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf",
             "Weiterempfehlung (0-10)"], ["K-1", "A", "ja", "ja", "ja", 10], ["K-2", "B", "nein", "ja", "nein", 3]]
    cl = load(xlsx_bytes(rows), "umfrage.xlsx")
    assert not report.has_ratings(cl) and not report.has_ratings(None)
    result = score(cl, Scenario())
    acc = report.accounting(cl, result)
    assert (acc.scored, acc.not_scorable, acc.unrated) == (0, 0, 2) and acc.balanced
    assert report.nps(cl).nps == 0.0
    assert report.matrix(cl, report.Settings()).own_data


# ---------------------------------------------------------------------------------------- class rule

def test_class_rule_text_for_each_method():
    assert report.class_rule_short(Scenario()) == "Score-Schwellen (7,0 / 4,0)"
    assert report.class_rule_short(Scenario().with_method("rank")) == "Rang-Anteile (20 % / 30 %)"
    pareto = Scenario(class_method="pareto", thresholds=(80.0, 95.0), pareto_basis="revenue")
    assert report.class_rule_short(pareto) == "Pareto (Wertanteil) nach Umsatz (80 % / 95 %)"
    assert report.class_rule(pareto) == ("pareto", {"a": 80.0, "b": 95.0, "basis": "revenue"})
    assert "weniger als 80 % des gesamten Umsatzes hat" in report.class_rule_text(pareto)
    assert "A ab Score 7,0, B ab 4,0" in report.class_rule_text(Scenario())
    assert report.class_rule_defaults("pareto") == "a = 80 %, b = 95 %"


# ---------------------------------------------------------------------------------------------- flags

def test_export_flags_are_the_profile_flags_with_the_users_minimum_order_value(messy):
    cl, result = messy
    settings = report.settings_for(result, min_order_revenue=400.0)
    table = export.result_table(result, cl, settings)
    notes = dict(zip(table["Kunden-Nr."], table["Hinweise"], strict=True))
    assert "Negativer Deckungsbeitrag" in notes["K-5"]            # the export had no loss flag
    assert "Unter Mindestumsatz je Auftrag" in notes["K-6"]        # 300 € per order < 400 €
    low = {i for i, n in notes.items() if "Mindestumsatz" in n}
    assert low == {"K-6"}                                          # the default (2.000 €) would flag many
    default_low = {i for i, n in zip(table["Kunden-Nr."], export.result_table(result, cl)["Hinweise"], strict=True)
                   if "Mindestumsatz" in n}
    assert len(default_low) > 1
    from kundenwert import profile as prof

    for pos, cid in enumerate(result.frame["id"]):
        p = prof.customer_profile(cl, result, pos, min_order_revenue=400.0)
        assert "; ".join(f.label for f in p.flags) == notes[cid], cid


def test_flag_sentences_have_correct_plurals():
    one = report.flag_detail("low_order_revenue", revenue=300.0, orders=1.0, min_order_revenue=400.0)
    assert "(1 Auftrag)" in one
    assert "(2 Aufträge)" in report.flag_detail("low_order_revenue", revenue=300.0, orders=2.0, min_order_revenue=400.0)
    assert report.flag_detail("incomplete", missing=1).startswith("1 Bewertung fehlt")
    assert report.flag_detail("incomplete", missing=3).startswith("3 Bewertungen fehlen")


# --------------------------------------------------------------------------------------------- matrix

def test_excel_and_html_matrix_use_the_users_satisfied_from(messy):
    cl, result = messy
    expected = report.matrix(cl, report.Settings(satisfied_from=6.0))
    default = report.matrix(cl, report.Settings())
    assert [c.customers for c in expected.cells] != [c.customers for c in default.cells]
    settings = report.settings_for(result, satisfied_from=6.0)
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(result, cl, settings)))
    ws = wb["After-Sales-Matrix"]
    header_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Kauf zufrieden")
    counts = [ws.cell(r, 3).value for r in range(header_row + 1, header_row + 5)]
    assert counts == [c.customers for c in expected.cells]
    assert "zufrieden ab 6,0" in ws.cell(1, 1).value


def test_class_summary_counts_are_the_class_counts(messy):
    cl, result = messy
    summary = report.class_summary(result)
    assert dict(zip(summary["class"], summary["customers"], strict=True)) == result.class_counts()
    assert np.isclose(summary["value"].sum(), np.nansum(result.scored["value_eur"]))


def test_score_text_on_a_survey_list_says_once_that_there_are_no_ratings(tmp_path, capsys):
    rows = [["Kunden-Nr.", "Kunde", "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"],
            *([f"K-{i}", f"Kunde {i}", "ja", "nein", "ja"] for i in range(1, 6))]
    path = write(tmp_path / "umfrage.xlsx", xlsx_bytes(rows))
    assert cli.run(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count(report.no_ratings_sentence()) == 1 and "Rang" not in out
    assert "Gelesen: 5 Zeilen = 5 Kunden ohne Bewertung + 0 abgelehnt + 0 übersprungen" in out
    assert cli.run(["score", str(path), "--json"]) == 0
    p = json.loads(capsys.readouterr().out)
    assert p["has_ratings"] is False and p["customers"] == 0 and p["results"] == []
    assert {r["reason_code"] for r in p["not_scorable_rows"]} == {"no_ratings"}


def test_a_survey_list_goes_through_every_engine_function_without_error():
    from kundenwert import profile as prof
    from kundenwert.compare import compare

    rows = [["Kunden-Nr.", "Kunde", "Umsatz (€)", "Zufrieden mit Kauf", "Zufrieden mit After-Sales", "Wiederkauf"],
            *([f"K-{i}", f"Kunde {i}", 100.0 * i, "ja", "nein", "ja"] for i in range(1, 6))]
    cl = load(xlsx_bytes(rows), "umfrage.xlsx")
    for method in ("score", "rank", "pareto"):
        result = score(cl, Scenario().with_method(method))
        assert result.class_counts() == {"A": 0, "B": 0, "C": 0}
    cmp = compare(cl, Scenario(), Scenario().with_method("rank"))
    assert cmp.spearman is None and (cmp.movers["drivers"] == "").all()
    assert [f.key for f in prof.customer_profile(cl, result, 0).flags] == ["not_scorable"]
    settings = report.settings_for(result)
    assert export.xlsx_bytes(result, cl, settings) and export.html_report(result, cl, settings=settings)
    assert report.class_summary(result)["customers"].tolist() == [0, 0, 0]


@given(st.floats(-1e12, 1e12, allow_nan=False), st.sampled_from([0, 1, 2]))
def test_fast_rounding_path_agrees_with_the_decimal_rule(x, decimals):
    from decimal import ROUND_HALF_UP, Decimal

    expected = float(Decimal(format(x, ".15g")).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    assert round_half_up(x, decimals) == expected


def test_a_survey_list_is_accounted_as_customers_without_rating_everywhere():
    """Matrix-only list: 'ohne Bewertung', not 'nicht bewertbar', in the report the app and the CLI share."""
    from kundenwert.cli import validate_payload
    from kundenwert.dataset import load
    from tests.shapes import matrix_only_xlsx

    cl = load(matrix_only_xlsx(), "umfrage.xlsx")
    acc = report.accounting(cl, score(cl, Scenario()))
    assert (acc.scored, acc.not_scorable, acc.unrated) == (0, 0, len(cl.customers)) and acc.balanced
    assert report.accounting(cl, None) == acc
    assert "30 Kunden ohne Bewertung" in report.accounting_sentence(acc)
    assert validate_payload(cl)["accounting"]["unrated"] == 30
