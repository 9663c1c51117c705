"""Hostile inputs of issue 14 through the worker: seconds and peak worker RSS per input.

    .venv/bin/python bench/bench_hostile.py            # every input of tests/hostile_files.ISSUE14
    .venv/bin/python bench/bench_hostile.py --edge     # plus the largest dense sheet the budget lets through

Seconds are wall clock in the caller (worker start to result, including the transfer of the table);
peak RSS is the worker's own VmHWM. The first table row is the worker's overhead on the 250-row sample.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kundenwert.errors import InputFileError  # noqa: E402
from kundenwert.ingest import load_raw, safety  # noqa: E402
from kundenwert.ingest.worker import MEMORY_LIMIT_BYTES, TIME_LIMIT_SECONDS, parse_in_worker  # noqa: E402
from tests import hostile_files as H  # noqa: E402


def _mb(n: int | None) -> str:
    return "–" if n is None else f"{n / 2**20:,.0f} MB"


def overhead(repeats: int = 7) -> tuple[float, float]:
    data = (ROOT / "sample_data" / "kundenliste_beispiel.xlsx").read_bytes()

    def timed(in_process: bool) -> float:
        start = time.perf_counter()
        load_raw(data, "kundenliste_beispiel.xlsx", in_process=in_process)
        return time.perf_counter() - start

    worker = statistics.median(timed(False) for _ in range(repeats))
    inproc = statistics.median(timed(True) for _ in range(repeats))
    return worker, inproc


def run(name: str, data: bytes, filename: str) -> tuple[float, int | None, str]:
    start = time.perf_counter()
    try:
        result = parse_in_worker(data, filename)
        return result.seconds, result.peak_rss_bytes, "gelesen"
    except InputFileError as exc:
        words = " ".join(str(exc).split()[:14])
        return getattr(exc, "seconds", time.perf_counter() - start), getattr(exc, "peak_rss_bytes", None), words + " …"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edge", action="store_true", help="also the densest sheet within MAX_CELLS")
    args = parser.parse_args()
    print(f"worker limits: {_mb(MEMORY_LIMIT_BYTES)} address space, {TIME_LIMIT_SECONDS:.0f} s; budget: "
          f"{safety.MAX_CELLS:,} cells a sheet, {safety.MAX_WORKBOOK_CELLS:,} a workbook")
    worker, inproc = overhead()
    print(f"sample (250 rows): worker {worker * 1000:.0f} ms, in process {inproc * 1000:.0f} ms, "
          f"overhead {(worker - inproc) * 1000:.0f} ms (median of 7)\n")
    cases = [(key, builder, filename) for key, (builder, filename, _) in H.ISSUE14.items()]
    if args.edge:
        rows = safety.MAX_CELLS // 8
        cases.append((f"dense_8x{rows}", lambda: H.wide_xlsx(cols=8, rows=rows), "dicht.xlsx"))
    print("| input | file | seconds | peak worker RSS | outcome |\n|---|---:|---:|---:|---|")
    for key, builder, filename in cases:
        data = builder()
        seconds, rss, outcome = run(key, data, filename)
        print(f"| {key} | {_mb(len(data)) if len(data) >= 2**20 else f'{len(data) / 1024:,.0f} KB'} | "
              f"{seconds:.1f} | {_mb(rss)} | {outcome} |", flush=True)


if __name__ == "__main__":
    main()
