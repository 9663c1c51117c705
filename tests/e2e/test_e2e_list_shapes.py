"""Browser journey with a list that has no rating columns (a service survey): the After-Sales-Matrix shows
the user's own counts, the ranking says plainly that ratings are missing and how to add them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kundenwert.dataset import load
from kundenwert.fmt import fmt_num, fmt_pct
from kundenwert.matrix import after_sales_matrix
from tests.e2e import browser_kit as kit
from tests.shapes import matrix_only_xlsx

pytestmark = pytest.mark.browser
WAIT = kit.WAIT_MS
LABELS = {(True, True): "Kauf ✓ · Service ✓", (False, True): "Kauf ✗ · Service ✓",
          (True, False): "Kauf ✓ · Service ✗", (False, False): "Kauf ✗ · Service ✗"}


def test_matrix_only_list_matrix_shows_own_counts_ranking_says_no_ratings(page):
    data = matrix_only_xlsx()
    cl = load(data, "umfrage_service.xlsx")
    m = after_sales_matrix(cl)
    assert cl.criteria == [] and m.own_data and m.used == len(cl.customers)

    kit.upload(page, "umfrage_service.xlsx", data)
    page.get_by_role("heading", name="Datencheck").wait_for(timeout=WAIT)
    expect(kit.metric_value(page, "Kunden ohne Bewertung")).to_have_text(fmt_num(len(cl.customers), 0),
                                                                          timeout=WAIT)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("keine Bewertungsspalten", timeout=WAIT)
    expect(sidebar.get_by_role("slider")).to_have_count(0)

    kit.nav(page, "After-Sales-Matrix")
    table = page.get_by_test_id("stTable")
    expect(table.locator("tbody tr")).to_have_count(4, timeout=WAIT)
    for c in m.cells:
        row = table.locator("tbody tr").filter(has_text=LABELS[(c.sale_satisfied, c.aftersales_satisfied)])
        cells = [" ".join(t.split()) for t in row.locator("td, th").all_inner_texts()]
        assert cells[1:4] == [fmt_num(c.customers, 0), fmt_num(c.repurchasers, 0), fmt_pct(c.rate)], cells
    expect(page.get_by_text("nicht Ihre Daten")).to_have_count(0)
    assert kit.error_elements(page) == []

    kit.nav(page, kit.RANKING)
    warning = page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_contain_text("Diese Liste hat keine Bewertungsspalten (0–10)", timeout=WAIT)
    expect(page.get_by_text("Spaltenzuordnung").first).to_be_visible()
    expect(page.get_by_role("button", name="Leere Vorlage (Excel) herunterladen")).to_be_visible()
    expect(page.get_by_role("link", name="Zur After-Sales-Matrix")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    assert kit.error_elements(page) == []
