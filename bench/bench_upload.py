"""Where an upload's server time goes (issue 12: 100k-row .xlsx upload → first ranking < 3 s).

    .venv/bin/python bench/bench_upload.py                 # 100,000 rows, 3 rounds
    .venv/bin/python bench/bench_upload.py --rows 10000 --rounds 5
    .venv/bin/python bench/bench_upload.py --code /tmp/before   # an older kundenwert package (git archive)

The app's own code in `streamlit.testing.v1.AppTest` (no browser): round r uploads the list (the
uploader's callback, `data_page.handle_upload`), draws the Start page with the data check, then the
Ranking page, as a user who uploads and opens the ranking. Each stage's wall time is taken by wrapping
the functions the app calls (`state.parse_in_worker`, `unpickle_table`, `_compressed`, `build`,
`recognise_columns`, the data check's own call); CPU seconds of this process and of the workers it waited for. Round 1 starts
its worker cold; from round 2 on the app has one started ahead (`worker.keep_ready`), as a server
has after its first file. Every round uses a new copy of the bytes (no parse-cache hit: the cache is
cleared, and so is st.cache_data). What this does not see: the browser sending the file and drawing the pages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchkit import ROOT, generated_list  # noqa: E402

sys.path.insert(0, str(ROOT))

TIMES: dict[str, float] = defaultdict(float)


def _timed(name: str, fn):  # noqa: ANN001, ANN202
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[name] += time.perf_counter() - t0
    return wrapper


def _app() -> None:
    import time as _time

    import streamlit as st

    from kundenwert.ui import data_page, ranking_page

    class FakeUpload:
        def __init__(self, name: str, data: bytes):
            self.name, self._data = name, data

        def getvalue(self) -> bytes:
            return self._data

    times = st.session_state.setdefault("bench_times", {})
    upload = st.session_state.pop("bench_upload", None)
    if upload is not None:
        t0 = _time.perf_counter()
        data_page.handle_upload(FakeUpload(*upload))
        times["upload callback"] = _time.perf_counter() - t0
        t0 = _time.perf_counter()
        data_page.render()
        times["start page with data check"] = _time.perf_counter() - t0
    elif st.session_state.pop("bench_ranking", False):
        t0 = _time.perf_counter()
        ranking_page.render()
        times["ranking page, first draw"] = _time.perf_counter() - t0
    else:
        data_page.render()


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--code", type=Path, help="a folder holding another kundenwert package, imported instead "
                    "(git archive COMMIT kundenwert | tar -x -C DIR)")
    args = ap.parse_args()
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    path = generated_list(args.rows)
    data = path.read_bytes()

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from kundenwert.ui import state

    print(f"code: {Path(state.__file__).parents[2]}")
    for name in ("parse_in_worker", "unpickle_table", "_compressed", "build", "recognise_columns"):
        setattr(state, name, _timed(name, getattr(state, name)))
    print(f"{args.rows:,} rows ({len(data) / 1e6:.1f} MB), load average {os.getloadavg()[0]:.1f}, "
          f"{os.cpu_count()} cores; seconds per round", flush=True)
    rounds: list[dict[str, float]] = []
    for r in range(args.rounds):
        state._parse_cache.clear()
        st.cache_data.clear()           # the data check's inspection is cached by content
        at = AppTest.from_function(_app, default_timeout=600)
        at.run()
        TIMES.clear()
        cpu0, t0 = _cpu(), time.perf_counter()
        at.session_state["bench_upload"] = (path.name, bytes(data))
        at.run()
        at.session_state["bench_ranking"] = True
        at.run()
        wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
        assert not at.exception, at.exception
        got = {**at.session_state["bench_times"], **{f"  {k}": v for k, v in TIMES.items()},
               "total (wall)": wall, "total (CPU, with the workers)": cpu}
        rounds.append(got)
        print(f"round {r + 1} ({'cold worker' if r == 0 else 'worker started ahead'}): " +
              ", ".join(f"{k.strip()} {v:.2f}" for k, v in got.items()), flush=True)
    print(f"\n{'stage':<36} {'round 1':>8} {'median of rounds 2+':>20}")
    for key in rounds[0]:
        later = [rd[key] for rd in rounds[1:] if key in rd]
        print(f"{key:<36} {rounds[0][key]:>8.2f} {statistics.median(later) if later else float('nan'):>20.2f}")
    print(f"load average after {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
