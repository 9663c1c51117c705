"""Browser journeys: one `streamlit run app.py` per test session, Debian's Chromium via Playwright.

- `app_server` (session): the app headless on a free port of 127.0.0.1, stopped at the end
  (terminate, then kill). Its log is kept in test-output/.
- `browser` (session): Chromium with the project's flags and a fresh temporary profile.
- `page` (per test): a new browser context (own cookies and storage, so its own Streamlit session)
  with the app open. When the test fails, a full-page screenshot and the page's text are saved in
  test-output/ (gitignored), named after the test.
"""

from __future__ import annotations

import os
import re

import pytest

from tests.e2e import browser_kit as kit


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (item.rep_setup / rep_call), for the screenshot on failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _require_chromium() -> None:
    if kit.chromium_available():
        return
    message = (f"Chromium not found at {kit.CHROMIUM} (make test installs Debian's chromium; "
               "or set KUNDENWERT_CHROMIUM)")
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def app_server():
    kit.OUTPUT.mkdir(exist_ok=True)
    server = kit.start_server(log_path=kit.OUTPUT / "e2e-streamlit.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = kit.launch_browser(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(request, browser, app_url):
    context = kit.new_context(browser)
    context.set_default_timeout(kit.WAIT_MS)
    pg = context.new_page()
    kit.open_app(pg, app_url)
    try:
        yield pg
    finally:
        failed = any(getattr(getattr(request.node, f"rep_{when}", None), "failed", False)
                     for when in ("setup", "call"))
        if failed:
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
            kit.OUTPUT.mkdir(exist_ok=True)
            try:
                pg.screenshot(path=str(kit.OUTPUT / f"{name}.png"), full_page=True, timeout=15_000)
                (kit.OUTPUT / f"{name}.txt").write_text(pg.inner_text("body", timeout=5_000))
            except Exception as exc:  # noqa: BLE001 - the test's own failure is what matters
                print(f"screenshot failed: {exc}")
        context.close()
