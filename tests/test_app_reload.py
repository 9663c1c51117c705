"""Issue 11: after a reload (F5) or through a shared link the user's own list never gets another list in its
place – the URL says whose list the view was about (`list=own|sample`), never the list itself."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.files import messy_xlsx
from tests.session_kit import list_of

RANKING = "pages/1_Gewichtung_und_Ranking.py"


def _messages(at) -> str:
    return " ".join(str(e.value) for e in [*at.warning, *at.info, *at.error]).replace("\\", "")


def test_the_url_says_whose_list_the_view_shows(app_upload, sample_bytes):
    at = app_upload()
    at.run()
    assert "list" not in at.query_params
    at.upload("kundenliste_beispiel.xlsx", sample_bytes)
    assert at.query_params["list"] == "sample"
    at.upload("messy.xlsx", messy_xlsx())
    assert at.query_params["list"] == "own"


def test_reload_of_an_own_list_does_not_load_the_sample_in_its_place(monkeypatch):
    """`make run` (KUNDENWERT_SAMPLE=1) loads the sample into every new session – but not into one whose URL
    showed the user's own list: that page says the list is gone and must be uploaded again."""
    monkeypatch.setenv("KUNDENWERT_SAMPLE", "1")
    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    fresh.run()
    assert list_of(fresh) is not None               # a session that never had a list: sample
    for path in ("app.py", RANKING):
        at = AppTest.from_file(str(ROOT / path), default_timeout=60)
        at.query_params.update({"v": "2", "w": "payment_behaviour:9", "list": "own"})
        at.run()
        assert not at.exception, at.exception
        assert list_of(at) is None
        text = _messages(at)
        assert "eigene Kundenliste ist nicht mehr geladen" in text and "erneut hochladen" in text, text
        assert at.query_params["list"] == "own" and "payment_behaviour:9" in at.query_params["w"]


def test_a_link_that_showed_the_sample_still_opens_with_the_sample(monkeypatch):
    monkeypatch.setenv("KUNDENWERT_SAMPLE", "1")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"v": "2", "list": "sample"})
    at.run()
    assert list_of(at) is not None and "nicht mehr geladen" not in _messages(at)


def test_every_page_names_the_active_list_in_one_line(app_upload, app_page, carry_state):
    at = app_upload()
    at.run()
    assert "Keine Liste geladen" in [c.value for c in at.sidebar.caption]
    at.upload("messy.xlsx", messy_xlsx())
    n = len(list_of(at).customers)
    line = f"Liste: messy.xlsx · {n} Kunden"
    assert line in [c.value.replace("\\", "") for c in at.sidebar.caption]
    for path in (RANKING, "pages/4_After-Sales-Matrix.py", "pages/7_Szenarienvergleich.py"):
        other = carry_state(at, app_page(path))
        other.run()
        assert not other.exception, other.exception
        captions = [c.value.replace("\\", "") for c in other.sidebar.caption]
        assert line in captions, captions
