"""Shared by the browser benchmarks (bench_browser.py, bench_pages.py): generated lists, slider move
plans, machine facts, and an in-page watcher that times "the page's content is updated".

The browser side itself (server, Chromium, page helpers) is tests/e2e/browser_kit.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
WEIGHT_SLIDERS = ("purchase_history", "contribution_margin", "image", "referral", "future_prospects",
                  "payment_behaviour", "creditworthiness", "likeability")


def generated_list(n: int, seed: int = 11, name: str | None = None) -> Path:
    """The generated list of n customers as .xlsx in bench/out/ (made once, then re-used; `name`: the
    file name, default browser_kunden_<n>.xlsx)."""
    from kundenwert.sample import generate_customers
    from kundenwert.sample_files import write_xlsx

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / (name or f"browser_kunden_{n}.xlsx")
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        write_xlsx(generate_customers(n, seed=seed), tmp)
        tmp.rename(path)
    return path


def move_plan(n: int, sliders: tuple[str, ...] = WEIGHT_SLIDERS) -> list[tuple[str, str]]:
    """n keyboard steps that each give a weight setting not seen before in the session (so no memo
    answers): ArrowRight 5.0 → 10.0 on one slider, then the next."""
    plan = [(criterion, "ArrowRight") for criterion in sliders for _ in range(10)]
    if n > len(plan):
        raise ValueError(f"at most {len(plan)} moves")
    return plan[:n]


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpus() -> int:
    return len(os.sched_getaffinity(0))


# JS: the content watcher. After `arm()`, the next key press or click starts a measurement: on every
# animation frame it computes a signature of what the main area shows – its texts (outside the tables'
# accessible copies), the pixels of each table grid's first rows, and which figure object each plotly
# chart draws (Streamlit hands plotly a new figure object only when the figure changed) – and records
# when it last changed; a MutationObserver records when the script run started and finished.
WATCH_JS = r"""() => {
  if (window.__kwW) return;
  const w = window.__kwW = {armed: false, t: 0, last: 0, run: 0, done: 0, sig: null, changes: 0};
  const ids = new WeakMap(); let next = 1;
  const idOf = (o) => { if (!o) return 0; if (!ids.has(o)) ids.set(o, next++); return ids.get(o); };
  // texts: walked again only after the DOM under the main area changed (a MutationObserver sets `dirty`);
  // plotly figures and table pixels: checked on every frame (cheap: an object identity, a small pixel area)
  let dirty = true, text = '', observed = null;
  const mo = new MutationObserver(() => { dirty = true; });
  function texts(main) {
    if (observed !== main) { mo.disconnect(); mo.observe(main, {childList: true, characterData: true, subtree: true}); observed = main; dirty = true; }
    if (!dirty) return text;
    dirty = false;
    const parts = [];
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {acceptNode: (n) =>
      n.parentElement && n.parentElement.closest('[data-testid=stDataFrame]') ? NodeFilter.FILTER_REJECT
                                                                               : NodeFilter.FILTER_ACCEPT});
    for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.nodeValue);
    return text = parts.join('\u0001');
  }
  function sig() {
    const main = document.querySelector('[data-testid=stMain]');
    if (!main) return '';
    const parts = [texts(main)];
    for (const gd of main.getElementsByClassName('js-plotly-plot')) parts.push('P' + idOf(gd.data) + ':' + idOf(gd.layout));
    for (const cv of main.querySelectorAll('canvas[data-testid=data-grid-canvas]')) {
      if (!cv.width) continue;
      const d = cv.getContext('2d').getImageData(0, 0, Math.min(cv.width, 360), Math.min(cv.height, 120)).data;
      let x = 0;
      for (let i = 0; i < d.length; i += 7) x = (x * 31 + d[i]) | 0;
      parts.push('G' + x);
    }
    return parts.join('\u0002');
  }
  function tick() {
    if (!w.t) return;
    const s = sig();
    if (s !== w.sig) { w.sig = s; w.last = performance.now() - w.t; w.changes++; }
    requestAnimationFrame(tick);
  }
  const start = () => {
    if (!w.armed) return;
    w.armed = false;
    Object.assign(w, {t: performance.now(), last: 0, run: 0, done: 0, changes: 0});
    w.sig = sig();
    requestAnimationFrame(tick);
  };
  document.addEventListener('keydown', start, true);
  document.addEventListener('click', start, true);
  w.arm = () => { w.armed = true; w.t = 0; };
  const app = w.app = document.querySelector('[data-testid=stApp]');
  new MutationObserver((records) => {
    if (!w.t) return;
    const now = performance.now() - w.t;
    const states = [...records.slice(1).map(r => r.oldValue), app.dataset.testScriptState];
    for (const st of states) {
      if (st === 'running' && !w.run) w.run = now;
      if (st !== 'running' && w.run && !w.done) w.done = now;
    }
  }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
}"""

# settled: the run has finished and nothing changed for `quiet` ms since the later of the two
SETTLED_JS = """(quiet) => {
  const w = window.__kwW;
  if (!w.t) return false;
  const now = performance.now() - w.t;
  if (!w.done) {
    // React may batch "run started" and "run finished" into one render when both messages arrive while the
    // browser is busy: the attribute never reads 'running'. Then the run is over once the app is idle and the
    // content has settled (ms = its last change); with no change at all the time is unknown (ms = -1).
    const idle = document.querySelector('[data-testid=stApp]')?.dataset.testScriptState !== 'running';
    if (!idle || (w.last ? now - w.last < quiet : now < 3000)) return false;
    const r = {ms: w.last || -1, last: w.last, run: 0, done: 0, changes: w.changes, batched: 1};
    w.t = 0;
    return r;
  }
  const at = Math.max(w.done, w.last);
  if (now - at < quiet) return false;
  const r = {ms: at, last: w.last, run: w.run, done: w.done, changes: w.changes, batched: 0};
  w.t = 0;
  return r;
}"""


DIAGNOSE_JS = """() => { const w = window.__kwW, a = document.querySelector('[data-testid=stApp]');
  return {watch: w && {t: w.t, run: w.run, done: w.done, last: w.last, armed: w.armed, same_app: w.app === a,
                       app_connected: w.app && w.app.isConnected},
          state: a && a.dataset.testScriptState, url: location.href,
          headings: [...document.querySelectorAll('[data-testid=stHeading]')].map(e => e.innerText).slice(0, 2)}; }"""


def watch(page) -> None:
    """Install the content watcher (once per browser page; it survives Streamlit's page switches)."""
    page.evaluate(WATCH_JS)


def timed(page, action, quiet_ms: int = 400, timeout_ms: int = 120_000) -> dict:
    """Run `action()` (a key press or click in the page) and wait until the page has settled.
    Returns ms from the event: `ms` = content updated and run finished (the later of `last` and
    `done`), `last` = the last change of the main area, `run`/`done` = script run started/finished,
    `changes` = frames in which the content changed (0: the page did not change)."""
    # armed while a run is still going (a page's second run, a fragment), the watcher would never see this
    # action's run start and wait for ever: start from an idle app
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState"
                           " !== 'running'", timeout=timeout_ms)
    page.evaluate("() => window.__kwW.arm()")
    action()
    try:
        handle = page.wait_for_function(SETTLED_JS, arg=quiet_ms, polling="raf", timeout=timeout_ms)
    except Exception:
        print("not settled:", page.evaluate(DIAGNOSE_JS), file=sys.stderr)
        raise
    return {k: float(v) for k, v in handle.json_value().items()}
