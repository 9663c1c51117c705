"""Command line against a bare pandas + openpyxl read of the same file (issue 12: ≤ 0.15×).

    .venv/bin/python bench/bench_cli.py                  # 50,000 rows, 3 rounds
    .venv/bin/python bench/bench_cli.py --rows 10000 --rounds 5
    .venv/bin/python bench/bench_cli.py --no-early --before DIR   # A/B of the early worker start, and old code

Each round runs, as whole commands (a fresh interpreter each, output to /dev/null):
`python -m kundenwert score LIST --json`, `python -m kundenwert score LIST` (text) and
`python -c "import pandas; pandas.read_excel(LIST, engine='openpyxl')"`, one after the other, so
that the machine's load hits all three alike. Wall seconds; the ratio is ours / openpyxl per round,
and the median of the rounds. Also CPU seconds (user + system, the command and what it waited for:
the worker process included), which vary less than wall time on a shared machine.
The list is `kundenwert.sample.generate_customers(rows, seed=11)` in bench/out/ (23 columns).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
GOAL = 0.15


def generated(n: int) -> Path:
    from kundenwert.sample import generate_customers
    from kundenwert.sample_files import write_xlsx

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"kunden_{n}.xlsx"
    if not path.exists():
        tmp = path.with_suffix(".tmp.xlsx")
        write_xlsx(generate_customers(n, seed=11), tmp)
        tmp.rename(path)
    return path


def timed(args: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system of the command and its children) of one command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(proc.stderr.read().decode(errors="replace")[-500:])
    proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, help="a folder holding an older kundenwert package "
                        "(git archive COMMIT kundenwert | tar -x -C DIR): its `score --json` is timed too")
    parser.add_argument("--no-early", action="store_true", help="also time `score --json` without the early "
                        "worker start (kundenwert.cli_start): the command imports first, then reads")
    args = parser.parse_args()
    path = generated(args.rows)
    py = sys.executable
    commands = {
        "score --json": [py, "-m", "kundenwert", "score", str(path), "--json"],
        "score (text)": [py, "-m", "kundenwert", "score", str(path)],
        "openpyxl": [py, "-c", f"import pandas; pandas.read_excel({str(path)!r}, engine='openpyxl')"],
    }
    if args.no_early:   # cli.main without __main__: the worker starts only when the command reads the file
        commands["score --json, no early start"] = [
            py, "-c", f"import sys; sys.argv = ['kundenwert', 'score', {str(path)!r}, '--json']; "
                      "from kundenwert.cli import main; main()"]
    cwd = {name: ROOT for name in commands}
    if args.before:
        for name in ("score --json", "score (text)"):
            commands[f"{name} before"] = commands[name]
            cwd[f"{name} before"] = args.before.resolve()
    print(f"{args.rows:,} rows ({path.stat().st_size / 1e6:.1f} MB), load average {os.getloadavg()[0]:.1f}, "
          f"{os.cpu_count()} cores; wall s (CPU s)")
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
    for r in range(args.rounds):
        for name, cmd in commands.items():
            runs[name].append(timed(cmd, cwd[name]))
        base = runs["openpyxl"][-1]
        print(f"round {r + 1}: " + ", ".join(f"{k} {w:.2f} ({c:.2f})" for k, (w, c) in
                                              ((k, v[-1]) for k, v in runs.items())) +
              f"; ratio json {runs['score --json'][-1][0] / base[0]:.3f}, text {runs['score (text)'][-1][0] / base[0]:.3f}",
              flush=True)
    print(f"\n{'command':<29} {'median wall s':>14} {'median CPU s':>13} {'ratio wall':>11} {'ratio CPU':>10}  goal ≤ {GOAL}")
    base_wall = statistics.median(w for w, _ in runs["openpyxl"])
    base_cpu = statistics.median(c for _, c in runs["openpyxl"])
    for name, values in runs.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        ratios = statistics.median(w / b for (w, _), (b, _) in zip(values, runs["openpyxl"], strict=True))
        print(f"{name:<29} {wall:>14.2f} {cpu:>13.2f} {ratios:>11.3f} {cpu / base_cpu:>10.3f}")
    print(f"(openpyxl median {base_wall:.2f} s wall, {base_cpu:.2f} s CPU)")


if __name__ == "__main__":
    main()
