"""Browser journey of order history: customer list and order list through their real file choosers, derived
ratings chosen, the ranking the engine computes, the ABC × XYZ page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from kundenwert.dataset import build
from kundenwert.fmt import fmt_num
from kundenwert.ingest import read_path
from kundenwert.orders import analyse, enrich
from kundenwert.orders_read import read_orders
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.e2e import browser_kit as kit

pytestmark = pytest.mark.browser
WAIT = kit.WAIT_MS
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"
ORDERS = ROOT / "sample_data" / "auftraege_beispiel.xlsx"


def orders_uploader(page):
    return page.get_by_test_id("stFileUploader").filter(has_text="Auftragsliste hochladen") \
        .get_by_test_id("stFileUploaderDropzoneInput")


def choose(page, criterion_label: str, option: str) -> None:
    page.get_by_test_id("stRadio").filter(has_text=f"{criterion_label}: welche Bewertung zählt?") \
        .get_by_text(option, exact=True).click()
    kit.wait_idle(page)


def test_list_and_orders_uploaded_derived_ratings_rank_as_the_engine_says(page):
    cl = build(read_path(str(SAMPLE), in_process=True))
    lines = read_orders(read_path(str(ORDERS), in_process=True))
    a = analyse(lines, cl)
    derived = score(enrich(cl, a, {"purchase_history": "derived", "contribution_margin": "derived"}), Scenario())
    top5 = derived.ranking()["id"].astype(str).tolist()[:5]
    assert top5 != score(cl, Scenario()).ranking()["id"].astype(str).tolist()[:5]   # the choice matters

    kit.list_uploader(page).set_input_files(SAMPLE, timeout=WAIT)
    page.get_by_role("heading", name="Datencheck").wait_for(timeout=WAIT)
    kit.wait_idle(page)
    orders_uploader(page).set_input_files(ORDERS, timeout=WAIT)
    expect(page.get_by_test_id("stAlertContentSuccess").filter(has_text="Aufträge:")).to_be_visible(timeout=WAIT)
    expect(kit.metric_value(page, "Auftragszeilen gelesen")).to_have_text(fmt_num(lines.rows_read, 0), timeout=WAIT)
    unknown = int(a.unknown["lines"].sum())
    expect(kit.metric_value(page, "unbekannte Kunden-Nr.")).to_have_text(fmt_num(unknown, 0), timeout=WAIT)
    expect(kit.metric_value(page, "Kunden zugeordnet")).to_have_text(fmt_num(len(lines.lines) - unknown, 0),
                                                                    timeout=WAIT)

    choose(page, "Kaufhistorie", "aus Aufträgen berechnet")
    choose(page, "Deckungsbeitrag", "aus Aufträgen berechnet")
    kit.nav(page, kit.RANKING)
    grid = kit.ranking_table(page)
    for row, cid in enumerate(top5):
        expect(kit.cell(grid, 2, row)).to_have_text(cid, timeout=WAIT)
    for cls, n in derived.class_counts().items():
        expect(kit.metric_value(page, f"Klasse {cls}")).to_contain_text(fmt_num(n, 0), timeout=WAIT)

    kit.nav(page, "Auftragsanalyse")
    expect(page.get_by_test_id("stPlotlyChart").first).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("ABC × XYZ").first).to_be_visible(timeout=WAIT)
    assert not kit.error_elements(page)
    # for a person to look at (a projector's 1280×720): the ABC × XYZ page, screen by screen
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(800)          # plotly redraws for the new width
    kit.wait_idle(page)
    kit.OUTPUT.mkdir(exist_ok=True)
    main = page.get_by_test_id("stMain")
    for n in range(4):
        main.evaluate(f"el => el.scrollTo(0, {n * 650})")
        page.screenshot(path=str(kit.OUTPUT / f"orders-page-{n + 1}.png"))
