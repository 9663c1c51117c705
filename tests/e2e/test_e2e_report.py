"""The HTML report in a real browser: opened from disk with the network off, its packed plotly.js is
unpacked by the browser and every chart is drawn (issue 12: ~2 MB instead of 4.9 MB, still offline)."""

from __future__ import annotations

from kundenwert.dataset import load
from kundenwert.export import html_report
from kundenwert.scenario import Scenario
from kundenwert.scoring import score
from tests.e2e import browser_kit as kit
from tests.files import generated_xlsx


def test_report_draws_every_chart_offline_from_a_file(browser, tmp_path):
    cl = load(generated_xlsx(n=6, seed=1), "sechs.xlsx")
    path = tmp_path / "kundenwert_bericht.html"
    path.write_text(html_report(score(cl, Scenario()), cl), encoding="utf-8")
    context = kit.new_context(browser, offline=True)
    try:
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.goto(path.as_uri())
        charts = pg.locator("div[id^=kw-chart-]")
        assert charts.count() == 4
        for i in range(4):       # each chart drawn by plotly: its SVG, with its title
            pg.locator(f"#kw-chart-{i} .main-svg").first.wait_for(timeout=kit.WAIT_MS)
        assert (pg.locator("#kw-chart-0 .gtitle").first.text_content() or "").strip()
        assert "aktuellen Browser" not in pg.inner_text("body")
        assert not errors, errors
        kit.OUTPUT.mkdir(exist_ok=True)
        pg.screenshot(path=str(kit.OUTPUT / "report_offline.png"), full_page=True)
    finally:
        context.close()
