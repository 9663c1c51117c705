"""Memory of the app server with 100,000-customer lists, one session after another (issue 12).

    .venv/bin/python bench/bench_memory.py                 # 3 sessions, 100,000 customers each
    .venv/bin/python bench/bench_memory.py --sessions 2 --rows 20000 --same-file
    .venv/bin/python bench/bench_memory.py --variant before,/tmp/before --variant after,.   # A/B in one run
    .venv/bin/python bench/bench_memory.py --variant arenas2,.,MALLOC_ARENA_MAX=2          # server environment

A fresh `streamlit run app.py` on 127.0.0.1 per variant (a checkout and its environment); Chromium (Playwright, one browser context = one session
per list) opens the app, uploads a generated list (`kundenwert.sample.generate_customers`, a different
seed per session unless --same-file) through the real file input, waits for the data check, opens the
ranking page and waits until it is drawn. The server's RSS (VmRSS of the server process; the parsing
worker is a separate process and not counted) is read once it stops moving: after the start page (and
the warm-up thread), after each session's data check and after its ranking; at the end its peak
(VmHWM). Sessions stay open, so the n-th figure is the server with n lists loaded.

Second part (no server): the app's steps for one upload in this process, RSS after each step and the
bytes Python still holds (tracemalloc); what one session keeps and what all sessions share.
Goal (issue 12): ≤ 300 MB RSS for one session at 100k, and a stated cost per additional session.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
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


def settled_rss(pid: int, seconds: float = 3.0, timeout: float = 40.0) -> float:
    """RSS once it stops moving: unchanged (±1 MB) for `seconds` (after a run the server frees and
    compacts for a moment; after the first page the warm-up thread imports and draws for a few seconds)."""
    deadline = time.monotonic() + timeout
    last, since = status_mb(pid, "VmRSS"), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = status_mb(pid, "VmRSS")
        if abs(now - last) > 1.0:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= seconds:
            break
    return status_mb(pid, "VmRSS")


@dataclass
class Variant:
    """One server to measure: a checkout (app_dir) and extra environment (e.g. MALLOC_ARENA_MAX=2)."""

    label: str
    app_dir: Path = ROOT
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, spec: str) -> Variant:
        """"label,DIR[,KEY=VALUE...]" (DIR "." = this checkout)."""
        label, directory, *pairs = spec.split(",")
        path = ROOT if directory in ("", ".") else Path(directory).resolve()
        return cls(label, path, dict(p.split("=", 1) for p in pairs))


def bench_server(paths: list[Path], variant: Variant) -> list[dict]:
    """Server RSS after each step: the start page drawn (and the warm-up thread done), then per session
    the data check of its upload and its ranking page."""
    from playwright.sync_api import sync_playwright

    from tests.e2e import browser_kit as kit

    rows = []
    server = kit.start_server(app_dir=variant.app_dir, env=variant.env)
    try:
        with sync_playwright() as p:
            browser = kit.launch_browser(p)
            first = kit.new_context(browser).new_page()
            kit.open_app(first, server.url)          # the app's own start-up cost, before any list
            rows.append({"sessions": 0, "step": "start page (warm-up done)", "rss": settled_rss(server.pid),
                         "file": "-", "check_s": 0.0, "ranking_s": 0.0})
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
                rss_check = settled_rss(server.pid)
                t1 = time.perf_counter()
                kit.nav(page, kit.RANKING)
                kit.cell(kit.ranking_table(page), 3, 0).wait_for(state="attached", timeout=120_000)
                kit.wait_idle(page, timeout=120_000)
                t_rank = time.perf_counter() - t1
                rows.append({"sessions": i + 1, "step": "data check", "rss": rss_check, "file": path.name,
                             "check_s": t_check, "ranking_s": 0.0})
                rows.append({"sessions": i + 1, "step": "ranking", "rss": settled_rss(server.pid), "file": path.name,
                             "check_s": t_check, "ranking_s": t_rank})
                print(f"  [{variant.label}] session {i + 1}: {path.name}: data check after {t_check:.2f} s "
                      f"(RSS {rss_check:.0f} MB); ranking after {t_rank:.2f} s: server RSS {rows[-1]['rss']:.0f} MB", flush=True)
            peak = status_mb(server.pid, "VmHWM")
            browser.close()
    finally:
        server.stop()
    for r in rows:
        r["peak"] = peak
    return rows


def report_server(variant: Variant, rows: list[dict]) -> None:
    print(f"\n[{variant.label}] {variant.app_dir} {' '.join(f'{k}={v}' for k, v in variant.env.items())}")
    print(f"{'sessions':>8}  {'step':<28} {'server RSS MB':>14} {'+ MB (session)':>15}")
    base = rows[0]["rss"]
    for r in rows:
        print(f"{r['sessions']:>8}  {r['step']:<28} {r['rss']:>14.0f} {r['rss'] - base:>15.0f}")
        if r["step"] == "ranking":
            base = r["rss"]
    print(f"peak RSS of the server (VmHWM): {rows[-1]['peak']:.0f} MB")


def _frame_bytes(df) -> int:  # noqa: ANN001
    return int(df.memory_usage(deep=True, index=True).sum())


def _steps(data: bytes, name: str) -> Iterator[tuple[str, object]]:
    """What the app does with one upload, step by step (kundenwert.ui.state), as (label, what stays)."""
    from kundenwert.dataset import build
    from kundenwert.ingest.worker import parse_in_worker, unpickle_table
    from kundenwert.memory import keep_only_unused_rows, release_free_memory
    from kundenwert.scenario import Scenario
    from kundenwert.scoring import score
    from kundenwert.ui.state import _compressed

    held: dict[str, object] = {"file bytes": data}
    blob = parse_in_worker(data, name).blob
    yield "parse in the worker (pickled table arrives)", blob
    held["parse cache entry (zstd)"] = _compressed(blob)
    yield "compressed into the parse cache", held
    raw = unpickle_table(blob)
    del blob
    held["raw"] = raw
    yield "unpickled raw table", held
    cl = build(raw)
    held["list"] = cl
    yield "built CustomerList (raw cells still held)", held
    keep_only_unused_rows(cl)
    del raw, held["raw"]
    yield "raw cells dropped (keep_only_unused_rows)", held
    release_free_memory()
    yield "malloc_trim", held
    held["result"] = score(cl, Scenario())
    yield "score() for the default scenario", held


def accounting(path: Path) -> None:
    """What a session holds for one list and what is shared, measured in this process: RSS after each
    step (one pass), and the bytes Python allocated and still holds (tracemalloc, a second pass)."""
    import tracemalloc

    from kundenwert.memory import keep_large_blocks_mapped

    keep_large_blocks_mapped()                       # as in the server (kundenwert.ui.state)
    import kundenwert.ui.state  # noqa: F401 - the app's imports before the first step, not in it
    from kundenwert.ingest import worker  # noqa: F401
    data = path.read_bytes()
    pid = os.getpid()
    gc.collect()
    rss = [("start", status_mb(pid, "VmRSS"))]
    for label, _ in _steps(data, path.name):
        gc.collect()
        rss.append((label, status_mb(pid, "VmRSS")))
    gc.collect()
    tracemalloc.start()
    traced = [0.0]
    for _label, held in _steps(data, path.name):
        gc.collect()
        traced.append(tracemalloc.get_traced_memory()[0] / 1e6)
        last = held
    tracemalloc.stop()
    print(f"\nIn one process, {path.name} ({len(data) / 1e6:.1f} MB): RSS after each step, and what Python holds")
    print(f"  {'step':<46} {'RSS MB':>7} {'+RSS':>6} {'held MB':>8}")
    for (label, r), (_, r_prev), t in zip(rss[1:], rss[:-1], traced[1:], strict=True):
        print(f"  {label:<46} {r:7.0f} {r - r_prev:6.1f} {t:8.1f}")
    cl, result = last["list"], last["result"]
    shared = {c for c in result.frame.columns if c in cl.customers.columns}
    own = [c for c in result.frame.columns if c not in shared]
    print("  what a session holds for this list (held MB = tracemalloc):")
    print(f"    uploaded file bytes (Source.data)                {len(data) / 1e6:8.1f} MB")
    print(f"    CustomerList.customers frame                     {_frame_bytes(cl.customers) / 1e6:8.1f} MB")
    print(f"    CustomerList.ratings                             {cl.ratings.nbytes / 1e6:8.1f} MB")
    print(f"    ScoreResult.frame, its own columns               {_frame_bytes(result.frame[own]) / 1e6:8.1f} MB"
          f" (+ {len(shared)} columns shared with the list)")
    print(f"    ScoreResult.contributions, computed when asked   {result.contributions.nbytes / 1e6:8.1f} MB (not held)")
    kept = sum(len(c._cells) for c in cl.raw.columns if hasattr(c, "_cells"))
    print(f"    raw cells kept for the data check                {kept:8d} cells (rejected and skipped rows)")
    import pyarrow as pa

    print(f"  Arrow's memory pool ({pa.default_memory_pool().backend_name}: the text columns) holds "
          f"{pa.total_allocated_bytes() / 1e6:.1f} MB (not seen by tracemalloc)")
    print(f"  shared by all sessions: the parse cache entry      {len(last['parse cache entry (zstd)']) / 1e6:8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--same-file", action="store_true", help="every session uploads the same list")
    parser.add_argument("--skip-server", action="store_true", help="only the in-process accounting")
    parser.add_argument("--skip-accounting", action="store_true", help="only the servers")
    parser.add_argument("--variant", action="append", type=Variant.parse, default=[],
                        help='"label,DIR[,KEY=VALUE...]": a server from checkout DIR with that environment; '
                             "repeat for an A/B run (default: this checkout)")
    args = parser.parse_args()
    seeds = [11] * args.sessions if args.same_file else [11 + i for i in range(args.sessions)]
    paths = [generated(args.rows, s) for s in seeds]
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    if not args.skip_server:
        variants = args.variant or [Variant("this checkout")]
        results = [(v, bench_server(paths, v)) for v in variants]
        for v, rows in results:
            report_server(v, rows)
    if not args.skip_accounting:
        accounting(paths[0])


if __name__ == "__main__":
    main()
