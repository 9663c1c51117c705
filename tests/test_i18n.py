"""The language seam: catalogues (same keys and placeholders), locale formatting, phrases."""

from __future__ import annotations

import pickle
import re
from decimal import Decimal

import pytest
from babel import numbers as babel_numbers
from hypothesis import given
from hypothesis import strategies as st

from kundenwert import fmt, i18n
from kundenwert.findings import SEVERITY, cell_reason, join_reasons, localise, reason, render, skip_reason

_FIELD = re.compile(r"\{(\w+)(?:\|[^|}]*\|[^}]*)?\}")


def test_catalogues_have_the_same_keys():
    de, en = i18n.catalogue("de"), i18n.catalogue("en")
    assert set(de) - set(en) == set(), "keys only in German"
    assert set(en) - set(de) == set(), "keys only in English"


def test_every_placeholder_appears_in_both_languages():
    de, en = i18n.catalogue("de"), i18n.catalogue("en")
    wrong = {k: (sorted(set(_FIELD.findall(de[k]))), sorted(set(_FIELD.findall(en[k]))))
             for k in de if set(_FIELD.findall(de[k])) != set(_FIELD.findall(en[k]))}
    assert wrong == {}


def test_plural_entries_have_two_forms_in_both_languages():
    for lang in i18n.LANGS:
        for key in ("safety.billion", "safety.million"):
            assert i18n.catalogue(lang)[key].count("|") == 1, (lang, key)


def test_unknown_language_falls_back_to_german():
    assert i18n.norm_lang("fr") == "de"
    assert i18n.norm_lang(None) == "de"
    assert i18n.norm_lang("EN") == "en"
    assert i18n.text("skip.blank", "xx") == "leere Zeile"


def test_every_finding_code_has_a_sentence_in_each_language():
    for lang in i18n.LANGS:
        for code in SEVERITY:
            assert "finding." + code in i18n.catalogue(lang)


def test_phrase_is_german_text_and_renders_english():
    why = reason("out_of_range", {"value": 11.5, "low": 0, "high": 10})
    assert why == "Wert 11,5 liegt außerhalb 0–10"
    assert why.render("en") == "value 11.5 lies outside 0–10"
    joined = join_reasons([cell_reason("C7", "Bonität", why), reason("duplicate_id", {"id": "K-1", "first_row": 4})])
    assert joined.render("en") == ("C7 (Bonität): value 11.5 lies outside 0–10; "
                                   "customer id “K-1” repeated: already in row 4")
    assert localise(joined, "de") == str(joined)
    assert localise("plain", "en") == "plain"
    back = pickle.loads(pickle.dumps(joined))
    assert back == joined and back.render("en") == joined.render("en")


def test_skip_reason_of_a_total_row_in_both_languages():
    p = skip_reason("total", "sums", "Summe")
    assert p == "Summenzeile (Beschriftung „Summe“, Werte = Spaltensummen) – nicht als Kunde gezählt"
    assert p.render("en") == "total row (label “Summe”, values = column sums) – not counted as a customer"


def test_finding_renders_in_english_with_english_numbers_and_labels():
    params = {"column": "C", "header": "x", "share": 62.5, "target": "revenue"}
    assert render("header_by_values", params) .startswith("Spalte C „x“ nennt keine Einheit: 62,5 %")
    en = render("header_by_values", params, "en")
    assert "62.5 %" in en and "“Revenue (€)”" in en
    assert render("ratings_missing", {"row": 1234, "count": 1, "columns": "D"}, "en") == \
        "Row 1234: 1 rating is missing (D) – it does not count as 0."


# ------------------------------------------------------------------------------------ formatting

@pytest.mark.parametrize(("value", "de", "en"), [
    (1234.5, "1.234,5", "1,234.5"), (0.05, "0,1", "0.1"), (-0.04, "0,0", "0.0"), (-1234567.25, "-1.234.567,3",
                                                                                     "-1,234,567.3"),
])
def test_number(value, de, en):
    assert fmt.fmt_num(value) == de
    assert fmt.fmt_num(value, 1, "en") == en


def test_eur_pct_signed_and_missing():
    assert fmt.fmt_eur(1234.5, 1) == "1.234,5 €"
    assert fmt.fmt_eur(1234.5, 1, "en") == "€1,234.5"
    assert fmt.fmt_eur(-5, 0, "en") == "-€5"
    assert fmt.fmt_pct(0.125, 1) == "12,5 %"
    assert fmt.fmt_pct(0.125, 1, "en") == "12.5%"
    assert fmt.fmt_signed(-1.25) == "\u22121,3"
    assert fmt.fmt_signed(2, 1, "en") == "+2.0"
    assert fmt.fmt_signed(-0.04) == "0,0"
    assert fmt.fmt_signed(-0.5, 0, "en", unit="eur") == "\u2212€1"
    assert fmt.fmt_signed(0.1, 0, "de", unit="pct") == "+10 %"
    for f in (fmt.fmt_num, fmt.fmt_eur, fmt.fmt_pct, fmt.fmt_signed):
        assert f(None) == "–" and f(float("nan")) == "–"


def test_dates():
    import datetime as dt

    assert i18n.date_text(dt.date(2026, 3, 4), "de") == "04.03.2026"
    assert i18n.date_text(dt.date(2026, 3, 4), "en") == "Mar 4, 2026"
    assert i18n.datetime_text(dt.datetime(2026, 3, 4, 14, 5), "de") == "04.03.2026, 14:05"
    assert i18n.plotly_separators("de") == ",." and i18n.plotly_separators("en") == ".,"


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


@given(finite, st.integers(0, 3), st.sampled_from(i18n.LANGS))
def test_number_is_babel_on_the_value_rounded_half_up(x, decimals, lang):
    """The fast path writes what Babel writes for the value ``round_half_up`` gives (one rounding rule)."""
    rounded = fmt.round_half_up(x, decimals)
    exact = Decimal(f"{abs(rounded):.{decimals}f}")
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    babel = babel_numbers.format_decimal(exact, format=pattern, locale=lang, decimal_quantization=True)
    sign = "-" if rounded < 0 and exact != 0 else ""
    assert i18n.number(x, decimals, lang) == sign + babel


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.integers(0, 2), st.sampled_from(i18n.LANGS))
def test_eur_is_babel_currency(x, decimals, lang):
    rounded = fmt.round_half_up(x, decimals)
    exact = Decimal(f"{rounded:.{decimals}f}")
    base = "#,##0" + ("." + "0" * decimals if decimals else "")
    pattern = {"de": base + "\xa0¤", "en": "¤" + base}[lang]
    babel = babel_numbers.format_currency(exact, "EUR", format=pattern, locale=lang, currency_digits=False)
    assert i18n.eur(x, decimals, lang) == babel.replace("\xa0", " ")


@given(finite, st.integers(0, 2))
def test_signed_uses_the_real_minus_and_the_shown_magnitude(x, decimals):
    shown = fmt.fmt_signed(x, decimals)
    assert "-" not in shown
    magnitude = fmt.fmt_num(abs(x), decimals)
    assert shown.lstrip("+\u2212") == magnitude
    if fmt.round_half_up(x, decimals) != 0:
        assert shown[0] == ("+" if x > 0 else "\u2212")


@given(finite, st.integers(0, 3))
def test_german_and_english_show_the_same_rounded_value(x, decimals):
    de = fmt.fmt_num(x, decimals).replace(".", "").replace(",", ".")
    en = fmt.fmt_num(x, decimals, "en").replace(",", "")
    assert de == en
    assert float(en) == pytest.approx(fmt.round_half_up(x, decimals), abs=10 ** -decimals / 2)


# ------------------------------------------------------------------------------------ report texts

def test_report_sentences_in_english_keep_german_by_default():
    from kundenwert import report
    from kundenwert.scenario import Scenario

    acc = report.Accounting(rows_read=1234, scored=1000, not_scorable=1, rejected=200, skipped=33)
    assert report.accounting_sentence(acc) == ("Gelesen: 1.234 Zeilen = 1.000 bewertet + 1 nicht bewertbar + "
                                               "200 abgelehnt + 33 übersprungen")
    assert report.accounting_sentence(acc, "en") == ("Read: 1,234 rows = 1,000 scored + 1 not scorable + "
                                                     "200 rejected + 33 skipped")
    sc = Scenario(class_method="pareto", thresholds=(80.0, 95.0), pareto_basis="revenue")
    assert report.class_rule_short(sc) == "Pareto (Wertanteil) nach Umsatz (80 % / 95 %)"
    assert report.class_rule_short(sc, "en") == "Pareto (value share) by revenue (80% / 95%)"
    assert "des gesamten Umsatzes" in report.class_rule_text(sc)
    assert report.flag_label("slow_payer", "en") == "Slow payer – consider prepayment"
    assert report.flag_detail("low_order_revenue", revenue=1000.0, orders=1, min_order_revenue=2000.0,
                              lang="en") == ("€1,000 per order (1 order) – below €2,000: consider a minimum order "
                                             "value or bundling.")
    assert list(report.study_table("en").columns)[0] == "satisfied with the sale"


# ------------------------------------------------------------------------------------ refusals

SAFETY_DETAILS = {
    "too_large": {"size": 150 * 2**20}, "encrypted": {"app": "LibreOffice"},
    "no_spreadsheet": {"what": "zip"}, "text_not_excel": {"fmt": "Excel", "what": "xml"},
    "too_many_cells": {"sheet": "S", "ref": "XFD99", "cells": 29_000_000, "at_least": True},
    "beyond_excel": {"sheet": "S", "ref": "C9999999", "rows": 9_999_999, "cols": 3},
    "workbook_cells": {"sheets": 3, "cells": 30_000_000}, "shared_strings_count": {"count": 6_000_000},
    "shared_strings_bytes": {"size": 300 * 2**20}, "shared_string_size": {"size": 2 * 2**20},
    "csv_columns": {"row": 1234, "columns": 20000}, "csv_cells": {"row": 99}, "csv_null": {"row": 3},
    "csv_field": {"row": 7, "column": "C", "chars": 40000, "at_least": True}, "csv_line": {"row": 2, "chars": 5 * 2**20},
    "timeout": {"seconds": 60}, "memory": {"limit": 2**30}, "not_regular": {"what": "folder"},
    "os_error": {"reason": "EACCES"},
}
GERMAN_IN_REFUSALS = re.compile(r"Datei|Bitte|Zeile|Spalte|Blatt|sondern|ein |eine |keine|höchstens|mindestens|"
                                r"Millionen|Milliarden|Ordner|Berechtigung|[äöüß„]")


@pytest.mark.parametrize("key", sorted(k.removeprefix("safety.") for k in i18n.catalogue("de")
                                       if k.count(".") == 1 and k.startswith("safety.")
                                       and not k.startswith(("safety.what", "safety.size_", "safety.text_"))
                                       and k not in {"safety.resave", "safety.more_than", "safety.at_least",
                                                     "safety.instead", "safety.no_name", "safety.bytes",
                                                     "safety.billion", "safety.million", "safety.beyond_rows",
                                                     "safety.beyond_columns", "safety.csv_field_column",
                                                     "safety.more_than_word"}))
def test_every_refusal_reads_in_english(key):
    from kundenwert.ingest.safety import refusal

    err = refusal(key, "/tmp/liste.xlsx", **SAFETY_DETAILS.get(key, {}))
    german, english = str(err), err.text("en")
    assert "liste.xlsx" in german and "liste.xlsx" in english
    assert german != english
    assert not GERMAN_IN_REFUSALS.search(english), english
    assert err.text("de") == german


def test_refusal_numbers_follow_the_language():
    from kundenwert.ingest.safety import refusal

    err = refusal("csv_columns", "x.csv", row=1234, columns=20000)
    assert "Zeile 1.234" in str(err) and "20.000 Spalten" in str(err)
    assert "Row 1,234" in err.text("en") and "20,000 columns" in err.text("en")
    assert "29 million cells" in refusal("too_many_cells", "x.xlsx", sheet="S", ref="A1", cells=29_000_000).text("en")


def test_ones_own_weighting_is_named_in_the_language_and_stored_names_stay():
    from kundenwert.links import DEFAULT_NAME
    from kundenwert.report import scenario_name
    from kundenwert.scenario import Scenario

    assert scenario_name(Scenario(name=DEFAULT_NAME), "en") == "Custom weighting"
    assert scenario_name(Scenario(name=DEFAULT_NAME), "de") == "Eigene Gewichtung"
    assert scenario_name(Scenario(name="Vertrieb Süd"), "en") == "Vertrieb Süd"


def test_an_own_criterion_from_a_column_without_header_is_worded_in_the_language():
    from kundenwert.columns import custom_key
    from kundenwert.criteria import label

    key = custom_key("", "C")
    assert (label(key, "de"), label(key, "en")) == ("Spalte C", "Column C")
    assert label(custom_key("Marge", "D"), "en") == "Marge"          # a header is data: as the file has it


def test_mapping_samples_follow_the_language():
    from kundenwert.ui.mapping_form import _cell_sample

    assert (_cell_sample(3.5, "de"), _cell_sample(3.5, "en"), _cell_sample(7.0, "en")) == ("3,5", "3.5", "7")


def test_a_zero_difference_can_say_no_change():
    from kundenwert.fmt import fmt_signed

    assert [fmt_signed(v, 0, "de", zero="±") for v in (3, 0, -2, 0.4)] == ["+3", "±0", "−2", "±0"]
    assert fmt_signed(1234, 0, "en", zero="±") == "+1,234" and fmt_signed(0, 1, "en") == "0.0"


def test_a_language_switch_words_the_same_samples_without_reading_the_file_again(app_upload, monkeypatch):
    """The column inspection (recognition + example values) is read once per file, in no language; a switch
    only words its samples again (was: cached per language, so every switch read and recognised the file anew)."""
    from kundenwert.ui import state
    from tests.files import xlsx_bytes

    calls: list[int] = []
    recognise = state.recognise_columns
    monkeypatch.setattr(state, "recognise_columns", lambda raw: calls.append(1) or recognise(raw))
    at = app_upload()
    at.run()
    at.upload("werte.xlsx", xlsx_bytes([["Kunden-Nr.", "Kunde", "Qualität"], ["K1", "A", 3.5], ["K2", "B", 7.0]]))
    assert not at.exception
    first = len(calls)
    assert first >= 1
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert len(calls) == first
    texts = [e.value for e in at.get("text")]
    assert "3.5 · 7" in texts, texts
