"""Engine benchmark: load time against pandas+openpyxl, and scoring + classification at 1,000,000 rows.

    .venv/bin/python bench/bench_engine.py [--quick]

Prints a table; every figure is the median of several runs. Loading is compared with
`pandas.read_excel(engine="openpyxl")` on the same file in the same run (a ratio, since these
machines are noisy). Goals: our load ≥ 5× faster at 10k and 100k rows; scoring + classes of
1,000,000 customers < 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
# KUNDENWERT_CODE=DIR: time the kundenwert package in DIR (e.g. `git archive COMMIT kundenwert | tar -x -C DIR`)
sys.path.insert(0, os.environ.get("KUNDENWERT_CODE") or str(ROOT))

from kundenwert.criteria import CRITERIA  # noqa: E402
from kundenwert.dataset import CustomerList, load  # noqa: E402
from kundenwert.errors import InputFileError  # noqa: E402
from kundenwert.findings import Findings  # noqa: E402
from kundenwert.ids import natural_order  # noqa: E402
from kundenwert.ingest.reader import RawTable  # noqa: E402
from kundenwert.ingest.safety import check_file  # noqa: E402
from kundenwert.sample import generate_customers  # noqa: E402
from kundenwert.sample_files import write_xlsx  # noqa: E402
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
                        satisfaction_scale={}, rejected=empty, skipped=empty, issues=Findings().frame(),
                        id_order=natural_order(customers["id"]))


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


# ------------------------------------------------------------------ upload stages (issue 12), CPU and wall

def bench_stages(n: int, repeat: int) -> None:
    """What an upload costs, stage by stage, in this process: the safety scan, calamine + the raw table
    (the worker's work, one after the other here), the pickle to the app and back, and `build`; then
    the worker end to end (where the scan runs while calamine parses). Medians of CPU seconds (this
    process; calamine's threads included) and wall seconds: on a shared machine CPU varies less."""
    import pickle

    from kundenwert.dataset import build
    from kundenwert.ingest.reader import read_table
    from kundenwert.ingest.worker import parse_in_worker, unpickle_table

    path = OUT / f"kunden_{n}.xlsx"
    if not path.exists():
        write_xlsx(generate_customers(n, seed=11), path)
    data = path.read_bytes()

    def both(fn):  # noqa: ANN001, ANN202
        cpu, wall, out = [], [], None
        for _ in range(repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            out = fn()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        return statistics.median(cpu), statistics.median(wall), out

    def pickled(raw):  # noqa: ANN001, ANN202 - as the worker pickles (no memo)
        import io

        buf = io.BytesIO()
        pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True
        pickler.dump(raw)
        return buf.getvalue()

    stages = {}
    stages["safety scan"] = both(lambda: check_file(data, path.name))
    cpu, wall, raw = both(lambda: read_table(data, path.name))
    stages["calamine + raw table"] = (cpu - stages["safety scan"][0], wall - stages["safety scan"][1], raw)
    stages["pickle (worker)"] = both(lambda: pickled(raw))
    blob = stages["pickle (worker)"][2]
    stages["unpickle (app)"] = both(lambda: unpickle_table(blob))
    stages["build"] = both(lambda: build(unpickle_table(blob)))
    stages["build"] = (stages["build"][0] - stages["unpickle (app)"][0],
                       stages["build"][1] - stages["unpickle (app)"][1], None)
    print(f"\nUpload stages, {n:,} rows ({len(data) / 1e6:.1f} MB; pickle {len(blob) / 1e6:.1f} MB), median of "
          f"{repeat}, load average {os.getloadavg()[0]:.1f}:")
    print(f"  {'stage':<22} {'CPU s':>7} {'wall s':>7}")
    for name, (cpu, wall, _) in stages.items():
        print(f"  {name:<22} {cpu:>7.3f} {wall:>7.3f}")
    print(f"  {'total':<22} {sum(v[0] for v in stages.values()):>7.3f} {sum(v[1] for v in stages.values()):>7.3f}")
    walls, peaks = [], []
    for _ in range(repeat):   # the worker end to end: start, scan + calamine + raw table, pickle, transfer
        result = parse_in_worker(data, path.name)
        walls.append(result.seconds)
        peaks.append(result.peak_rss_bytes or 0)
    print(f"  {'worker wall':<22} {'':>7} {statistics.median(walls):>7.3f}   (parse_in_worker; its peak RSS "
          f"{max(peaks) / 2**20:,.0f} MB)")


# ----------------------------------------------------------------------- Excel's row limit via the CLI

MILLION_ROWS = 1_048_575          # Excel's sheet limit (1,048,576) minus the header row


def million_xlsx(ratings: int, rows: int = MILLION_ROWS) -> Path:
    """bench/out/million_<ratings>.xlsx: id, name and `ratings` rating columns (written once, constant memory)."""
    import xlsxwriter

    path = OUT / f"million_{ratings}_{rows}.xlsx"
    if path.exists():
        return path
    headers = ["Kunden-Nr.", "Kunde", *(c.header_de for c in CRITERIA[:ratings])]
    rng = np.random.default_rng(7)
    values = rng.integers(0, 21, size=(rows, ratings)) / 2.0
    tmp = path.with_suffix(".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    ws = wb.add_worksheet("Kunden")
    ws.write_row(0, 0, headers)
    for i in range(rows):
        ws.write_string(i + 1, 0, f"K-{i + 1}")
        ws.write_string(i + 1, 1, f"Kunde {i + 1}")
        ws.write_row(i + 1, 2, values[i].tolist())
    wb.close()
    tmp.rename(path)
    return path


def _stages(path: Path, scenario_method: str = "score") -> dict:
    """The CLI's stages in this process, timed one after the other (read, build, score, payload, JSON)."""
    import io

    from kundenwert import cli
    from kundenwert.dataset import build
    from kundenwert.ingest.reader import read_path

    t = {}
    t0 = time.perf_counter()
    raw = read_path(str(path))
    t["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    cl = build(raw)
    t["build"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = score(cl, Scenario().with_method(scenario_method))
    t["score"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    payload = cli.score_payload(cl, result)
    t["payload"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    buf = io.StringIO()
    cli.write_json(payload, buf)
    t["json"] = time.perf_counter() - t0
    t["json_mb"] = len(buf.getvalue()) / 1e6
    t0 = time.perf_counter()
    cli.validate_payload(cl)
    t["validate_payload"] = time.perf_counter() - t0
    return t


def _cli_run(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB (the command and the processes it waited for: os.wait4), exit code."""
    import subprocess
    import tempfile

    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "kundenwert", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            err.seek(0)
            print("   ", err.read().decode(errors="replace").strip()[-300:], file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def bench_million(ratings_variants: tuple[int, ...], rows: int) -> None:
    print(f"\nExcel's row limit: {rows:,} rows (id, name, N ratings), whole CLI command, one run each "
          "(goal < 15 s, < 1 GB RSS)")
    print(f"{'ratings':>7} {'MB':>6} {'command':<16} {'wall s':>7} {'peak RSS MB':>12} {'exit':>5}")
    for k in ratings_variants:
        path = million_xlsx(k, rows)
        mb = path.stat().st_size / 1e6
        for cmd in (["score", "--json"], ["validate", "--json"], ["validate"]):
            wall, rss, code = _cli_run([cmd[0], str(path), *cmd[1:]])
            print(f"{k:>7} {mb:>6.1f} {' '.join(cmd):<16} {wall:>7.1f} {rss:>12.0f} {code:>5}")
    print("\nStages in one process (seconds):")
    print(f"{'ratings':>7} {'read':>6} {'build':>6} {'score':>6} {'payload':>8} {'json':>6} {'JSON MB':>8} "
          f"{'validate payload':>17}")
    for k in ratings_variants:
        try:
            t = _stages(million_xlsx(k, rows))
        except InputFileError as exc:      # the resource budget refuses it: say so, as the CLI does
            print(f"{k:>7} refused: {str(exc)[:100]}…")
            continue
        print(f"{k:>7} {t['read']:>6.2f} {t['build']:>6.2f} {t['score']:>6.2f} {t['payload']:>8.2f} "
              f"{t['json']:>6.2f} {t['json_mb']:>8.1f} {t['validate_payload']:>17.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--million", action="store_true",
                        help="only the 1,048,575-row CLI section (score --json, validate; 1 and 12 ratings)")
    parser.add_argument("--stages", type=int, metavar="ROWS",
                        help="only the upload stages (scan, calamine, pickle, build) of a list of ROWS rows")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.stages:
        bench_stages(args.stages, repeat=3)
        return
    if args.million:
        bench_million((1, 12), 100_000 if args.quick else MILLION_ROWS)
        return
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
