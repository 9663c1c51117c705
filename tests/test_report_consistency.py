"""One report, four edges (issue 9.5): with non-default settings (rank-share classes, minimum order
value 400 €, satisfied from 6) the app pages, the CLI JSON, the Excel report and the HTML report
show the same flags, class counts, row accounting and rounded numbers."""

from __future__ import annotations

import html
import io
import json
import re

import openpyxl
import pytest

from kundenwert import cli, report
from kundenwert.dataset import load
from kundenwert.fmt import fmt_eur, fmt_num
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.downloads import capture
from tests.files import write
from tests.report_lists import report_list_xlsx
from tests.session_kit import put_settings

RANKING = "pages/1_Gewichtung_und_Ranking.py"
PROFILE = "pages/3_Kundenprofil.py"
MATRIX = "pages/4_After-Sales-Matrix.py"
MIN_ORDER = 400.0
SATISFIED_FROM = 6.0
PROFILE_IDS = ("K-3", "K-4", "K-5", "K-6", "K-7", "K-8", "K-9", "K-10", "K-12")


METHODS = {"rank": Scenario().with_method("rank"),
           "pareto": Scenario(class_method="pareto", thresholds=(60.0, 90.0), pareto_basis="revenue")}


@pytest.fixture(scope="module", params=list(METHODS))
def built(request):
    """The report, built once: the expected numbers every edge must show."""
    data = report_list_xlsx()
    cl = load(data, "kunden.xlsx")
    scenario = METHODS[request.param]
    result = score(cl, scenario)
    settings = report.settings_for(result, min_order_revenue=MIN_ORDER, satisfied_from=SATISFIED_FROM)
    flags = report.customer_flags(cl, result, settings)
    f = result.frame
    expected = {
        "accounting": report.accounting(cl, result),
        "classes": result.class_counts(),
        "flags": {cid: [report.flag_label(c) for c in flags.codes(i)] for i, cid in enumerate(f["id"])},
        "score_shown": {cid: report.score_shown(s) for cid, s in zip(f["id"], f["score"], strict=True)},
        "value_shown": {cid: fmt_eur(v) for cid, v in zip(f["id"], f["value_eur"], strict=True)},
        "class": dict(zip(f["id"], f["class"], strict=True)),
        "rank_ids": result.ranking()["id"].tolist(),
        "matrix": [c.customers for c in report.matrix(cl, settings).cells],
    }
    # the list is built so that the settings matter: with the defaults the flags and the matrix differ
    default = report.settings_for(result)
    assert report.customer_flags(cl, result, default).counts() != flags.counts()
    assert [c.customers for c in report.matrix(cl, default).cells] != expected["matrix"]
    assert expected["score_shown"]["K-3"] == "6,3" and expected["rank_ids"][:2] == ["K-9", "K-10"]
    return data, cl, scenario, settings, expected


def _with_settings(at, scenario):
    """The user's settings, as the sidebar and the pages keep them in the session."""
    put_settings(at, method=scenario.class_method)
    put_settings(at, thresholds={scenario.class_method: tuple(scenario.thresholds)})
    put_settings(at, basis=scenario.pareto_basis)
    at.session_state["kw_profile_min_order"] = MIN_ORDER
    put_settings(at, matrix_satisfied_from=SATISFIED_FROM)
    return at


def _loaded_app(app_upload, data, scenario):
    at = app_upload()
    at.run()
    at.upload("kunden.xlsx", data)
    assert not at.exception
    return _with_settings(at, scenario)


def test_data_page_shows_the_report_accounting(app_upload, built):
    data, _, scenario, _, expected = built
    at = _loaded_app(app_upload, data, scenario)
    sentence = report.accounting_sentence(expected["accounting"])
    assert any(sentence in m.value for m in at.markdown), [m.value for m in at.markdown]


def test_pages_excel_html_and_cli_show_the_same(app_upload, app_page, carry_state, monkeypatch, built, tmp_path,
                                                capsys):
    data, cl, scenario, settings, expected = built
    start = _loaded_app(app_upload, data, scenario)
    downloads = capture(monkeypatch)

    # ---- ranking page: class counts, order, classes
    at = _with_settings(carry_state(start, app_page(RANKING)), scenario).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label: m.value for m in at.metric}
    for c in "ABC":
        assert int(next(v for k, v in shown.items() if f"Klasse {c}" in k)) == expected["classes"][c]
    assert shown["Kunden bewertet"] == fmt_num(expected["accounting"].scored, 0)
    table = at.dataframe[0].value
    table = table.data if hasattr(table, "data") else table
    assert table["Kunden-Nr."].tolist() == expected["rank_ids"]
    assert {i: c[0] for i, c in zip(table["Kunden-Nr."], table["Klasse"], strict=True)} == {
        i: expected["class"][i] for i in expected["rank_ids"]}
    assert {i: fmt_num(s) for i, s in zip(table["Kunden-Nr."], table["Score"], strict=True)} == {
        i: expected["score_shown"][i] for i in expected["rank_ids"]}

    # ---- Kundenprofil: the flags of chosen customers, and the score as shown
    for cid in PROFILE_IDS:
        page = _with_settings(carry_state(start, app_page(PROFILE)), scenario)
        page.session_state["kw_profile_id"] = cid
        page.run()
        assert not page.exception, [e.value for e in page.exception]
        boxes = [b.value for kind in (page.warning, page.info, page.error, page.success) for b in kind]
        labels = sorted(re.findall(r"\*\*(.+?)\*\* – ", "\n".join(boxes)))
        assert labels == sorted(expected["flags"][cid]), cid
        score_metric = next(m.value for m in page.metric if m.label == "Score")
        assert score_metric == (expected["score_shown"][cid] if expected["class"][cid] else "–"), cid

    # ---- After-Sales-Matrix page: the cells with the user's "satisfied from"
    mat = _with_settings(carry_state(start, app_page(MATRIX)), scenario).run()
    assert not mat.exception, [e.value for e in mat.exception]
    cells = next(t.value for t in mat.table if "Feld" in t.value.columns)
    assert [int(v) for v in cells["Kunden"]] == expected["matrix"]

    # ---- Excel report, as the ranking page's download button delivers it
    wb = openpyxl.load_workbook(io.BytesIO(downloads.data("kundenwert_ranking.xlsx")))
    ws = wb["Ergebnis"]
    header = [c.value for c in ws[1]]
    col = {h: header.index(h) + 1 for h in ("Kunden-Nr.", "Score", "Kundenwert (€)", "Klasse", "Hinweise")}
    xl_flags, xl_score, xl_class, xl_value = {}, {}, {}, {}
    for r in range(2, ws.max_row + 1):
        cid = ws.cell(r, col["Kunden-Nr."]).value
        note = ws.cell(r, col["Hinweise"]).value
        xl_flags[cid] = note.split("; ") if note else []
        cell = ws.cell(r, col["Score"])
        assert cell.value is None or cell.number_format == "0.0"
        xl_score[cid] = fmt_num(cell.value)                   # what Excel shows for "0.0"
        xl_class[cid] = ws.cell(r, col["Klasse"]).value or ""
        value = ws.cell(r, col["Kundenwert (€)"])
        assert value.value is None or value.number_format == '#,##0.00 "€"'
        xl_value[cid] = fmt_eur(value.value)
    assert xl_flags == expected["flags"]
    assert xl_score == expected["score_shown"]
    assert xl_class == expected["class"]
    assert xl_value == expected["value_shown"]
    abc = wb["ABC-Übersicht"]
    rows = [[c.value for c in row] for row in abc.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "Klasse")
    assert {r[0]: r[1] for r in rows[head + 1:head + 4]} == expected["classes"]
    assert report.class_rule_short(scenario) in rows[0][0]
    assert wb["Datencheck"].cell(2, 1).value == report.accounting_sentence(expected["accounting"])
    m = wb["After-Sales-Matrix"]
    mrow = next(r for r in range(1, m.max_row + 1) if m.cell(r, 1).value == "Kauf zufrieden")
    assert [m.cell(r, 3).value for r in range(mrow + 1, mrow + 5)] == expected["matrix"]

    # ---- HTML report
    page = downloads.data("kundenwert_bericht.html").decode("utf-8")
    top = re.findall(r"<tr><td class=n>(\d+)</td><td>(.*?)</td><td>.*?</td><td class=n>(.*?)</td>"
                     r"<td class=n>(.*?)</td><td>(?:<span[^>]*>(\w)</span>)?</td><td>(.*?)</td></tr>", page)
    assert len(top) == min(25, len(expected["rank_ids"]))
    for rank, cid, shown_score, shown_value, klass, notes in top:
        cid = html.unescape(cid)
        assert cid == expected["rank_ids"][int(rank) - 1]
        assert shown_score == expected["score_shown"][cid] and klass == expected["class"][cid]
        assert html.unescape(shown_value) == expected["value_shown"][cid]
        assert (html.unescape(notes).split("; ") if notes else []) == expected["flags"][cid]
    classes = dict(re.findall(r'<tr><td><span class="badge"[^>]*>(\w)</span></td><td class=n>(\d+)</td>', page))
    assert {k: int(v) for k, v in classes.items()} == expected["classes"]
    assert html.escape(report.accounting_sentence(expected["accounting"])) in page

    # ---- CLI: the JSON of `score` with the same scenario (file) and the report's settings
    path = write(tmp_path / "kunden.xlsx", data)
    scen = write(tmp_path / "rank.json", scenario.to_json() if hasattr(scenario, "to_json") else
                 json.dumps(scenario.to_dict()))
    assert cli.run(["score", str(path), "--scenario", str(scen), "--json"]) == 0
    p = json.loads(capsys.readouterr().out)
    assert p["accounting"] == expected["accounting"].to_dict() and p["classes"] == expected["classes"]
    assert [r["id"] for r in p["results"]] == expected["rank_ids"]
    assert {r["id"]: report.score_shown(r["score"]) for r in p["results"]} == {
        i: expected["score_shown"][i] for i in expected["rank_ids"]}
    assert {r["id"]: fmt_eur(r["value_eur"]) for r in p["results"]} == {
        i: expected["value_shown"][i] for i in expected["rank_ids"]}
    payload = cli.score_payload(cl, score(cl, scenario), settings)
    assert {r["id"]: [report.flag_label(c) for c in r["flags"]] for r in payload["results"]} == {
        i: expected["flags"][i] for i in expected["rank_ids"]}
    assert payload["settings"]["min_order_revenue"] == MIN_ORDER
