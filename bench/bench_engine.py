"""Engine benchmark: load time against pandas+openpyxl, and scoring + classification at 1,000,000 rows.

    .venv/bin/python bench/bench_engine.py [--quick]

Prints a table; every figure is the median of several runs. Loading is compared with
`pandas.read_excel(engine="openpyxl")` on the same file in the same run (a ratio, since these
machines are noisy). Goals: our load ≥ 5× faster at 10k and 100k rows; scoring + classes of
1,000,000 customers < 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kundenwert.criteria import CRITERIA  # noqa: E402
from kundenwert.dataset import CustomerList, _issue_frame, _natural_order, load  # noqa: E402
from kundenwert.ingest.reader import RawTable  # noqa: E402
from kundenwert.ingest.safety import check_file  # noqa: E402
from kundenwert.sample import generate_customers, write_xlsx  # noqa: E402
from kundenwert.scenario import Scenario  # noqa: E402
from kundenwert.scoring import classify, core_scores, score, weight_vector  # noqa: E402

OUT = ROOT / "bench" / "out"


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def bench_load(n: int, repeat: int) -> dict:
    path = OUT / f"kunden_{n}.xlsx"
    if not path.exists():
        write_xlsx(generate_customers(n, seed=11), path)
    data = path.read_bytes()
    t_ours, cl = timed(lambda: load(data, path.name), repeat)
    t_check, _ = timed(lambda: check_file(data, path.name), repeat)
    t_openpyxl, frame = timed(lambda: pd.read_excel(path, engine="openpyxl"), max(1, repeat // 2))
    assert len(cl.customers) + len(cl.rejected) + len(cl.skipped) == n
    return {"rows": n, "file_mb": len(data) / 1e6, "ours_s": t_ours, "safety_check_s": t_check,
            "openpyxl_s": t_openpyxl, "speedup": t_openpyxl / t_ours}


def synthetic_list(n: int) -> CustomerList:
    """A CustomerList of n generated customers, built directly (no file) for the scoring benchmark."""
    df = generate_customers(n, seed=5)
    keys = [c.key for c in CRITERIA]
    ratings = np.ascontiguousarray(df[[c.header_de for c in CRITERIA]].to_numpy(dtype=float))
    customers = pd.DataFrame({"id": df["Kunden-Nr."].to_numpy(), "name": df["Kunde"].to_numpy(),
                              "row": np.arange(2, n + 2), "revenue": df["Umsatz (€)"].to_numpy(dtype=float),
                              "margin": df["Deckungsbeitrag (€)"].to_numpy(dtype=float)})
    raw = RawTable("synthetic", "xlsx", "Kunden", ["Kunden"], 1, [], [], [], [])
    empty = pd.DataFrame({"row": pd.Series(dtype="int64"), "reason": pd.Series(dtype=str)})
    return CustomerList(raw=raw, columns=[], mapping={}, criteria=keys, ratings=ratings, customers=customers,
                        satisfaction_scale={}, rejected=empty, skipped=empty, issues=_issue_frame([]),
                        id_order=_natural_order(customers["id"]))


def bench_scoring(n: int, repeat: int) -> dict:
    cl = synthetic_list(n)
    scenario = Scenario()
    weights, rev = weight_vector(cl.criteria, scenario)

    def core_only():
        core = core_scores(cl.ratings, weights, rev, with_contributions=False)
        return classify(core.score, scenario, cl.id_order)

    def core_rank():
        core = core_scores(cl.ratings, weights, rev, with_contributions=False)
        return classify(core.score, scenario.with_method("rank"), cl.id_order)

    t_core, _ = timed(core_only, repeat)
    t_rank, _ = timed(core_rank, repeat)
    t_full, result = timed(lambda: score(cl, scenario), repeat)
    t_pareto, _ = timed(lambda: score(cl, scenario.with_method("pareto")), repeat)
    assert int(result.frame["scorable"].sum()) > 0.99 * n
    return {"rows": n, "core_score_thresholds_s": t_core, "core_rank_shares_s": t_rank,
            "full_score_s": t_full, "full_score_pareto_s": t_pareto}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [1_000, 10_000] if args.quick else [10_000, 100_000]
    print("Loading (.xlsx, 23 columns): ours = safety check + calamine + parse + checks, median")
    print(f"{'rows':>8} {'MB':>6} {'ours s':>8} {'check s':>8} {'openpyxl s':>11} {'speed-up':>9} "
          f"{'w/o check':>10}")
    for n in sizes:
        r = bench_load(n, repeat=3)
        print(f"{r['rows']:>8} {r['file_mb']:>6.1f} {r['ours_s']:>8.3f} {r['safety_check_s']:>8.3f} "
              f"{r['openpyxl_s']:>11.3f} {r['speedup']:>8.1f}× "
              f"{r['openpyxl_s'] / (r['ours_s'] - r['safety_check_s']):>9.1f}×")
    n = 100_000 if args.quick else 1_000_000
    r = bench_scoring(n, repeat=5)
    print(f"\nScoring {n:,} customers × 12 criteria, median of 5:")
    print(f"  core score + classes (score thresholds): {r['core_score_thresholds_s'] * 1000:8.1f} ms")
    print(f"  core score + classes (rank shares):      {r['core_rank_shares_s'] * 1000:8.1f} ms")
    print(f"  full score() incl. contributions, value, rank, result frame: {r['full_score_s'] * 1000:8.1f} ms")
    print(f"  full score() with Pareto classes:        {r['full_score_pareto_s'] * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
