"""Shared by the browser journeys (tests/e2e) and the browser benchmarks (bench/): start the app on a
free port, launch Debian's Chromium through Playwright, and drive the app's pages.

Streamlit renders tables with glide-data-grid (a canvas); the grid keeps an accessible copy of the
visible cells as `<td data-testid="glide-cell-COL-ROW">` (ROW 0 = first data row), which is what the
helpers read. Waits are Playwright waits with a bounded timeout, never fixed sleeps.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"

CHROMIUM = os.environ.get("KUNDENWERT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# DEVELOPERS.md: the flags for Debian's chromium (Playwright adds the fresh --user-data-dir itself).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

WAIT_MS = 30_000           # a generous bound for one step on a slow CI machine (2 cores)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

RANKING = "Gewichtung & Ranking"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


# ------------------------------------------------------------------------------------- server

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A `streamlit run app.py` subprocess on 127.0.0.1."""

    process: subprocess.Popen
    url: str
    log_path: Path
    _log: object = field(repr=False, default=None)

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mb(self) -> float:
        """Resident memory of the server process (VmRSS from /proc), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("VmRSS not found")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Terminate, then kill if it does not exit within 10 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()


def start_server(log_path: Path | None = None, extra_args: list[str] | None = None, timeout: float = 90.0,
                 env: dict[str, str] | None = None, app_dir: Path = ROOT) -> Server:
    """Start the app (app_dir/app.py) headless on a free port of 127.0.0.1 and wait until
    /_stcore/health answers."""
    port = free_port()
    if log_path is None:
        OUTPUT.mkdir(exist_ok=True)
        log_path = OUTPUT / f"streamlit-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w")  # noqa: SIM115 - closed in Server.stop
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           *(extra_args or [])]
    run_env = {k: v for k, v in os.environ.items() if k != "KUNDENWERT_SAMPLE"}
    run_env["PYTHONUNBUFFERED"] = "1"
    run_env.update(env or {})
    process = subprocess.Popen(cmd, cwd=app_dir, stdout=log, stderr=subprocess.STDOUT, env=run_env,
                               stdin=subprocess.DEVNULL)
    server = Server(process, f"http://127.0.0.1:{port}", log_path, log)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            server.stop()
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout:.0f} s:\n"
                               f"{server.log_tail()}")
        time.sleep(0.2)


# ------------------------------------------------------------------------------------ browser

def launch_browser(playwright):
    """Debian's Chromium, headless, with the project's flags; Playwright gives it a fresh temporary
    profile (--user-data-dir) that it deletes on close."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def new_context(browser, **kwargs):
    kwargs.setdefault("viewport", {"width": 1400, "height": 1000})
    kwargs.setdefault("locale", "de-DE")
    kwargs.setdefault("accept_downloads", True)
    return browser.new_context(**kwargs)


@contextlib.contextmanager
def persistent_context(playwright, **kwargs):
    """A context with an explicit fresh --user-data-dir (a temp dir removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="kw-chromium-") as profile:
        kwargs.setdefault("viewport", {"width": 1400, "height": 1000})
        ctx = playwright.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                            headless=True, **kwargs)
        try:
            yield ctx
        finally:
            ctx.close()


# ---------------------------------------------------------------------------------- app pages

def wait_idle(page, timeout: float = WAIT_MS) -> None:
    """Wait until the app is connected and no script run is in progress."""
    page.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=stApp]');"
        " return a && a.dataset.testConnectionState === 'CONNECTED' && a.dataset.testScriptState !== 'running'; }",
        timeout=timeout)


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=WAIT_MS)
    list_uploader(page).wait_for(state="attached", timeout=WAIT_MS)
    wait_idle(page)


PAGE_HEADINGS = {"Start / Daten": "Kundenwert"}


def nav(page, title: str) -> None:
    """Go to a page through the sidebar navigation (same session, loaded list stays)."""
    page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").filter(has_text=title).first \
        .get_by_role("link").click()                            # the app's menu (kundenwert.ui.common.render_nav)
    heading = PAGE_HEADINGS.get(title, title)
    page.get_by_test_id("stHeading").filter(has_text=heading).first.wait_for(timeout=WAIT_MS)
    wait_idle(page)


def click_sample(page) -> None:
    """Click the sample-data button of the page's empty state (found by its key: any page, any language)."""
    page.locator(".st-key-kw_sample_btn button").locator("visible=true").first.click(timeout=WAIT_MS)   # a phone: the sidebar's is hidden


def load_sample(page, lang: str = "de") -> None:
    """Load the sample list on the start page and wait for its notice and the data check, in ``lang``."""
    from kundenwert.i18n import text

    click_sample(page)
    page.get_by_test_id("stAlertContentSuccess").filter(has_text=text("ui.state.sample", lang)).wait_for(
        timeout=WAIT_MS)
    page.get_by_role("heading", name=text("ui.data_page.check", lang)).wait_for(timeout=WAIT_MS)
    wait_idle(page)


def list_uploader(page):
    """The <input type=file> of the start page's customer-list uploader."""
    return page.get_by_test_id("stFileUploader").filter(has_text="Kundenliste hochladen") \
        .get_by_test_id("stFileUploaderDropzoneInput")


def upload(page, name: str, data: bytes | None = None, path: Path | None = None, mime: str = XLSX_MIME) -> None:
    """Choose a file in the start page's uploader, through its real <input type=file>."""
    chooser = list_uploader(page)
    if path is not None:
        chooser.set_input_files(path, timeout=WAIT_MS)
    else:
        chooser.set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}], timeout=WAIT_MS)


def grid_with_column(page, header: str):
    """The first table grid (st.dataframe) with a column `header` (the grid's accessible <th> copy)."""
    return page.get_by_test_id("stDataFrame").filter(
        has=page.locator("th", has_text=re.compile(f"^\\s*{re.escape(header)}\\s*$"))).first


def ranking_table(page):
    """The ranking grid (the one whose header has "Rang")."""
    return grid_with_column(page, "Rang")


def cell(grid, col: int, row: int):
    return grid.get_by_test_id(f"glide-cell-{col}-{row}")


def metric_value(page, label: str):
    """The value element of the KPI whose label contains `label` (e.g. "Klasse A")."""
    return page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").filter(has_text=label)).first.get_by_test_id("stMetricValue")


def weight_slider(page, criterion: str):
    """The focusable thumb (input type=range) of the sidebar weight slider of `criterion` (engine key)."""
    return page.locator(f".st-key-kw_w_{criterion}").get_by_role("slider")


def slider_value(page, key: str):
    """The thumb value text of the sidebar slider with widget key `key`."""
    return page.locator(f".st-key-{key}").get_by_test_id("stSliderThumbValue")


def error_elements(page) -> list[str]:
    """Texts of exception boxes and error alerts currently shown."""
    out = [t for t in page.get_by_test_id("stException").all_inner_texts()]
    out += page.get_by_test_id("stAlertContentError").all_inner_texts()
    return out


# JS: signatures of what a weight change alters: the ranking grid's first rows (names and full-precision
# scores) and the KPI values. Both are null while the grid / KPIs are not on the page.
GRID_SIGNATURE_JS = """() => {
  const grid = [...document.querySelectorAll('[data-testid=stDataFrame]')]
      .find(g => [...g.querySelectorAll('th')].some(th => th.textContent.trim() === 'Rang'));
  if (!grid) return null;
  const cells = [];
  for (let r = 0; r < 5; r++) for (const c of [3, 4]) {
    const td = grid.querySelector(`[data-testid="glide-cell-${c}-${r}"]`);
    cells.push(td ? td.textContent : '');
  }
  return cells.join('|');
}"""
KPI_SIGNATURE_JS = """() => {
  const values = [...document.querySelectorAll('[data-testid=stMetricValue]')].map(e => e.textContent);
  return values.length ? values.join('|') : null;
}"""


# JS: a hash of the pixels of the ranking grid's top-left area (first rows: rank, class, id, name, score),
# i.e. what the user sees; glide-data-grid draws on a canvas and updates its accessible <td> copy later.
GRID_PIXELS_JS = """() => {
  const grid = [...document.querySelectorAll('[data-testid=stDataFrame]')]
      .find(g => [...g.querySelectorAll('th')].some(th => th.textContent.trim() === 'Rang'));
  const cv = grid && grid.querySelector('canvas[data-testid=data-grid-canvas]');
  if (!cv || !cv.width) return null;
  const w = Math.min(cv.width, 800), h = Math.min(cv.height, 220);
  const d = cv.getContext('2d').getImageData(0, 0, w, h).data;
  let x = 0;
  for (let i = 0; i < d.length; i += 5) x = (x * 31 + d[i]) | 0;
  return x;
}"""


def ranking_signature(page) -> str | None:
    return page.evaluate(GRID_SIGNATURE_JS)


def wait_signature_change(page, before: str, timeout: float = WAIT_MS) -> None:
    page.wait_for_function(f"(before) => {{ const s = ({GRID_SIGNATURE_JS})(); return s !== null && s !== before; }}",
                           arg=before, timeout=timeout, polling="raf")


def key_observer_js(var: str, fields: tuple[str, ...]) -> str:
    """Page script: on every key press, reset `window.<var>` (t = press time, `fields` = 0) and record
    when the app's script run starts and ends (relative to the press) as `run` and `done`."""
    zeros = ", ".join(f"{f}: 0" for f in fields)
    return ("() => { if (window.__VAR__) return;\n"
            "  const k = window.__VAR__ = {t: 0, __ZEROS__};\n"
            "  document.addEventListener('keydown', () => {\n"
            "    Object.assign(k, {t: performance.now(), __ZEROS__}); }, true);\n"
            "  const app = document.querySelector('[data-testid=stApp]');\n"
            "  new MutationObserver((records) => {           // the script run: started / finished\n"
            "    // states this batch went through: each record's old value, then the current one\n"
            "    const now = performance.now() - k.t;\n"
            "    const states = [...records.slice(1).map(r => r.oldValue), app.dataset.testScriptState];\n"
            "    for (const st of states) {\n"
            "      if (st === 'running' && !k.run) k.run = now;\n"
            "      if (st !== 'running' && k.run && !k.done) k.done = now;\n"
            "    }\n"
            "  }).observe(app, {attributes: true, attributeOldValue: true, "
            "attributeFilter: ['data-test-script-state']});\n}").replace("__VAR__", var).replace("__ZEROS__", zeros)
