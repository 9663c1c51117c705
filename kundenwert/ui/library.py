"""The team library in the scenario manager: save versions to the database, browse, restore, archive.

The library is `kundenwert.store` (SQLite file or PostgreSQL, see `KUNDENWERT_DB`). One SqlStore per
server process and database URL (`st.cache_resource`); if the database cannot be reached or written,
this session gets its own MemoryStore and the section says so in one line.
"""

from __future__ import annotations

import streamlit as st

from kundenwert.store import (
    MemoryStore,
    ScenarioRecord,
    SqlStore,
    StoreError,
    database_url,
    session_only_notice,
)
from kundenwert.ui import state
from kundenwert.ui.common import escape_md
from kundenwert.ui.session import widget_key

K_FALLBACK = widget_key("lib_fallback")          # (MemoryStore, notice) when the database is not usable for this session
K_CHECKED = widget_key("lib_checked")            # URL whose writability this session has checked
K_MSG = widget_key("lib_msg")                    # (kind, text) of the last library action
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
        ss[K_FALLBACK] = (MemoryStore(), session_only_notice(exc))
        return ss[K_FALLBACK][0]


def notice() -> str | None:
    fallback = st.session_state.get(K_FALLBACK)
    return fallback[1] if fallback else None


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


def _message(kind: str, text: str) -> None:
    st.session_state[K_MSG] = (kind, text)


def _label(rec: ScenarioRecord) -> str:
    return f"{rec.name} · Version {rec.version}"


def _version_label(rec: ScenarioRecord) -> str:
    note = f" – {rec.note}" if rec.note else ""
    return f"Version {rec.version}: {rec.author}, {rec.created_at.strftime('%d.%m.%Y %H:%M')} UTC{note}"


def choices() -> dict[str, str]:
    """Every version of every scenario in the library (not archived) for the comparison: id -> label."""
    out: dict[str, str] = {}
    try:
        store = library()
        for rec in store.list():
            for ver in reversed(store.versions(rec.id)):
                out[f"lib:{rec.id}:{ver.version}"] = f"{rec.name} · Version {ver.version} (Bibliothek)"
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


# ------------------------------------------------------------------------------------ callbacks

def _on_author() -> None:
    st.session_state[K_AUTHOR] = st.session_state.get(widget_key("lib_author"), "")


def _on_save() -> None:
    ss = st.session_state
    name = " ".join(str(ss.get(widget_key("lib_name")) or "").split()) or state.current_scenario().name
    who = author()
    if not who:
        _message("error", "Bitte zuerst Ihren Namen als Autor eintragen.")
        return
    try:
        rec = library().save(name, state.current_scenario(), who, ss.get(widget_key("lib_note")) or "")
    except StoreError as exc:
        _message("error", str(exc))
        return
    ss[widget_key("lib_note")] = ""
    ss[widget_key("lib_pick")] = rec.id
    ss[widget_key("lib_version")] = rec.version
    ss[widget_key("lib_show_archived")] = False
    _message("success", f"„{rec.name}“ als Version {rec.version} in der Bibliothek gespeichert.")


def _on_pick() -> None:
    st.session_state.pop(widget_key("lib_version"), None)      # another scenario: show its newest version


def _selected() -> ScenarioRecord | None:
    ss = st.session_state
    try:
        return library().get(ss[widget_key("lib_pick")], ss.get(widget_key("lib_version")))
    except (StoreError, KeyError):
        return None


def _on_apply() -> None:
    rec = _selected()
    if rec is None:
        return
    state.apply_scenario(rec.scenario)
    _message("success", f"„{rec.name}“ (Version {rec.version}) übernommen.")


def _on_restore_version() -> None:
    rec = _selected()
    who = author()
    if rec is None:
        return
    if not who:
        _message("error", "Bitte zuerst Ihren Namen als Autor eintragen.")
        return
    try:
        new = library().restore_version(rec.id, rec.version, who)
    except StoreError as exc:
        _message("error", str(exc))
        return
    st.session_state[widget_key("lib_version")] = new.version
    _message("success", f"Version {rec.version} von „{rec.name}“ als Version {new.version} gespeichert.")


def _on_archive(flag: bool) -> None:
    rec = _selected()
    if rec is None:
        return
    try:
        (library().archive if flag else library().restore)(rec.id)
    except StoreError as exc:
        _message("error", str(exc))
        return
    _message("info", f"„{rec.name}“ archiviert (im Archiv wiederherstellbar)." if flag else
             f"„{rec.name}“ ist wieder in der Bibliothek.")


# ------------------------------------------------------------------------------------ render

def render() -> None:
    """The library section of the scenario manager (inside the manager's expander)."""
    ss = st.session_state
    store = library()
    st.markdown("**Team-Bibliothek**")
    if notice():
        st.caption(escape_md(notice()))
    msg = ss.get(K_MSG)
    if msg:
        kind, text = msg
        {"error": st.error, "success": st.success}.get(kind, st.info)(escape_md(text))
    if widget_key("lib_author") not in ss:
        ss[widget_key("lib_author")] = author()
    st.text_input("Ihr Name (Autor)", key=widget_key("lib_author"), on_change=_on_author, max_chars=100,
                  help="Einmal je Sitzung; steht bei jeder Version, die Sie speichern.")
    st.text_input("Name in der Bibliothek", key=widget_key("lib_name"), max_chars=200,
                  placeholder=state.current_scenario().name,
                  help="Leer: der Name der aktuellen Einstellungen. Ein vorhandener Name bekommt eine neue Version.")
    st.text_input("Notiz (optional)", key=widget_key("lib_note"), max_chars=2000, placeholder="Warum diese Gewichtung?")
    st.button("In Bibliothek speichern", key=widget_key("lib_save"), on_click=_on_save, icon=":material/cloud_upload:",
              width="stretch")
    show_archived = st.toggle("Archiv zeigen", key=widget_key("lib_show_archived"))
    try:
        records = store.list(include_archived=show_archived)
    except StoreError as exc:
        st.error(escape_md(str(exc)))
        return
    records = [r for r in records if r.archived] if show_archived else records
    if not records:
        st.caption("Das Archiv ist leer." if show_archived else "Noch nichts in der Bibliothek.")
        return
    by_id = {r.id: r for r in records}
    if ss.get(widget_key("lib_pick")) not in by_id:
        ss[widget_key("lib_pick")] = records[0].id
    pick = st.selectbox("Archivierte Szenarien" if show_archived else "Szenarien der Bibliothek", list(by_id),
                        key=widget_key("lib_pick"), format_func=lambda i: _label(by_id[i]), on_change=_on_pick)
    try:
        versions = list(reversed(store.versions(pick)))
    except StoreError as exc:
        st.error(escape_md(str(exc)))
        return
    numbers = [r.version for r in versions]
    if ss.get(widget_key("lib_version")) not in numbers:
        ss[widget_key("lib_version")] = numbers[0]
    labels = {r.version: _version_label(r) for r in versions}
    chosen = st.selectbox("Version", numbers, key=widget_key("lib_version"), format_func=labels.get)
    st.button("Version übernehmen", key=widget_key("lib_apply"), on_click=_on_apply, icon=":material/check:", width="stretch")
    if chosen != numbers[0]:
        st.button("Diese Version wiederherstellen", key=widget_key("lib_restore_version"), on_click=_on_restore_version,
                  icon=":material/history:", width="stretch",
                  help="Speichert sie erneut als neueste Version; nichts wird überschrieben.")
    if show_archived:
        st.button("Aus dem Archiv zurückholen", key=widget_key("lib_unarchive"), on_click=_on_archive, args=(False,),
                  icon=":material/unarchive:", width="stretch")
    else:
        st.button("Archivieren", key=widget_key("lib_archive"), on_click=_on_archive, args=(True,),
                  icon=":material/archive:", width="stretch", help="Nichts wird gelöscht; das Archiv zeigt es.")
