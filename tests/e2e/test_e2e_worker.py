"""Browser journey (issue 14): an upload whose parser process dies leaves every other session running.

A server of its own, started with the worker's test hook set to abort for one file name only
(`abort@abbruch.xlsx`): the worker process for that upload dies with SIGABRT, as calamine does when an
allocation fails. While it dies, a second browser session moves a weight slider and gets the engine's
new ranking; the first session shows one German line and its next upload works.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kundenwert.ingest.worker import TEST_HOOK_ENV
from tests.e2e import browser_kit as kit
from tests.e2e.test_e2e_journeys import WAIT, assert_no_errors, expect_ranking, top_and_counts, weights
from tests.files import messy_xlsx

pytestmark = pytest.mark.browser

ABORT_NAME = "abbruch.xlsx"


@pytest.fixture(scope="module")
def sample_cl():
    from kundenwert.dataset import load
    from kundenwert.ui.state import sample_bytes

    return load(sample_bytes(), "kundenliste_beispiel.xlsx")


@pytest.fixture(scope="module")
def abort_server():
    server = kit.start_server(log_path=kit.OUTPUT / "e2e-worker-abort.log", env={TEST_HOOK_ENV: f"abort@{ABORT_NAME}"})
    try:
        yield server
    finally:
        server.stop()


def test_worker_abort_in_one_session_leaves_the_other_session_working(browser, abort_server, sample_cl):
    ctx_a, ctx_b = kit.new_context(browser), kit.new_context(browser)
    try:
        a, b = ctx_a.new_page(), ctx_b.new_page()
        for pg in (a, b):
            pg.set_default_timeout(kit.WAIT_MS)
            kit.open_app(pg, abort_server.url)
        kit.load_sample(a)
        kit.nav(a, kit.RANKING)
        expect_ranking(a, *top_and_counts(sample_cl, weights()))

        # the worker aborts on this one; the scan-only worker that follows finds nothing wrong with the file, so
        # the crash is what the user is told (a hostile file would get the scan's own sentence instead)
        kit.upload(b, ABORT_NAME, messy_xlsx())
        kit.weight_slider(a, "payment_behaviour").focus()                # meanwhile, session A works on
        a.keyboard.press("End")
        expect_ranking(a, *top_and_counts(sample_cl, weights(payment_behaviour=10.0)))
        assert_no_errors(a)

        alert = b.get_by_test_id("stAlertContentError").filter(has_text=ABORT_NAME)
        expect(alert).to_be_visible(timeout=WAIT)
        text = alert.inner_text()
        assert "abgestürzt" in text and "Traceback" not in text and "Error" not in text, text
        assert abort_server.process.poll() is None, "the server must survive the worker's abort"

        kit.upload(b, "messy.xlsx", messy_xlsx())                         # the next upload in B works
        b.get_by_role("heading", name="Datencheck").wait_for(timeout=kit.WAIT_MS)
        expect(b.get_by_test_id("stAlertContentSuccess").filter(has_text="messy.xlsx")).to_be_visible(timeout=WAIT)
    finally:
        ctx_a.close()
        ctx_b.close()
