"""Memory of the app server with 100,000-customer lists, one session after another (issue 12).

    .venv/bin/python bench/bench_memory.py                 # 3 sessions, 100,000 customers each
    .venv/bin/python bench/bench_memory.py --sessions 2 --rows 20000 --same-file

A fresh `streamlit run app.py` on 127.0.0.1; Chromium (Playwright, one browser context = one session
per list) opens the app, uploads a generated list (`kundenwert.sample.generate_customers`, a different
seed per session unless --same-file) through the real file input, waits for the data check, opens the
ranking page and waits until it is drawn. After each session the server's RSS (VmRSS of the server
process; the parsing worker is a separate process and not counted) is read once it is idle, and at
the end its peak (VmHWM). Sessions stay open, so the n-th figure is the server with n lists loaded.

Second part (no server): what one session keeps and what all sessions share, measured in this
process for the same list (bytes of the pickled objects, and the RSS growth of building them).
Goal (issue 12): ≤ 300 MB RSS for one session at 100k, and a stated cost per additional session.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"


def generated(n: int, seed: int) -> Path:
    """A different list per session (its own cache entry): seed in the file name."""
    from benchkit import generated_list

    return generated_list(n, seed, name=f"memory_{n}_{seed}.xlsx")


def status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def settled_rss(pid: int, seconds: float = 3.0) -> float:
    """RSS once it stops moving (after a run, the server frees and compacts for a moment)."""
    time.sleep(seconds)
    return status_mb(pid, "VmRSS")


def bench_server(paths: list[Path]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from tests.e2e import browser_kit as kit

    rows = []
    server = kit.start_server()
    try:
        with sync_playwright() as p:
            browser = kit.launch_browser(p)
            first = kit.new_context(browser).new_page()
            kit.open_app(first, server.url)          # the app's own start-up cost, before any list
            rows.append({"sessions": 0, "rss": settled_rss(server.pid), "file": "-", "check_s": 0.0,
                         "ranking_s": 0.0})
            pages = [first]
            for i, path in enumerate(paths):
                page = first if i == 0 else kit.new_context(browser).new_page()
                page.set_default_timeout(120_000)
                if i:
                    kit.open_app(page, server.url)
                    pages.append(page)
                t0 = time.perf_counter()
                kit.upload(page, path.name, path=path)
                page.get_by_test_id("stAlertContentSuccess").filter(has_text=path.name).wait_for(timeout=120_000)
                kit.wait_idle(page, timeout=120_000)
                t_check = time.perf_counter() - t0
                kit.nav(page, kit.RANKING)
                kit.cell(kit.ranking_table(page), 3, 0).wait_for(state="attached", timeout=120_000)
                t_rank = time.perf_counter() - t0
                kit.wait_idle(page, timeout=120_000)
                rows.append({"sessions": i + 1, "rss": settled_rss(server.pid), "file": path.name,
                             "check_s": t_check, "ranking_s": t_rank})
                print(f"  session {i + 1}: {path.name}: data check after {t_check:.2f} s, ranking after "
                      f"{t_rank:.2f} s; server RSS {rows[-1]['rss']:.0f} MB", flush=True)
            peak = status_mb(server.pid, "VmHWM")
            browser.close()
    finally:
        server.stop()
    for r in rows:
        r["peak"] = peak
    return rows


def _deep_bytes(obj: object) -> int:
    return len(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def _frame_bytes(df) -> int:  # noqa: ANN001
    return int(df.memory_usage(deep=True, index=True).sum())


def accounting(path: Path) -> None:
    """What a session holds for one list and what is shared, measured in this process."""
    import numpy as np

    from kundenwert.dataset import build
    from kundenwert.ingest.worker import parse_in_worker, unpickle_table
    from kundenwert.scenario import Scenario
    from kundenwert.scoring import score

    data = path.read_bytes()
    gc.collect()
    rss0 = status_mb(os.getpid(), "VmRSS")
    blob = parse_in_worker(data, path.name).blob
    raw = unpickle_table(blob)
    cl = build(raw)
    result = score(cl, Scenario())
    gc.collect()
    rss1 = status_mb(os.getpid(), "VmRSS")
    raw_cells = sum(c.nbytes if isinstance(c, np.ndarray) else _deep_bytes(c) for c in raw.columns)
    print(f"\nIn one process, {path.name} ({len(data) / 1e6:.1f} MB), bytes held (pickled size for Python lists):")
    print(f"  uploaded file bytes (Source.data, per session)         {len(data) / 1e6:8.1f} MB")
    print(f"  parse cache entry (pickled RawTable, shared)           {len(blob) / 1e6:8.1f} MB")
    print(f"  RawTable cells (kept in the CustomerList, per session) {raw_cells / 1e6:8.1f} MB (pickled)")
    print(f"  CustomerList.customers frame                           {_frame_bytes(cl.customers) / 1e6:8.1f} MB")
    print(f"  CustomerList.ratings                                   {cl.ratings.nbytes / 1e6:8.1f} MB")
    print(f"  ScoreResult.frame (one of up to 2 memoised at 100k)    {_frame_bytes(result.frame) / 1e6:8.1f} MB")
    extra = {k: v for k, v in vars(result).items() if k != "frame" and hasattr(v, "nbytes")}
    for k, v in extra.items():
        print(f"  ScoreResult.{k:<41}{v.nbytes / 1e6:8.1f} MB")
    print(f"  RSS growth for blob + list + one result                {rss1 - rss0:8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--same-file", action="store_true", help="every session uploads the same list")
    parser.add_argument("--skip-server", action="store_true", help="only the in-process accounting")
    args = parser.parse_args()
    seeds = [11] * args.sessions if args.same_file else [11 + i for i in range(args.sessions)]
    paths = [generated(args.rows, s) for s in seeds]
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    if not args.skip_server:
        rows = bench_server(paths)
        print(f"\n{'sessions':>8} {'server RSS MB':>14} {'+ MB':>7} {'data check s':>13} {'ranking s':>10}")
        for prev, r in zip([None, *rows], rows, strict=False):
            grow = r["rss"] - prev["rss"] if prev else 0.0
            print(f"{r['sessions']:>8} {r['rss']:>14.0f} {grow:>7.0f} {r['check_s']:>13.2f} {r['ranking_s']:>10.2f}")
        print(f"peak RSS of the server (VmHWM): {rows[-1]['peak']:.0f} MB")
    accounting(paths[0])


if __name__ == "__main__":
    main()
