"""The 1,048,575-row list uploaded through the app in Chromium: seconds to the data check and to the
ranking, and the server's RSS before and after (issue 14's goal: < 15 s, < 1 GB).

    .venv/bin/python bench/bench_million_app.py      (needs bench/out/million_1_1048575.xlsx:
                                                     `bench/bench_engine.py --million` writes it)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import browser_kit as kit  # noqa: E402

FILE = ROOT / "bench" / "out" / "million_1_1048575.xlsx"


def peak_mb(pid: int) -> float:
    """The process's peak RSS so far (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    if not FILE.exists():
        sys.exit(f"{FILE} fehlt: zuerst `bench/bench_engine.py --million` laufen lassen")
    server = kit.start_server()
    try:
        with sync_playwright() as p:
            browser = kit.launch_browser(p)
            page = kit.new_context(browser).new_page()
            page.set_default_timeout(120_000)
            kit.open_app(page, server.url)
            rss0 = server.rss_mb()
            t0 = time.perf_counter()
            kit.upload(page, FILE.name, path=FILE)
            page.get_by_test_id("stAlertContentSuccess").filter(has_text=FILE.name).wait_for(timeout=120_000)
            kit.wait_idle(page, timeout=120_000)
            t_check = time.perf_counter() - t0
            rss_check = server.rss_mb()
            kit.nav(page, kit.RANKING)
            kit.ranking_table(page).wait_for(timeout=120_000)
            kit.wait_idle(page, timeout=120_000)
            t_rank = time.perf_counter() - t0
            print(f"1,048,575 rows: data check after {t_check:.1f} s, ranking after {t_rank:.1f} s; "
                  f"server RSS {rss0:.0f} MB before, {rss_check:.0f} MB at the data check, "
                  f"{server.rss_mb():.0f} MB at the ranking, peak {peak_mb(server.pid):.0f} MB")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
