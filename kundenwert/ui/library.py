"""The team library: this session's access to the shared scenario database.

The library is `kundenwert.store` (SQLite file or PostgreSQL, see `KUNDENWERT_DB`). One SqlStore per
server process and database URL (`st.cache_resource`); if the database cannot be reached or written,
this session works with session-only scenarios and the scenario manager (`kundenwert.ui.scenario_flow`)
says so in one line.
"""

from __future__ import annotations

import streamlit as st

from kundenwert.i18n import date_text
from kundenwert.store import (
    MemoryStore,
    ScenarioRecord,
    SqlStore,
    StoreError,
    database_url,
    session_only_notice,
)
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key

K_FALLBACK = widget_key("lib_fallback")          # (MemoryStore, StoreError) when the database is not usable for this session
K_CHECKED = widget_key("lib_checked")            # URL whose writability this session has checked
K_AUTHOR = widget_key("lib_author_value")        # the author typed once per session (kept across pages)


@st.cache_resource(show_spinner=False, max_entries=20)
def _sql_store(url: str) -> SqlStore:
    return SqlStore(url)                 # a StoreError is not cached: the next session tries again


def library():
    """This session's library: the shared database, or session-only scenarios with a notice."""
    ss = st.session_state
    if K_FALLBACK in ss:
        return ss[K_FALLBACK][0]
    url = database_url()
    try:
        store = _sql_store(url)
        if ss.get(K_CHECKED) != url:
            store.check_writable()
            ss[K_CHECKED] = url
        return store
    except StoreError as exc:
        ss[K_FALLBACK] = (MemoryStore(), exc)
        return ss[K_FALLBACK][0]


def notice() -> str | None:
    """Why this session keeps its scenarios to itself, in the UI language (None: the library works)."""
    fallback = st.session_state.get(K_FALLBACK)
    return session_only_notice(fallback[1], current_lang()) if fallback else None


def _login_name() -> str:
    """The login identity where the server has Streamlit authentication configured, else ""."""
    try:
        user = st.user
        if user.get("is_logged_in"):
            return str(user.get("name") or user.get("email") or "")
    except Exception:  # noqa: BLE001 – no authentication configured
        pass
    return ""


def author() -> str:
    return " ".join(str(st.session_state.get(K_AUTHOR) or _login_name()).split())


def when(rec: ScenarioRecord) -> str:
    """When a version was saved: "29.11.2026 14:05 UTC" / "Nov 29, 2026 14:05 UTC" (as the CLI writes it)."""
    lang = current_lang()
    return t("scenarios.when", date=date_text(rec.created_at, lang), time=rec.created_at.strftime("%H:%M"))


def version_label(rec: ScenarioRecord) -> str:
    note = f" – {rec.note}" if rec.note else ""
    return t("ui.library.version", version=str(rec.version), author=rec.author, when=when(rec)) + note


def choices() -> dict[str, str]:
    """Every version of every scenario in the library (not archived) for the comparison: id -> label."""
    out: dict[str, str] = {}
    if not usable():
        return out
    try:
        store = library()
        for rec in store.list():
            for ver in reversed(store.versions(rec.id)):
                out[f"lib:{rec.id}:{ver.version}"] = t("ui.library.choice", name=rec.name, version=str(ver.version))
    except StoreError:
        return out
    return out


def scenario_for(choice: str):
    """The scenario of a `lib:ID:VERSION` choice (the part after "lib:"); KeyError if it is not there."""
    sid, _, version = choice.partition(":")
    try:
        return library().get(int(sid), int(version)).scenario
    except (StoreError, ValueError):
        raise KeyError(choice) from None


def usable() -> bool:
    """True if this session saves to the shared database (else: session-only scenarios, `notice()`)."""
    library()
    return K_FALLBACK not in st.session_state


def records(archived: bool = False) -> list[ScenarioRecord]:
    """The newest version of each scenario (`archived`: only the archived ones); empty when session-only."""
    if not usable():
        return []
    found = library().list(include_archived=archived)
    return [r for r in found if r.archived] if archived else found


def remember_author(name: str) -> None:
    st.session_state[K_AUTHOR] = " ".join(str(name or "").split())
