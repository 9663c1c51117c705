"""Key journeys in a real Chromium against `streamlit run app.py`; the engine decides what must be shown.

Each test gets its own browser context, so its own Streamlit session. Waits are bounded
(browser_kit.WAIT_MS); on failure the `page` fixture keeps a screenshot in test-output/.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from kundenwert.compare import NOT_SCORABLE, compare
from kundenwert.criteria import CRITERION_KEYS
from kundenwert.dataset import load
from kundenwert.errors import InputFileError
from kundenwert.fmt import fmt_num, fmt_pct
from kundenwert.ingest.reader import read_table
from kundenwert.matrix import after_sales_matrix
from kundenwert.scenario import PRESETS, Scenario
from kundenwert.scoring import score
from tests.e2e import browser_kit as kit
from tests.e2e import hostile
from tests.files import messy_xlsx

pytestmark = pytest.mark.browser
WAIT = kit.WAIT_MS


# ------------------------------------------------------------------------------------- helpers

@pytest.fixture(scope="module")
def sample_cl():
    from kundenwert.ui.state import sample_bytes

    return load(sample_bytes(), "kundenliste_beispiel.xlsx")


def weights(**changed: float) -> Scenario:
    w = dict.fromkeys(CRITERION_KEYS, 5.0)
    w.update(changed)
    return Scenario(name="e2e", weights=w)


def top_and_counts(cl, scenario: Scenario) -> tuple[dict, dict[str, int]]:
    result = score(cl, scenario)
    top = result.ranking().iloc[0]
    return {"id": str(top["id"]), "name": str(top["name"])}, result.class_counts()


def expect_ranking(page, top: dict, counts: dict[str, int]) -> None:
    """The ranking's first row and the A/B/C KPIs show exactly this."""
    grid = kit.ranking_table(page)
    expect(kit.cell(grid, 2, 0)).to_have_text(top["id"], timeout=WAIT)
    expect(kit.cell(grid, 3, 0)).to_have_text(top["name"], timeout=WAIT)
    for cls in "ABC":
        expect(kit.metric_value(page, f"Klasse {cls}")).to_have_text(fmt_num(counts[cls], 0), timeout=WAIT)


def assert_no_errors(page) -> None:
    assert kit.error_elements(page) == []


def alert_text(page) -> str:
    """The one error message shown (its text, without the icon)."""
    alert = page.get_by_test_id("stAlertContentError")
    expect(alert).to_have_count(1, timeout=WAIT)
    return " ".join(alert.get_by_test_id("stMarkdownContainer").inner_text().split())


def engine_message(data: bytes, name: str) -> str:
    with pytest.raises(InputFileError) as exc:
        read_table(data, name)
    return " ".join(str(exc.value).split())


# ------------------------------------------------------------------------------------ journeys

def test_slider_moves_change_ranking_and_a_count(page, sample_cl):
    """(1) Sample data → keyboard on a weight slider → first row and A count as the engine computes."""
    kit.load_sample(page)
    kit.nav(page, kit.RANKING)
    top0, counts0 = top_and_counts(sample_cl, weights())
    expect_ranking(page, top0, counts0)

    top1, counts1 = top_and_counts(sample_cl, weights(payment_behaviour=10.0))
    assert top1 != top0 and counts1["A"] != counts0["A"], "the move must change the ranking (test premise)"
    kit.weight_slider(page, "payment_behaviour").focus()
    page.keyboard.press("End")
    expect(kit.slider_value(page, "kw_w_payment_behaviour")).to_have_text("10.0", timeout=WAIT)
    expect_ranking(page, top1, counts1)
    expect(page.get_by_text("Gewichtung Eigene Gewichtung")).to_be_visible(timeout=WAIT)

    # single steps: three times ArrowLeft on "Kaufhistorie" (5.0 → 3.5)
    kit.weight_slider(page, "purchase_history").focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    expect(kit.slider_value(page, "kw_w_purchase_history")).to_have_text("3.5", timeout=WAIT)
    top2, counts2 = top_and_counts(sample_cl, weights(payment_behaviour=10.0, purchase_history=3.5))
    expect_ranking(page, top2, counts2)
    assert_no_errors(page)


def test_upload_messy_list_shows_bad_rows_and_classes(page):
    """(2) Upload through the file chooser: odd headers, a bad row → data check names the Excel rows →
    the ABC page shows the classes."""
    data = messy_xlsx()
    cl = load(data, "kundenliste_sued.xlsx")
    result = score(cl, weights())
    rejected = dict(zip(cl.rejected["row"].astype(int), cl.rejected["reason"], strict=True))
    assert 8 in rejected and "J8" in rejected[8]          # the out-of-range cell of the messy list

    kit.upload(page, "kundenliste_sued.xlsx", data)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("„kundenliste_sued.xlsx“ geladen",
                                                                           timeout=WAIT)
    page.get_by_role("heading", name="Datencheck").wait_for(timeout=WAIT)
    expect(page.get_by_test_id("stMetric").filter(has_text="abgelehnt").get_by_test_id("stMetricValue")) \
        .to_have_text(str(len(rejected)), timeout=WAIT)

    grid = kit.grid_with_column(page, "Excel-Zeile")
    rows = {}
    for r in range(len(cl.rejected) + len(cl.skipped) + len(result.not_scorable)):
        expect(kit.cell(grid, 0, r)).not_to_have_text("", timeout=WAIT)
        rows[int(kit.cell(grid, 0, r).inner_text())] = (kit.cell(grid, 1, r).inner_text(),
                                                       kit.cell(grid, 3, r).inner_text())
    for row, reason in rejected.items():
        assert rows[row] == ("abgelehnt", reason)

    kit.nav(page, "ABC-Analyse")
    counts = result.class_counts()
    for cls in "ABC":
        kpi = page.get_by_test_id("stMetric").filter(has_text=f"Klasse {cls} · Kunden")
        expect(kpi.get_by_test_id("stMetricValue")).to_have_text(fmt_num(counts[cls], 0), timeout=WAIT)
    biggest = max(counts, key=counts.get)
    page.get_by_test_id("stExpander").filter(has_text="Kunden je Klasse").locator("summary").click()  # lists: a click
    page.get_by_role("tab", name=f"Klasse {biggest}").click()
    expect(page.get_by_text(f"{fmt_num(counts[biggest], 0)} Kunden in Klasse {biggest}, nach Rang.")) \
        .to_be_visible(timeout=WAIT)
    first = result.ranking().query("`class` == @biggest").iloc[0]
    class_grid = kit.grid_with_column(page, "Rang")
    expect(kit.cell(class_grid, 2, 0)).to_have_text(str(first["name"]), timeout=WAIT)
    assert_no_errors(page)


def test_after_sales_matrix_shows_the_samples_rates(page, sample_cl):
    """(3) The after-sales matrix: four cells with the sample's customers, repurchasers and rates."""
    m = after_sales_matrix(sample_cl)
    assert m.own_data
    kit.load_sample(page)
    kit.nav(page, "After-Sales-Matrix")

    labels = {(True, True): "Kauf ✓ · Service ✓", (False, True): "Kauf ✗ · Service ✓",
              (True, False): "Kauf ✓ · Service ✗", (False, False): "Kauf ✗ · Service ✗"}
    table = page.get_by_test_id("stTable")
    expect(table.locator("tbody tr")).to_have_count(4, timeout=WAIT)
    for c in m.cells:
        row = table.locator("tbody tr").filter(has_text=labels[(c.sale_satisfied, c.aftersales_satisfied)])
        cells = [" ".join(t.split()) for t in row.locator("td, th").all_inner_texts()]
        assert cells[1:6] == [fmt_num(c.customers, 0), fmt_num(c.repurchasers, 0), fmt_pct(c.rate),
                              f"{fmt_pct(c.ci_low)}–{fmt_pct(c.ci_high)}", fmt_pct(c.study_rate)], cells

    # the heatmap draws the same four cells
    heatmap = page.get_by_test_id("stPlotlyChart").first
    for c in m.cells:
        expect(heatmap.locator("g.annotation").filter(                  # "5 von 49", not inside "15 von 49"
            has_text=re.compile(rf"(^|\D){fmt_num(c.repurchasers, 0)} von {fmt_num(c.customers, 0)}(\D|$)"))) \
            .to_have_count(1, timeout=WAIT)
    both = m.cell(True, True)
    expect(page.get_by_text(f"kaufen zu {fmt_pct(both.rate)} (Studie: {fmt_pct(both.study_rate)}) wieder")) \
        .to_be_visible(timeout=WAIT)
    assert_no_errors(page)


def test_scenario_comparison_matches_engine(page, sample_cl):
    """(4) Compare the current weighting with the "Risiko" preset: migration, movers, rank correlation as
    the engine computes them; then take B over into the sidebar and see its ranking."""
    if not (kit.ROOT / "pages" / "7_Szenarienvergleich.py").exists():
        pytest.skip("pages/7_Szenarienvergleich.py (scenario comparison, issue 5) is not in this checkout")
    cmp = compare(sample_cl, PRESETS["balanced"], PRESETS["risk"])
    kit.load_sample(page)
    kit.nav(page, "Szenarienvergleich")
    page.locator(".st-key-kw_cmp_b").get_by_role("combobox").click()
    page.get_by_role("option", name="Risiko (Voreinstellung)", exact=True).click()
    expect(page.locator(".st-key-kw_cmp_b").get_by_role("combobox")).to_have_value("Risiko (Voreinstellung)",
                                                                                 timeout=WAIT)

    changed = page.get_by_test_id("stMetric").filter(has_text="Kunden mit anderer Klasse")
    expect(changed.get_by_test_id("stMetricValue")).to_have_text(fmt_num(cmp.changed_class, 0), timeout=WAIT)
    up = int(((cmp.movers["class_a"] != "A") & (cmp.movers["class_b"] == "A")).sum())
    expect(page.get_by_test_id("stMetric").filter(has_text="neu in Klasse A").get_by_test_id("stMetricValue")) \
        .to_have_text(fmt_num(up, 0), timeout=WAIT)
    expect(page.get_by_text(f"Rangkorrelation (Spearman) ρ = {fmt_num(cmp.spearman, 2)}.")).to_be_visible(
        timeout=WAIT)

    # the migration matrix: rows = class under A, columns = class under B
    table = page.get_by_test_id("stTable").filter(has_text="Summe")
    labels = {"A": "A", "B": "B", "C": "C", NOT_SCORABLE: "nicht bewertbar"}
    for frm, label in labels.items():
        row = table.locator("tbody tr").filter(has=page.locator("th", has_text=re.compile(f"^{label}$")))
        if not row.count():
            assert cmp.migration.loc[frm].sum() == 0 and cmp.migration[frm].sum() == 0
            continue
        header = [" ".join(t.split()) for t in table.locator("thead th").all_inner_texts()][1:-1]
        values = [" ".join(t.split()) for t in row.locator("td").all_inner_texts()][:-1]
        inverse = {v: k for k, v in labels.items()}
        assert values == [fmt_num(cmp.migration.loc[frm, inverse[h]], 0) for h in header], (label, values)

    movers = cmp.movers[cmp.movers["class_a"] != cmp.movers["class_b"]]
    grid = kit.grid_with_column(page, "Plätze")
    expect(kit.cell(grid, 1, 0)).to_have_text(str(movers.iloc[0]["name"]), timeout=WAIT)
    expect(page.get_by_text(f"{fmt_num(len(movers), 0)} Kunden", exact=True)).to_be_visible(timeout=WAIT)

    page.get_by_role("button", name=re.compile("Szenario B „Risiko“ in die Seitenleiste")).click()
    kit.wait_idle(page)
    kit.nav(page, kit.RANKING)
    expect(page.get_by_text("Gewichtung Risiko")).to_be_visible(timeout=WAIT)
    top, counts = top_and_counts(sample_cl, PRESETS["risk"])
    expect_ranking(page, top, counts)
    assert_no_errors(page)


def test_excel_report_download_matches_engine(page, sample_cl):
    """(5) After a weight change, the Excel download holds the ranking the engine computes."""
    kit.load_sample(page)
    kit.nav(page, kit.RANKING)
    kit.weight_slider(page, "creditworthiness").focus()
    page.keyboard.press("End")
    expect(kit.slider_value(page, "kw_w_creditworthiness")).to_have_text("10.0", timeout=WAIT)
    scenario = weights(creditworthiness=10.0)
    result = score(sample_cl, scenario)
    top, counts = top_and_counts(sample_cl, scenario)
    expect_ranking(page, top, counts)

    button = page.get_by_test_id("stDownloadButton").get_by_role("button", name=re.compile("Excel")).first
    kit.wait_idle(page)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    assert "Ergebnis" in wb.sheetnames
    rows = wb["Ergebnis"].iter_rows(values_only=True)
    header = list(next(rows))
    first = dict(zip(header, next(rows), strict=False))
    assert (first["Rang"], first["Kunden-Nr."], first["Kunde"]) == (1, top["id"], top["name"])
    assert first["Score"] == pytest.approx(float(result.ranking().iloc[0]["score"]))
    body = [dict(zip(header, r, strict=False)) for r in rows]
    classes = [first["Klasse"], *(r["Klasse"] for r in body)]
    assert {c: classes.count(c) for c in "ABC"} == counts
    wb.close()
    assert_no_errors(page)


def test_broken_uploads_get_one_line_and_app_keeps_working(page, sample_cl):
    """(6) A PDF renamed .xlsx and an XML bomb: one German sentence each; then the sample still works."""
    for name, data in (("bericht.xlsx", hostile.pdf_renamed()), ("bombe.xlsx", hostile.xml_bomb_xlsx())):
        kit.upload(page, name, data)
        expected = engine_message(data, name)
        expect(page.get_by_test_id("stAlertContentError")).to_contain_text(f"„{name}“", timeout=WAIT)
        shown = alert_text(page)
        assert shown == expected
        assert "\n" not in shown and "Traceback" not in page.inner_text("body")
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_role("heading", name="Datencheck")).to_have_count(0)

    kit.load_sample(page)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0, timeout=WAIT)
    kit.nav(page, kit.RANKING)
    top, counts = top_and_counts(sample_cl, weights())
    expect_ranking(page, top, counts)

    # with a list loaded, a broken file leaves it active
    kit.nav(page, "Start / Daten")
    kit.upload(page, "bericht.xlsx", hostile.pdf_renamed())
    expect(page.get_by_text("Die bisher geladene Liste „Beispieldaten“ bleibt aktiv.")).to_be_visible(timeout=WAIT)
    kit.nav(page, kit.RANKING)
    expect_ranking(page, top, counts)
    assert page.get_by_test_id("stException").count() == 0
