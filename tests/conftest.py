"""Shared fixtures. App tests (streamlit.testing.v1.AppTest) use the `app_*` fixtures below."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# the scenario library of the app under test lives in a temp dir, never in the repository's data/. Once per
# process: pytest loads this file as `conftest`, and `from tests.conftest import ROOT` inside a test loads it a
# second time – which must not reset KUNDENWERT_DB under a test that has set it (e.g. the `session_only` fixture)
_MARK = "KW_TEST_LIBRARY_DIR"
if _MARK not in os.environ:
    os.environ[_MARK] = tempfile.mkdtemp(prefix="kw-test-lib-")
    atexit.register(shutil.rmtree, os.environ[_MARK], ignore_errors=True)
    os.environ["KUNDENWERT_DB"] = os.path.join(os.environ[_MARK], "kundenwert.db")
_LIBRARY_DIR = os.environ[_MARK]
APP_TIMEOUT = 60



def _upload_then_start_page():
    """Test harness for the Start page: simulates the file uploader (AppTest cannot upload files).

    `st.session_state["test_upload"] = (file name, bytes)` is handed to the same function the
    uploader's on_change callback calls, then the real Start page renders.
    """
    import streamlit as st

    from kundenwert.ui import data_page

    class FakeUpload:
        def __init__(self, name: str, data: bytes):
            self.name = name
            self._data = data

        def getvalue(self) -> bytes:
            return self._data

    upload = st.session_state.pop("test_upload", None)
    if upload is not None:
        data_page.handle_upload(FakeUpload(*upload))
    data_page.render()


@pytest.fixture
def app_start():
    """A fresh AppTest of the whole app (app.py: navigation, Start / Daten page by default)."""
    from streamlit.testing.v1 import AppTest

    def make():
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)

    return make


@pytest.fixture
def app_page():
    """A fresh AppTest of one page file, e.g. app_page("pages/1_Gewichtung_und_Ranking.py")."""
    from streamlit.testing.v1 import AppTest

    def make(relative: str):
        return AppTest.from_file(str(ROOT / relative), default_timeout=APP_TIMEOUT)

    return make


@pytest.fixture
def app_upload():
    """A Start-page AppTest whose `upload(name, data)` simulates a file upload and reruns."""
    from streamlit.testing.v1 import AppTest

    def make():
        at = AppTest.from_function(_upload_then_start_page, default_timeout=APP_TIMEOUT)

        def upload(name: str, data: bytes):
            at.session_state["test_upload"] = (name, data)
            return at.run()

        at.upload = upload
        return at

    return make


@pytest.fixture
def carry_state():
    """Copy one AppTest's loaded list and settings into another (same user, another page)."""

    from tests.session_kit import carry

    return carry


@pytest.fixture
def session_only(monkeypatch):
    """The team library's database cannot be reached: scenarios are saved in the session (one notice)."""
    from tests import pg

    monkeypatch.setenv("KUNDENWERT_DB", f"postgresql://kw:geheim@127.0.0.1:{pg._free_port()}/kundenwert")


@pytest.fixture
def library_url(tmp_path, monkeypatch):
    """A fresh team library (SQLite) for this test."""
    url = f"sqlite:///{tmp_path}/team.db"
    monkeypatch.setenv("KUNDENWERT_DB", url)
    return url


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    from kundenwert.ui.state import SAMPLE_PATH

    if SAMPLE_PATH.exists():
        return SAMPLE_PATH.read_bytes()
    from tests.files import generated_xlsx

    return generated_xlsx()


@pytest.fixture
def sample_list(sample_bytes):
    """The sample list as the engine reads it (a fresh object per test)."""
    from kundenwert.dataset import build
    from kundenwert.ingest.reader import read_table

    return build(read_table(sample_bytes, "kundenliste_beispiel.xlsx"))


@pytest.fixture
def md_unescape():
    """Undo Markdown escaping (`\\(` -> `(`), to compare shown messages with engine messages."""
    return lambda text: re.sub(r"\\(.)", r"\1", text)


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a throwaway PostgreSQL database on a server started for this test session (tests/pg.py)."""
    from tests import pg

    yield from pg.postgres_url()
