"""Test access to the session's typed state (kundenwert.ui.session): no test spells a session key."""

from __future__ import annotations

from dataclasses import replace

from kundenwert.ui.session import LIST, RESULTS, SAVED, SETTINGS, ListState, ViewSettings

CARRIED = (SETTINGS, LIST, RESULTS, SAVED)   # one user's list, settings and saved scenarios


def list_of(at):
    """The CustomerList the AppTest's session holds (None: none loaded)."""
    return at.session_state[LIST].list if LIST in at.session_state else None


def list_state_of(at) -> ListState:
    return at.session_state[LIST] if LIST in at.session_state else ListState()


def view_of(at) -> ViewSettings:
    return at.session_state[SETTINGS] if SETTINGS in at.session_state else ViewSettings()


def results_of(at) -> dict:
    return at.session_state[RESULTS]


def saved_of(at) -> dict:
    return at.session_state.get(SAVED, {})


def put_list(at, cl, version: int = 1) -> None:
    """Put a customer list into the session the way state.py keeps it."""
    at.session_state[LIST] = replace(list_state_of(at), list=cl, version=version)
    at.session_state[RESULTS] = {}


def put_settings(at, **changes) -> None:
    at.session_state[SETTINGS] = replace(view_of(at), **changes)


def carry(src, dst):
    """Copy one AppTest's loaded list, settings and saved scenarios into another (same user, another page)."""
    for key in CARRIED:
        if key in src.session_state:
            dst.session_state[key] = src.session_state[key]
    return dst


def ok(at):
    """The AppTest ran without an exception (the exceptions named if not); the AppTest, for chaining."""
    assert not at.exception, [e.value for e in at.exception]
    return at


def opened(page: str, lang: str | None = None, *, sample: bool = True, **params: str):
    """A page file of the app (e.g. "app.py", "pages/2_ABC-Analyse.py") opened in ``lang`` (None: no ``lang`` in
    the URL, the server's language) with the URL parameters ``params``, the sample list loaded through the page's
    own button (unless ``sample=False``)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP_TIMEOUT, ROOT

    at = AppTest.from_file(str(ROOT / page), default_timeout=APP_TIMEOUT)
    if lang is not None:
        at.query_params["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    return with_sample(at) if sample else ok(at.run())


def with_sample(at):
    """``at`` run, then the sample list loaded through the page's own button; no exception on the way."""
    ok(at.run())
    at.button(key="kw_sample_btn").click().run()
    return ok(at)
