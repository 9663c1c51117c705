"""The Start / Daten page in English (issue 10): the data check's tiles, sentences, findings and tables, the
column mapping with the engine's labels, numbers the English way; messages kept in the session (load
notice, load error, scenario error) follow a switch of the language."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kundenwert import i18n, report
from kundenwert.dataset import build
from kundenwert.errors import ScenarioError
from kundenwert.ingest.reader import read_table
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from kundenwert.ui import data_page
from kundenwert.ui.session import LIST
from tests.files import messy_xlsx, simple_rows, xlsx_bytes
from tests.session_kit import list_of, list_state_of, ok, opened
from tests.test_app_languages import GERMAN


def _english(at):
    at.query_params["lang"] = "en"
    return at.run()


def _switch(at, lang: str):
    at.query_params["lang"] = lang
    return at.run()


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_sample_data_check_reads_english(sample_list, md_unescape):
    at = opened("app.py", "en")
    m = _metrics(at)
    acc = report.accounting(sample_list, score(sample_list, Scenario()))
    assert (acc.rows_read, acc.scored, acc.not_scorable) == (250, 248, 2)
    assert (m["Rows read"], m["scored"], m["not scorable"], m["rejected"], m["skipped"]) == ("250", "248", "2", "0",
                                                                                            "0")
    assert m["incomplete"] == str(acc.incomplete)
    md = [md_unescape(x.value) for x in at.markdown]
    sums = report.accounting_sentence(acc, "en")
    assert any(x.endswith(f"{sums} – every row is accounted for.") for x in md), md
    assert sums.startswith("Read: 250 rows = 248 scored + 2 not scorable")
    # the engine's findings in English (codes + parameters rendered at the edge)
    assert any(i18n.text("reader.header_found", "en", row=3) in x for x in md)
    assert any(e.label.endswith("warnings · 1 note") for e in at.expander), [e.label for e in at.expander]
    assert md_unescape(at.success[0].value) == "“Sample data” loaded: 250 rows read, 250 customers."
    unused = next(d.value for d in at.dataframe if "Reason" in d.value.columns)
    assert list(unused.columns) == ["Excel row", "Status", "Customer", "Reason"]
    assert unused["Status"].tolist() == ["not scorable"] * 2
    assert all(r.startswith("Ratings present for only ") for r in unused["Reason"])
    assert "Header in Excel row 3; data from row 4" in [c.value for c in at.caption]


def test_numbers_on_the_start_page_are_english(app_upload):
    data = xlsx_bytes(simple_rows(1500))
    at = app_upload()
    _english(at)
    at.upload("big.xlsx", data)
    ok(at)
    assert _metrics(at)["Rows read"] == "1,500" and _metrics(at)["scored"] == "1,500"
    _switch(at, "de")
    assert _metrics(at)["Zeilen gelesen"] == "1.500"


def test_column_mapping_names_the_engines_labels_in_english_and_still_applies(app_upload, md_unescape):
    rows = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Innovationskraft"]]
    rows += [[f"K{i}", f"Kunde {i}", i % 11, (i * 3) % 11] for i in range(1, 9)]
    at = app_upload()
    _english(at)
    at.upload("liste.xlsx", xlsx_bytes(rows))
    ok(at)
    box = at.selectbox(key="kw_map_2")
    assert box.value == "creditworthiness" and box.format_func(box.value) == "Criterion: Creditworthiness"
    assert md_unescape(box.label) == "Column C: Bonität (0-10)"
    assert box.format_func(None) == "— do not use" and box.format_func("revenue") == "Field: Revenue (€)"
    other = at.selectbox(key="kw_map_3")
    assert other.value is None and other.format_func("custom:Innovationskraft") == "Own criterion “Innovationskraft” (0–10)"
    assert at.button(key="kw_map_submit").label == "Apply mapping"
    assert "Column mapping" in [h.value for h in at.header]
    status = [t.value for t in at.text]
    assert "recognised" in status and "0–10 values" in status
    other.set_value("future_prospects")
    at.button(key="kw_map_submit").click().run()
    ok(at)
    assert "future_prospects" in list_of(at).criteria
    assert at.selectbox(key="kw_map_3").format_func("future_prospects") == "Criterion: Future prospects"
    assert "set by hand" in [t.value for t in at.text]


def test_a_load_error_follows_the_language(app_upload, md_unescape):
    at = app_upload()
    _english(at)
    at.upload("notiz.xlsx", b"Dies ist keine Excel-Datei, nur Text\n")
    ok(at)
    english = md_unescape(at.error[0].value)
    assert english.startswith("The file “notiz.xlsx” is not an Excel file (.xlsx)") and not GERMAN.search(english)
    _switch(at, "de")
    german = md_unescape(at.error[0].value)
    assert german != english and "ist keine Excel-Datei" in german


def test_the_load_notice_follows_the_language(md_unescape):
    at = opened("app.py", "en")
    assert md_unescape(at.success[0].value).startswith("“Sample data” loaded")
    _switch(at, "de")
    assert md_unescape(at.success[0].value) == "„Beispieldaten“ geladen: 250 Zeilen gelesen, 250 Kunden."
    assert any(x.value.startswith("**Beispieldaten** · Blatt „Kunden“") for x in at.markdown)


def test_a_scenario_error_follows_the_language(sample_list, md_unescape):
    at = opened("app.py", "en")
    for key in sample_list.criteria:
        at.slider(key=f"kw_w_{key}").set_value(0.0)
    at.run()
    ok(at)
    with pytest.raises(ScenarioError) as caught:
        score(sample_list, Scenario(weights=dict.fromkeys(sample_list.criteria, 0.0)))
    shown = [md_unescape(w.value) for w in at.warning]
    assert caught.value.text("en") == "All weights are 0 – please weight at least one criterion."
    assert caught.value.text("en") in shown, shown
    _switch(at, "de")
    assert str(caught.value) in [md_unescape(w.value) for w in at.warning]


def test_unused_rows_and_grouped_findings_of_a_messy_list_in_english():
    cl = build(read_table(messy_xlsx(), "messy.xlsx"))
    result = score(cl, Scenario())
    table = data_page.unused_rows(cl, result, "en")
    assert list(table.columns) == ["Excel row", "Status", "Customer", "Reason"]
    assert set(table["Status"]) == {"rejected", "not scorable", "skipped"}
    for reason in table["Reason"]:
        rest = reason
        for header in (h for h in cl.raw.headers if h):
            rest = rest.replace(header, "")
        assert not GERMAN.search(rest.replace("„Summe“", "")), reason
    german = data_page.unused_rows(cl, result)
    assert list(german.columns) == ["Excel-Zeile", "Status", "Kunde", "Grund"]
    assert german["Excel-Zeile"].tolist() == table["Excel row"].tolist()
    groups = data_page.group_issues(cl, result, "en")
    assert len(groups) and len(groups) == len(data_page.group_issues(cl, result))
    data = sorted({*filter(None, cl.raw.headers), *cl.customers["name"].astype(str)}, key=len, reverse=True)
    for g in groups.itertuples():
        assert g.column == "General" or g.column.startswith("Column ")
        for message in g.messages:
            rest = message
            for d in data:
                rest = rest.replace(d, "")
            assert not GERMAN.search(rest), message


def test_empty_state_and_a_file_waiting_for_its_mapping_read_english(app_upload, sample_bytes, md_unescape):
    from kundenwert.ui import state

    at = app_upload()
    _english(at)
    ok(at)
    info = md_unescape(at.info[0].value)
    assert info.startswith("No data loaded yet") and "“Purchase history”, “Creditworthiness”, “Payment behaviour”" in info
    at.upload("kundenliste_beispiel.xlsx", sample_bytes)
    at.session_state[LIST] = replace(list_state_of(at), pending=state.Source(sample_bytes, "waiting.xlsx", "x" * 64,
                                                                              ".xlsx", None))
    at.run()
    ok(at)
    warnings = [md_unescape(w.value) for w in at.warning]
    assert "“waiting.xlsx” cannot be analysed like this yet. Map its columns below (e.g. a column as a criterion or " \
           "as your own criterion). Until then “Sample data” stays loaded and usable." in warnings, warnings
    assert at.button(key="kw_discard").label == "Discard this file"
    assert "Column mapping" in [h.value for h in at.header]
