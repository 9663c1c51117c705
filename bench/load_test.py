"""Load test: many browser sessions on one server, each with its own customer list, moving sliders.

    .venv/bin/python bench/load_test.py                       # 10 sessions + 1 hostile, 3 minutes
    .venv/bin/python bench/load_test.py --sessions 12 --seconds 300 --rounds 2
    .venv/bin/python bench/load_test.py --seconds 30 --no-hostile     # a quick check

What it does (one fresh `streamlit run app.py` on 127.0.0.1, one Chromium process with one browser
context per session, driven concurrently with Playwright's async API):

- Session i uploads its own generated list (kundenwert.sample, seed 100+i, 2,000+37·i customers) in
  which every customer name starts with "S<i> " (e.g. "S03 Bäckerei Huber KG"), then opens
  "Gewichtung & Ranking" and moves weight sliders with the keyboard until the time is up.
  After every move it checks: the first row is the engine's top customer for the session's weights,
  every visible ranking row carries its own prefix, the KPI
  "Kunden bewertet" is its own list's count, and no exception box or error alert is shown.
  Latency = keydown → the frame in which the ranking grid is redrawn (in-page clock; the move counts
  only once the grid's cell texts show new first rows too).
- One more session uploads hostile files while the others work: an XML bomb, a zip bomb
  (1.1 GB unpacked), a PDF renamed .xlsx and a 101 MB file (over the 100 MB upload limit). Each must
  get its message; the others' slider latency during these uploads is reported separately.
- Server memory (VmRSS from /proc) before the sessions, sampled during, and after the sessions are
  closed and the server has dropped them (the server runs with --server.disconnectedSessionTTL 15).
  With --rounds 2 the whole run is repeated: memory after round 2 ≈ after round 1 means no leak
  (the parse cache is bounded by bytes: kundenwert.ui.state.PARSE_CACHE_BYTES).

Exit status 1 if any check failed. Figures go to bench/out/load_test.json and BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e import browser_kit as kit  # noqa: E402
from tests.e2e import hostile  # noqa: E402

OUT = ROOT / "bench" / "out"
TTL = 15
CRITERIA = ("purchase_history", "contribution_margin", "image", "referral", "future_prospects",
            "payment_behaviour", "creditworthiness", "likeability")
WAIT_MS = 60_000
MOVE_WAIT_MS = 30_000

# One evaluate per check: signature of the ranking's first rows, all visible names, KPI, errors.
STATE_JS = """() => {
  const grid = [...document.querySelectorAll('[data-testid=stDataFrame]')]
      .find(g => [...g.querySelectorAll('th')].some(th => th.textContent.trim() === 'Rang'));
  const names = [], sig = [];
  if (grid) {
    for (const td of grid.querySelectorAll('td[data-testid^="glide-cell-3-"]')) names.push(td.textContent);
    for (let r = 0; r < 5; r++) for (const c of [3, 4]) {
      const td = grid.querySelector(`[data-testid="glide-cell-${c}-${r}"]`);
      sig.push(td ? td.textContent : '');
    }
  }
  const kpi = [...document.querySelectorAll('[data-testid=stMetric]')]
      .find(m => m.textContent.includes('Kunden bewertet'));
  const errors = [...document.querySelectorAll('[data-testid=stException], [data-testid=stAlertContentError]')]
      .map(e => e.innerText);
  return {sig: grid ? sig.join('|') : null, names,
          customers: kpi ? kpi.querySelector('[data-testid=stMetricValue]').textContent : null, errors};
}"""

KEY_JS = kit.key_observer_js("__kw", ('pixels', 'run', 'done', 'url'))

# Polled on every animation frame after a key press. The latency is the frame in which the ranking grid
# is redrawn (its pixels change); the move is complete once the grid's cell texts show the new rows as
# well and no run is going on. When the engine says the first rows stay the same (before.change false),
# the move is complete when the run has ended (seen by the observer) or the page URL has taken the new
# weights (the app writes them there) and no run is going on; its latency is not counted.
# (Under heavy load the browser may never show the 'running' state of a short run: React batches it.)
CHANGED_JS = f"""(before) => {{
  const k = window.__kw, now = performance.now() - k.t;
  if (!k.pixels && ({kit.GRID_PIXELS_JS})() !== before.pixels) k.pixels = now;
  if (!k.url && location.search !== before.search) k.url = now;
  const idle = document.querySelector('[data-testid=stApp]').dataset.testScriptState !== 'running';
  const out = {{pixels: k.pixels, run: k.run, done: k.done || now}};
  if (!before.change) return ((k.done || k.url) && idle) ? out : false;
  const g = ({kit.GRID_SIGNATURE_JS})();
  return (k.pixels && g !== null && g !== before.grid && idle) ? out : false;
}}"""


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) of a process, or of the whole machine (all cores) without a pid."""
    import os

    tick = os.sysconf("SC_CLK_TCK")
    if pid is None:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        busy = sum(int(x) for i, x in enumerate(fields) if i not in (3, 4))   # minus idle, iowait
        return busy / tick
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / tick


def fmt_count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class Move:
    start: float          # monotonic time of the key press
    ms: float             # keydown → ranking grid redrawn (in page)
    run: float            # keydown → the server reports the run as started
    done: float           # keydown → the run has finished


@dataclass
class Session:
    index: int
    prefix: str
    path: Path
    customers: int        # scored customers the engine finds in the list
    cl: object = None     # the list as the engine reads it (expected rankings)
    moves: list[Move] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    upload_s: float = 0.0
    unchanged: int = 0    # moves after which, by the engine, the first rows stay the same (not timed)


def session_list(i: int) -> tuple[Path, str, int, object]:
    """Session i's own list: distinct seed, size and a name prefix; made once in bench/out/."""
    from kundenwert.dataset import load
    from kundenwert.sample import generate_customers
    from kundenwert.sample_files import write_xlsx
    from kundenwert.scenario import Scenario
    from kundenwert.scoring import score

    n = 2_000 + 37 * i
    prefix = f"S{i:02d} "
    path = OUT / f"load_session_{i:02d}.xlsx"
    if not path.exists():
        df = generate_customers(n, seed=100 + i)
        name_col = df.columns[1]
        df[name_col] = prefix + df[name_col].astype(str)
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        write_xlsx(df, tmp)
        tmp.rename(path)
    cl = load(path.read_bytes(), path.name)
    return path, prefix, len(score(cl, Scenario()).scored), cl


def expected_top(cl, weights: dict[str, float], n: int = 5) -> list[tuple[str, float]]:
    """The engine's first rows (name, score) for these weights (others 5, default directions)."""
    from kundenwert.scenario import Scenario
    from kundenwert.scoring import score

    top = score(cl, Scenario(name="load", weights=dict(weights))).ranking().head(n)
    return [(str(a), round(float(b), 9)) for a, b in zip(top["name"], top["score"], strict=True)]


async def open_with_list(context, url: str, path: Path) -> object:
    page = await context.new_page()
    await page.goto(url, wait_until="domcontentloaded", timeout=WAIT_MS)
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Kundenliste hochladen") \
        .get_by_test_id("stFileUploaderDropzoneInput")
    await uploader.wait_for(state="attached", timeout=WAIT_MS)
    if path is not None:
        await uploader.set_input_files(path, timeout=WAIT_MS)
        await page.get_by_test_id("stAlertContentSuccess").filter(has_text=path.name).wait_for(timeout=120_000)
        await page.get_by_test_id("stSidebarNav").get_by_role("link", name=kit.RANKING, exact=True).click()
        await page.wait_for_function(f"() => ({STATE_JS})().sig !== null", timeout=120_000)
    return page


async def drive(session: Session, page, deadline: float, rng: random.Random) -> None:
    """Move sliders until the deadline; check isolation and errors after every move."""
    await page.evaluate(KEY_JS)
    weights = dict.fromkeys(CRITERIA, 5.0)
    top = expected_top(session.cl, weights)
    while time.monotonic() < deadline:
        criterion = rng.choice(CRITERIA)
        w = weights[criterion]
        key = "ArrowRight" if (w <= 0 or (w < 10 and rng.random() < 0.5)) else "ArrowLeft"
        weights[criterion] = w + (0.5 if key == "ArrowRight" else -0.5)
        new_top = expected_top(session.cl, weights)
        await page.locator(f".st-key-kw_w_{criterion}").get_by_role("slider").focus()
        before = {"grid": await page.evaluate(kit.GRID_SIGNATURE_JS), "pixels": await page.evaluate(kit.GRID_PIXELS_JS),
                  "search": await page.evaluate("() => location.search"), "change": new_top != top}
        top = new_top
        start = time.monotonic()
        await page.keyboard.press(key)
        try:
            handle = await page.wait_for_function(CHANGED_JS, arg=before, polling="raf", timeout=MOVE_WAIT_MS)
            seen = await handle.json_value()
        except Exception as exc:  # noqa: BLE001 - recorded as a problem, the run goes on
            # what happened: did the slider take the key, did a run happen, did the rows change at all?
            thumb = page.locator(f".st-key-kw_w_{criterion}").get_by_role("slider")
            value = float(await thumb.input_value())
            k = await page.evaluate("() => window.__kw")
            now = {"grid": await page.evaluate(kit.GRID_SIGNATURE_JS), "pixels": await page.evaluate(kit.GRID_PIXELS_JS)}
            session.problems.append(
                f"{type(exc).__name__} after {criterion} {key}: slider {w} → {value} (expected {weights[criterion]}), "
                f"run started {k['run']:.0f} ms / finished {k['done']:.0f} ms, grid redrawn {bool(k['pixels'])}, "
                f"first rows changed {now['grid'] != before['grid']}")
            weights[criterion] = value
            top = expected_top(session.cl, weights)
            continue
        if before["change"]:
            session.moves.append(Move(start, float(seen["pixels"]), float(seen["run"]), float(seen["done"])))
        else:
            session.unchanged += 1
        state = await page.evaluate(STATE_JS)
        if state["names"][:1] != [top[0][0]]:
            session.problems.append(f"first row {state['names'][:1]}, the engine says {top[0][0]!r}")
        foreign = [n for n in state["names"] if not n.startswith(session.prefix)]
        if foreign:
            session.problems.append(f"foreign customers in the ranking: {foreign[:3]}")
        if not state["names"]:
            session.problems.append("ranking shows no rows")
        if state["customers"] != fmt_count(session.customers):
            session.problems.append(f"KPI 'Kunden bewertet' shows {state['customers']}, "
                                    f"own list has {fmt_count(session.customers)}")
        if state["errors"]:
            session.problems.append(f"error shown: {state['errors'][:2]}")


async def hostile_uploads(page, windows: list[dict], start_after: float, tmpdir: Path) -> None:
    """From one session: four hostile files, one after the other; each must get its message."""
    await asyncio.sleep(start_after)
    big = hostile.write_oversized(tmpdir / "riesig.xlsx", 101)
    files = [("bombe.xlsx", hostile.xml_bomb_xlsx(), "XML-Anweisungen"),
             ("zipbombe.xlsx", hostile.zip_bomb_xlsx(1100), "entpackt größer"),
             ("bericht.xlsx", hostile.pdf_renamed(), "PDF"),
             ("riesig.xlsx", big, None)]
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Kundenliste hochladen")
    chooser = uploader.get_by_test_id("stFileUploaderDropzoneInput")
    for name, data, expect in files:
        t0 = time.monotonic()
        entry = {"file": name, "start": t0}
        try:
            if isinstance(data, Path):
                await chooser.set_input_files(data, timeout=WAIT_MS)
                # over our 100 MB but under server.maxUploadSize: sent, then refused by ingest.safety in German
                alert = page.get_by_test_id("stAlertContentError").filter(has_text=name)
                await alert.wait_for(timeout=120_000)
                entry["message"] = " ".join((await alert.get_by_test_id("stMarkdownContainer").inner_text()).split())
            else:
                await chooser.set_input_files(
                    files=[{"name": name, "mimeType": kit.XLSX_MIME, "buffer": data}], timeout=WAIT_MS)
                alert = page.get_by_test_id("stAlertContentError").filter(has_text=name)
                await alert.wait_for(timeout=120_000)
                entry["message"] = " ".join((await alert.get_by_test_id("stMarkdownContainer").inner_text()).split())
                entry["ok"] = expect in entry["message"]
            entry.setdefault("ok", True)
        except Exception as exc:  # noqa: BLE001
            entry["ok"] = False
            entry["message"] = f"{type(exc).__name__}: {exc}".splitlines()[0]
        entry["end"] = time.monotonic()
        entry["seconds"] = round(entry["end"] - t0, 2)
        windows.append(entry)
        await asyncio.sleep(3)


async def sample_rss(server, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(server.rss_mb())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)


def stats(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    v = sorted(values)
    return {"n": len(v), "median_ms": round(statistics.median(v)), "p95_ms": round(v[int(0.95 * (len(v) - 1))]),
            "max_ms": round(v[-1])}


async def one_round(browser, server, lists, seconds: float, with_hostile: bool, seed: int) -> dict:
    sessions = [Session(i, prefix, path, n, cl) for i, (path, prefix, n, cl) in enumerate(lists)]
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
                for _ in sessions]
    t0 = time.monotonic()

    async def setup(s: Session, ctx):
        t = time.monotonic()
        page = await open_with_list(ctx, server.url, s.path)
        s.upload_s = time.monotonic() - t
        return page

    pages = await asyncio.gather(*(setup(s, c) for s, c in zip(sessions, contexts, strict=True)))
    setup_s = time.monotonic() - t0
    rss_loaded = server.rss_mb()
    samples: list[float] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(server, samples, stop))
    deadline = time.monotonic() + seconds
    cpu0, machine0, wall0 = cpu_seconds(server.pid), cpu_seconds(), time.monotonic()
    windows: list[dict] = []
    tasks = [drive(s, p, deadline, random.Random(seed * 100 + s.index)) for s, p in zip(sessions, pages, strict=True)]
    hostile_ctx = None
    with tempfile.TemporaryDirectory(prefix="kw-load-") as tmp:
        if with_hostile:
            hostile_ctx = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
            hpage = await open_with_list(hostile_ctx, server.url, None)
            tasks.append(hostile_uploads(hpage, windows, min(20.0, seconds / 5), Path(tmp)))
        await asyncio.gather(*tasks)
    wall = time.monotonic() - wall0
    server_cores = (cpu_seconds(server.pid) - cpu0) / wall
    machine_cores = (cpu_seconds() - machine0) / wall
    stop.set()
    await sampler
    for ctx in contexts + ([hostile_ctx] if hostile_ctx else []):
        await ctx.close()

    def during(m: Move) -> bool:
        return any(w["start"] <= m.start <= w["end"] for w in windows)

    all_moves = [m for s in sessions for m in s.moves]
    return {
        "sessions": len(sessions), "seconds": seconds, "setup_s": round(setup_s, 1),
        "upload_to_ranking_s": stats([s.upload_s * 1000 for s in sessions]),
        "moves": stats([m.ms for m in all_moves]),
        "moves_outside_hostile": stats([m.ms for m in all_moves if not during(m)]),
        "moves_during_hostile": stats([m.ms for m in all_moves if during(m)]),
        "run_started": stats([m.run for m in all_moves if m.run]),
        "run_finished": stats([m.done for m in all_moves]),
        "moves_first_rows_unchanged": sum(s.unchanged for s in sessions),
        "server_cpu_cores": round(server_cores, 2), "machine_cpu_cores": round(machine_cores, 2),
        "per_session_moves": [len(s.moves) for s in sessions],
        "hostile": [{k: v for k, v in w.items() if k not in ("start", "end")} for w in windows],
        "problems": {s.prefix.strip(): s.problems[:10] for s in sessions if s.problems},
        "rss_loaded_mb": round(rss_loaded), "rss_during_max_mb": round(max(samples, default=0)),
        "rss_during_median_mb": round(statistics.median(samples)) if samples else None,
    }


async def main_async(args) -> dict:
    from playwright.async_api import async_playwright

    lists = [session_list(i) for i in range(args.sessions)]
    server = kit.start_server(log_path=OUT / "load_test_streamlit.log",
                              extra_args=["--server.disconnectedSessionTTL", str(TTL)])
    report: dict = {"command": " ".join(sys.argv), "rounds": []}
    try:
        await asyncio.sleep(2)
        report["rss_before_mb"] = round(server.rss_mb())
        print(f"server pid {server.pid}, RSS before {report['rss_before_mb']} MB", flush=True)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=kit.CHROMIUM, args=kit.CHROMIUM_ARGS, headless=True)
            try:
                for r in range(args.rounds):
                    result = await one_round(browser, server, lists, args.seconds, not args.no_hostile, r + 1)
                    await asyncio.sleep(TTL + args.settle)      # disconnected sessions are dropped after TTL
                    result["rss_after_mb"] = round(server.rss_mb())
                    report["rounds"].append(result)
                    print(json.dumps(result, ensure_ascii=False), flush=True)
            finally:
                await browser.close()
        report["server_alive"] = server.process.poll() is None
        log = server.log_path.read_text(errors="replace")
        report["server_tracebacks"] = log.count("Traceback")
    finally:
        server.stop()
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=180.0, help="slider time per round (default 3 minutes)")
    ap.add_argument("--rounds", type=int, default=1, help="repeat the whole run (leak check across rounds)")
    ap.add_argument("--settle", type=float, default=15.0, help="extra seconds after the session TTL before 'after'")
    ap.add_argument("--no-hostile", action="store_true")
    ap.add_argument("--json", type=Path, default=OUT / "load_test.json")
    args = ap.parse_args(argv)
    if not kit.chromium_available():
        ap.error(f"chromium not found at {kit.CHROMIUM}")
    report = asyncio.run(main_async(args))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))

    failures = []
    for i, r in enumerate(report["rounds"], start=1):
        if r["problems"]:
            failures.append(f"round {i}: {r['problems']}")
        if any(not h.get("ok") for h in r["hostile"]):
            failures.append(f"round {i}: hostile upload without its message: "
                            f"{[h for h in r['hostile'] if not h.get('ok')]}")
        if min(r["per_session_moves"], default=0) == 0:
            failures.append(f"round {i}: a session made no move")
    if not report.get("server_alive"):
        failures.append("server died")
    before = report["rss_before_mb"]
    after = [r["rss_after_mb"] for r in report["rounds"]]
    print(f"RSS before {before} MB · after each round {after} MB · during max "
          f"{[r['rss_during_max_mb'] for r in report['rounds']]} MB · server tracebacks "
          f"{report['server_tracebacks']}")
    for f in failures:
        print("FAILED:", f)
    print("OK" if not failures else f"{len(failures)} check(s) failed", f"→ {args.json}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
