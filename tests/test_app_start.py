"""`make run` starts the app on the sample data (KUNDENWERT_SAMPLE=1); without it the app starts empty."""

from __future__ import annotations

from tests.session_kit import list_of, put_list


def test_make_run_starts_on_the_sample_data(app_start, monkeypatch):
    monkeypatch.setenv("KUNDENWERT_SAMPLE", "1")
    at = app_start().run()
    assert not at.exception
    cl = list_of(at)
    assert len(cl.customers) == 250
    assert any(m.label for m in at.metric)  # the data check is shown at once


def test_sample_is_loaded_once_per_session(app_start, monkeypatch):
    monkeypatch.setenv("KUNDENWERT_SAMPLE", "1")
    at = app_start().run()
    put_list(at, None)  # the user cleared the list: it is not forced back
    at.run()
    assert list_of(at) is None


def test_without_the_variable_the_app_starts_empty(app_start, monkeypatch):
    monkeypatch.delenv("KUNDENWERT_SAMPLE", raising=False)
    at = app_start().run()
    assert not at.exception
    assert list_of(at) is None
