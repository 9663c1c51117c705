"""Page speed in a real browser: every page that reacts to weights, page switches, cold start.

    .venv/bin/python bench/bench_pages.py                    # 1k, 10k, 100k customers
    .venv/bin/python bench/bench_pages.py --quick            # 1k only, 3 moves (a smoke run)
    .venv/bin/python bench/bench_pages.py --app-dir /tmp/old .   # A/B: another checkout against this one

Debian Chromium via Playwright against a fresh `streamlit run app.py` on 127.0.0.1 (tests/e2e/browser_kit.py).
Every time is measured in the page (performance.now(), bench/benchkit.py `timed`) from the key press or
click until the page is settled: the script run has finished AND the main area shows its new content
(texts, table pixels, plotly figures; nothing changed for 400 ms afterwards); the time reported is the
later of "run finished" and "last change of the content".

1. Cold start (a fresh server): first load (navigation → start page ready), then, with the sample loaded,
   the first visit of each page (click in the menu → page settled).
2. Per list size (uploaded once through the real file input, a fresh browser context): for each page,
   the page switch into it, then slider latency: a weight slider in the sidebar is focused and moved one
   0.5 step with the keyboard (a weight setting the session has not had, so no memo answers); median of
   `--moves` moves after one warm-up move. Robustheit also its own "Unsicherheit" slider.
   `changed` counts the moves after which the page's content changed (a page that does not depend on
   the weights, e.g. After-Sales-Matrix, only reruns).

Goals (issue 12): slider < 300 ms at 10k, < 1 s at 100k; page switch at 10k < 500 ms; first visit < 1.5 s;
first load < 2 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchkit  # noqa: E402
from benchkit import OUT, ROOT, generated_list  # noqa: E402

from tests.e2e import browser_kit as kit  # noqa: E402

# (menu title, heading) of the pages that react to weights, in menu order
PAGES = [("Gewichtung & Ranking", "Gewichtung & Ranking"), ("ABC-Analyse", "ABC-Analyse"),
         ("Kundenprofil", "Kundenprofil"), ("After-Sales-Matrix", "After-Sales-Matrix"),
         ("Kundenstimme (NPS)", "Kundenstimme (NPS)"), ("Szenarienvergleich", "Szenarienvergleich"),
         ("Robustheit", "Robustheit")]
ALL_PAGES = [*PAGES[:5], ("Methode", "Methode"), *PAGES[5:]]
ROB_SPREAD = "kw_rob_spread"
GOALS = {"slider": {10_000: 300, 100_000: 1000}, "switch": 500, "first_visit": 1500, "first_load": 2000}


def _click_nav(page, title: str, heading: str) -> dict:
    link = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=title).first.get_by_role("link")
    r = benchkit.timed(page, link.click)
    page.get_by_test_id("stHeading").filter(has_text=heading).first.wait_for(timeout=kit.WAIT_MS)
    return r


def _median(values: list[float]) -> float:
    """The median of the known times (benchkit.timed: -1 = a run whose end the page did not show)."""
    known = [v for v in values if v >= 0]
    return statistics.median(known) if known else -1


def _move(page, locator, key: str) -> dict:
    locator.focus()
    return benchkit.timed(page, lambda: page.keyboard.press(key))


def cold_start(browser, url: str) -> dict:
    """First load of a fresh server, then the first visit of every page with the sample loaded."""
    ctx = kit.new_context(browser)
    page = ctx.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded", timeout=kit.WAIT_MS)
        kit.list_uploader(page).wait_for(state="attached", timeout=kit.WAIT_MS)
        kit.wait_idle(page)
        first_load = {"ms": page.evaluate("performance.now()"), "wall_ms": (time.perf_counter() - t0) * 1000}
        benchkit.watch(page)
        kit.load_sample(page)
        visits = {title: _click_nav(page, title, heading) for title, heading in ALL_PAGES}
        errors = kit.error_elements(page)
    finally:
        ctx.close()
    return {"first_load": first_load, "first_visit": visits, "errors": errors}


def bench_size(browser, url: str, n: int, moves: int, plan: list, pages: list | None = None,
               switches: int = 1) -> dict:
    path = generated_list(n)
    ctx = kit.new_context(browser)
    ctx.set_default_timeout(300_000)
    page = ctx.new_page()
    out: dict = {"customers": n, "pages": {}}
    try:
        kit.open_app(page, url)
        t0 = time.perf_counter()
        kit.upload(page, path.name, path=path)
        page.get_by_test_id("stAlertContentSuccess").filter(has_text=path.name).wait_for(timeout=300_000)
        kit.wait_idle(page, timeout=300_000)
        out["upload_s"] = round(time.perf_counter() - t0, 2)
        benchkit.watch(page)
        previous = None
        for title, heading in pages or PAGES:
            times = []
            for k in range(switches):                       # median of `switches` switches into the page
                if k:
                    _click_nav(page, *(previous or ALL_PAGES[-1]))
                times.append(_click_nav(page, title, heading))
            switch = {"ms": _median([m["ms"] for m in times])}
            previous = (title, heading)
            sliders = [("Gewicht", None)] + ([("Unsicherheit", ROB_SPREAD)] if title == "Robustheit" else [])
            for what, key in sliders:
                seen = []
                for i in range(moves + 1):
                    if key is None:
                        criterion, arrow = plan.pop(0)
                        locator = kit.weight_slider(page, criterion)
                    else:
                        locator = page.locator(f".st-key-{key}").get_by_role("slider")
                        arrow = "ArrowLeft" if i % 2 else "ArrowRight"      # 20 % → 25 % → 20 % …
                    m = _move(page, locator, arrow)
                    if i:                                              # the first move is a warm-up
                        seen.append(m)
                name = title if key is None else f"{title} ({what})"
                out["pages"][name] = {
                    "switch_ms": round(switch["ms"]) if key is None else None,
                    "slider_ms": round(_median([m["ms"] for m in seen])),
                    "slider_ms_all": [round(m["ms"]) for m in seen],
                    "run_done_ms": round(_median([m["done"] for m in seen if not m["batched"]])),
                    "batched": sum(int(m["batched"]) for m in seen),
                    "changed": sum(1 for m in seen if m["changes"] > 0), "moves": len(seen)}
        out["errors"] = kit.error_elements(page)
    finally:
        ctx.close()
    return out


def _fmt_row(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))) + " |"


def print_tables(report: dict) -> None:
    sizes = [r["customers"] for r in report.get("sizes", [])]
    names = list(dict.fromkeys(name for r in report.get("sizes", []) for name in r["pages"]))
    if sizes:
        head = ["page", *[f"slider {n:,}" for n in sizes], *[f"switch {n:,}" for n in sizes]]
        rows = []
        for name in names:
            row = [name]
            for r in report["sizes"]:
                p = r["pages"].get(name)
                row.append("–" if p is None else f"{p['slider_ms']} ms ({p['changed']}/{p['moves']})")
            for r in report["sizes"]:
                p = r["pages"].get(name)
                row.append("–" if p is None or p["switch_ms"] is None else f"{p['switch_ms']} ms")
            rows.append(row)
        widths = [max(len(x[i]) for x in [head, *rows]) for i in range(len(head))]
        print(_fmt_row(head, widths))
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in rows:
            print(_fmt_row(row, widths))
        print("(slider: median ms from key press to content updated and run finished; (changed/moves))")
    cold = report.get("cold")
    if cold:
        print(f"first load: {cold['first_load']['ms']:.0f} ms (goal < {GOALS['first_load']} ms)")
        print("first visit after the start (sample loaded): " + ", ".join(
            f"{t} {v['ms']:.0f} ms" for t, v in cold["first_visit"].items()) + f" (goal < {GOALS['first_visit']} ms)")


def print_ratios(base: dict, new: dict) -> None:
    """The second checkout's times as a share of the first's, measured in the same run."""
    print(f"ratios {new['app_dir']} / {base['app_dir']} (same run; < 1 = faster):")
    for rb, rn in zip(base.get("sizes", []), new.get("sizes", []), strict=True):
        parts = []
        for name, pb in rb["pages"].items():
            pn = rn["pages"].get(name)
            if pn:
                sw = (f", switch {pn['switch_ms'] / pb['switch_ms']:.2f}" if pb["switch_ms"] and pn["switch_ms"] else "")
                parts.append(f"{name} slider {pn['slider_ms'] / pb['slider_ms']:.2f}{sw}")
        print(f"  {rb['customers']:,}: " + "; ".join(parts))
    if base.get("cold") and new.get("cold"):
        fb, fn = base["cold"], new["cold"]
        print(f"  first load {fn['first_load']['ms'] / fb['first_load']['ms']:.2f}; first visits " + ", ".join(
            f"{t} {fn['first_visit'][t]['ms'] / v['ms']:.2f}" for t, v in fb["first_visit"].items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--moves", type=int, default=5, help="timed slider moves per page (median)")
    ap.add_argument("--quick", action="store_true", help="1k customers only, 3 moves")
    ap.add_argument("--skip-cold", action="store_true", help="no first load / first visits")
    ap.add_argument("--app-dir", type=Path, nargs="+", default=[ROOT],
                    help="the checkout(s) whose app.py is served; two: an A/B run, alternating per step")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--pages", nargs="+", default=None,
                    help="only the pages whose menu title contains one of these words (e.g. ABC Vergleich)")
    ap.add_argument("--switches", type=int, default=1, help="timed switches into each page (median)")
    args = ap.parse_args(argv)
    pages = [p for p in PAGES if not args.pages or any(w.lower() in p[0].lower() for w in args.pages)]
    if not pages:
        ap.error("no page matches --pages")
    if args.quick:
        args.sizes, args.moves = [1_000], 3
    if not kit.chromium_available():
        ap.error(f"chromium not found at {kit.CHROMIUM}")
    from playwright.sync_api import sync_playwright

    runs = [{"app_dir": str(d)} for d in args.app_dir]
    head = {"cpus": benchkit.cpus(), "loadavg_before": benchkit.loadavg()}
    print(f"{head['cpus']} CPUs, load average {head['loadavg_before']}; app: "
          + " vs ".join(str(d) for d in args.app_dir), flush=True)
    for n in args.sizes:
        generated_list(n)
    with sync_playwright() as p:
        browser = kit.launch_browser(p)
        try:
            if not args.skip_cold:
                for run, app_dir in zip(runs, args.app_dir, strict=True):
                    server = kit.start_server(log_path=OUT / "bench_pages_cold.log", app_dir=app_dir)
                    try:
                        run["cold"] = cold_start(browser, server.url)
                    finally:
                        server.stop()
            servers = []
            try:
                for i, app_dir in enumerate(args.app_dir):
                    servers.append(kit.start_server(log_path=OUT / f"bench_pages_{i}.log", app_dir=app_dir))
                for n in args.sizes:
                    for run, server in zip(runs, servers, strict=True):
                        plan = benchkit.move_plan(len(pages) * (args.moves + 1))
                        r = bench_size(browser, server.url, n, args.moves, plan, pages, args.switches)
                        r["server_rss_mb"] = round(server.rss_mb())
                        print(f"{run['app_dir']}, {n:,} customers: upload {r['upload_s']} s; " + ", ".join(
                            f"{k} {v['slider_ms']} ms" for k, v in r["pages"].items()), flush=True)
                        run.setdefault("sizes", []).append(r)
            finally:
                for server in servers:
                    server.stop()
        finally:
            browser.close()
    head["loadavg_after"] = benchkit.loadavg()
    for run in runs:
        print(f"\n{run['app_dir']}:")
        print_tables(run)
    if len(runs) == 2:
        print()
        print_ratios(*runs)
    path = args.json or OUT / ("bench_pages_quick.json" if args.quick else "bench_pages.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**head, "runs": runs}, indent=2, ensure_ascii=False))
    print(f"load average after {head['loadavg_after']}; written: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
