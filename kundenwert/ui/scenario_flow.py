"""The scenario manager in the sidebar: ONE flow for the team library and this session's scenarios.

- Save: to the team library (a new version with author and note) when the database works, else to this
  session – then the manager says so once (`library.notice()`).
- One list: every scenario of the library (newest version; the archive on request) and every
  session-only scenario (came by link or file, or saved while the database was not usable), marked
  "nur diese Sitzung". For the chosen one: apply, download as JSON; library ones also have versions,
  "restore this version" and archive / bring back; session ones can be renamed, deleted and put into
  the library.
- Current settings as JSON, and a JSON upload (checked as a whole, `scenarios.handle_upload`).
"""

from __future__ import annotations

import streamlit as st

from kundenwert.store import ScenarioRecord, StoreError
from kundenwert.ui import library, scenarios, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.scenarios import K_PICK, NAME_MAX, clean_name, file_name, json_bytes, message
from kundenwert.ui.session import widget_key

K_NAME, K_AUTHOR_W, K_NOTE = widget_key("scn_name"), widget_key("lib_author"), widget_key("lib_note")
K_VERSION = widget_key("lib_version")            # the version shown of the chosen library scenario
K_ARCHIVED = widget_key("lib_show_archived")
SESSION_MARK = "nur diese Sitzung"
AUTHOR_MISSING = "Bitte zuerst Ihren Namen als Autor eintragen."


def _author() -> str:
    library.remember_author(st.session_state.get(K_AUTHOR_W, library.author()))
    return library.author()


# ----------------------------------------------------------------------------------------- save

def save_current(name: str, author: str, note: str = "") -> str | None:
    """Save the sidebar's settings: to the library (new version) if it works, else to this session.
    Returns the German problem, or None on success (the message says where it went)."""
    name = clean_name(name)
    if not library.usable():
        problem = scenarios.save_current(name)
        if problem is None:
            st.session_state[K_PICK] = f"saved:{name}"
            message("success", f"Aktuelle Einstellungen als „{name}“ gespeichert (nur in dieser Sitzung).")
        return problem
    if not name:
        return "Bitte einen Namen eingeben."
    if name.casefold() in scenarios.RESERVED:
        return f"„{name}“ ist für eine Voreinstellung reserviert – bitte einen anderen Namen wählen."
    if not author:
        return AUTHOR_MISSING
    try:
        rec = library.library().save(name, state.current_scenario(), author, note)
    except StoreError as exc:
        return str(exc)
    st.session_state[K_PICK] = f"lib:{rec.id}"
    st.session_state[K_VERSION] = rec.version
    st.session_state[K_ARCHIVED] = False
    message("success", f"„{rec.name}“ als Version {rec.version} in der Bibliothek gespeichert.")
    state.remember_library(rec.name, rec.scenario)
    return None


def _on_save() -> None:
    ss = st.session_state
    problem = save_current(ss.get(K_NAME, ""), _author(), ss.get(K_NOTE) or "")
    if problem:
        message("error", problem)
        return
    ss[K_NAME] = ""
    ss[K_NOTE] = ""


# ------------------------------------------------------------------------------- the chosen one

def _chosen_record() -> ScenarioRecord | None:
    pick = str(st.session_state.get(K_PICK) or "")
    if not pick.startswith("lib:"):
        return None
    try:
        return library.library().get(int(pick[4:]), st.session_state.get(K_VERSION))
    except (StoreError, KeyError, ValueError):
        return None


def _chosen_session_name() -> str | None:
    pick = str(st.session_state.get(K_PICK) or "")
    name = pick.removeprefix("saved:")
    return name if pick.startswith("saved:") and name in state.saved_scenarios() else None


def _on_pick() -> None:
    st.session_state.pop(K_VERSION, None)          # another scenario: show its newest version


def _on_apply() -> None:
    rec = _chosen_record()
    if rec is not None:
        state.apply_scenario(rec.scenario)
        state.remember_library(rec.name, rec.scenario)
        message("success", f"„{rec.name}“ (Version {rec.version}) übernommen.")
        return
    name = _chosen_session_name()
    if name is not None:
        scenarios.apply_saved(name)
        message("success", f"Szenario „{name}“ übernommen.")


def _store_action(action, done: str) -> None:
    try:
        action()
    except StoreError as exc:
        message("error", str(exc))
        return
    message("info", done)


def _on_restore_version() -> None:
    rec, who = _chosen_record(), _author()
    if rec is None:
        return
    if not who:
        message("error", AUTHOR_MISSING)
        return
    try:
        new = library.library().restore_version(rec.id, rec.version, who)
    except StoreError as exc:
        message("error", str(exc))
        return
    st.session_state[K_VERSION] = new.version
    message("success", f"Version {rec.version} von „{rec.name}“ als Version {new.version} gespeichert.")


def _on_archive(flag: bool) -> None:
    rec = _chosen_record()
    if rec is None:
        return
    store = library.library()
    if flag:
        _store_action(lambda: store.archive(rec.id), f"„{rec.name}“ archiviert (im Archiv wiederherstellbar).")
    else:
        _store_action(lambda: store.restore(rec.id), f"„{rec.name}“ ist wieder in der Bibliothek.")


def _on_rename() -> None:
    old, new = _chosen_session_name(), st.session_state.get(widget_key("scn_new_name"), "")
    if old is None:
        return
    problem = scenarios.rename(old, new)
    if problem:
        message("error", problem)
    elif clean_name(new) != old:
        st.session_state[K_PICK] = f"saved:{clean_name(new)}"
        st.session_state[widget_key("scn_new_name")] = ""
        message("success", f"„{old}“ heißt jetzt „{clean_name(new)}“.")


def _on_delete() -> None:
    name = _chosen_session_name()
    if name is not None:
        scenarios.delete(name)
        message("info", f"Szenario „{name}“ gelöscht.")


def _on_to_library() -> None:
    """A session-only scenario into the team library (a new version under its name)."""
    name, who = _chosen_session_name(), _author()
    if name is None:
        return
    if not who:
        message("error", AUTHOR_MISSING)
        return
    try:
        rec = library.library().save(name, state.saved_scenarios()[name], who, "")
    except StoreError as exc:
        message("error", str(exc))
        return
    scenarios.delete(name)
    st.session_state[K_PICK] = f"lib:{rec.id}"
    st.session_state[K_VERSION] = rec.version
    message("success", f"„{rec.name}“ als Version {rec.version} in der Bibliothek gespeichert.")
    state.remember_library(rec.name, rec.scenario)


def _upload_key() -> str:
    return widget_key("scn_upload", st.session_state.get(scenarios.K_UPLOAD_ROUND, 0))


def _on_upload(key: str) -> None:
    uploaded = st.session_state.get(key)
    if uploaded is None:
        return
    scenarios.handle_upload(uploaded.getvalue(), uploaded.name)
    st.session_state[scenarios.K_UPLOAD_ROUND] = st.session_state.get(scenarios.K_UPLOAD_ROUND, 0) + 1


# --------------------------------------------------------------------------------------- render

def entries(archived: bool = False) -> dict[str, str]:
    """The one list: choice id -> label (library scenarios first, then the session-only ones)."""
    found = library.records(archived)
    # labels stay the same when a version is added: the browser sends the chosen label back on the next run
    out = {f"lib:{r.id}": r.name for r in found}
    if not archived:
        out |= {f"saved:{name}": f"{name} · {SESSION_MARK}" for name in state.saved_scenarios()}
    return out


def _render_message() -> None:
    msg = st.session_state.get(scenarios.K_MSG)
    if msg:
        kind, text = msg
        {"error": st.error, "success": st.success}.get(kind, st.info)(escape_md(text))


def _render_save(usable: bool) -> None:
    st.text_input("Aktuelle Einstellungen speichern als …", key=K_NAME, max_chars=NAME_MAX,
                  placeholder="z. B. Vorschlag Vertrieb",
                  help="In der Team-Bibliothek bekommt ein vorhandener Name eine neue Version." if usable else None)
    if usable:
        if K_AUTHOR_W not in st.session_state:
            st.session_state[K_AUTHOR_W] = library.author()
        st.text_input("Ihr Name (Autor)", key=K_AUTHOR_W, max_chars=100,
                      help="Einmal je Sitzung; steht bei jeder Version, die Sie speichern.")
        st.text_input("Notiz (optional)", key=K_NOTE, max_chars=2000, placeholder="Warum diese Gewichtung?")
    st.button("In Bibliothek speichern" if usable else "Speichern", key=widget_key("scn_save"), on_click=_on_save,
              icon=":material/cloud_upload:" if usable else ":material/bookmark_add:", width="stretch")


def _render_library_choice(pick: str, archived: bool) -> None:
    try:
        versions = list(reversed(library.library().versions(int(pick.removeprefix("lib:")))))
    except (StoreError, ValueError) as exc:
        st.error(escape_md(str(exc)))
        return
    numbers = [r.version for r in versions]
    if st.session_state.get(K_VERSION) not in numbers:
        st.session_state[K_VERSION] = numbers[0]
    by_version = {r.version: r for r in versions}
    chosen = st.selectbox("Version", numbers, key=K_VERSION, format_func=lambda v: library.version_label(by_version[v]))
    _apply_and_download(by_version[chosen].scenario)
    if chosen != numbers[0]:
        st.button("Diese Version wiederherstellen", key=widget_key("lib_restore_version"), on_click=_on_restore_version,
                  icon=":material/history:", width="stretch",
                  help="Speichert sie erneut als neueste Version; nichts wird überschrieben.")
    if archived:
        st.button("Aus dem Archiv zurückholen", key=widget_key("lib_unarchive"), on_click=_on_archive, args=(False,),
                  icon=":material/unarchive:", width="stretch")
    else:
        st.button("Archivieren", key=widget_key("lib_archive"), on_click=_on_archive, args=(True,),
                  icon=":material/archive:", width="stretch", help="Nichts wird gelöscht; das Archiv zeigt es.")


def _apply_and_download(scenario) -> None:
    st.button("Übernehmen", key=widget_key("scn_apply"), on_click=_on_apply, icon=":material/check:", type="primary",
              help="Setzt alle Regler, Richtungen, die Klassenmethode und € je Punkt auf dieses Szenario.",
              width="stretch")
    st.download_button("Als JSON herunterladen", data=json_bytes(scenario), file_name=file_name(scenario),
                       mime="application/json", icon=":material/download:", on_click="ignore",
                       key=widget_key("scn_dl_saved"), width="stretch")


def _render_session_choice(name: str, usable: bool) -> None:
    _apply_and_download(state.saved_scenarios()[name])
    with st.form(widget_key("scn_rename_form"), border=False, enter_to_submit=True):
        st.text_input("Umbenennen in …", key=widget_key("scn_new_name"), max_chars=NAME_MAX)
        st.form_submit_button("Umbenennen", icon=":material/edit:", on_click=_on_rename,
                              key=widget_key("scn_rename"), width="stretch")
    st.button("Löschen", key=widget_key("scn_delete"), on_click=_on_delete, icon=":material/delete:", width="stretch")
    if usable:
        st.button("In die Bibliothek übernehmen", key=widget_key("scn_to_library"), on_click=_on_to_library,
                  icon=":material/cloud_upload:", width="stretch",
                  help="Speichert es als Version in der Team-Bibliothek (mit Ihnen als Autor).")


def render() -> None:
    """Save, the one list, the chosen scenario's actions, JSON down-/upload – compact for the sidebar."""
    usable = library.usable()
    if not usable:
        st.caption(escape_md(library.notice() or ""))
    _render_message()
    _render_save(usable)
    archived = bool(usable and st.toggle("Archiv zeigen", key=K_ARCHIVED))
    try:
        listed = entries(archived)
    except StoreError as exc:
        st.error(escape_md(str(exc)))
        listed = {}
    if listed:
        st.divider()
        ids = list(listed)
        if st.session_state.get(K_PICK) not in ids:
            st.session_state[K_PICK] = ids[0]
            st.session_state.pop(K_VERSION, None)
        pick = st.selectbox("Archivierte Szenarien" if archived else "Szenarien", ids, key=K_PICK,
                            format_func=listed.get, on_change=_on_pick)
        if pick.startswith("lib:"):
            _render_library_choice(pick, archived)
        else:
            _render_session_choice(pick.removeprefix("saved:"), usable)
    elif usable:
        st.caption("Das Archiv ist leer." if archived else "Noch keine Szenarien gespeichert.")
    st.divider()
    current = state.current_scenario()
    st.download_button("Aktuelle Einstellungen als JSON", data=json_bytes(current), file_name=file_name(current),
                       mime="application/json", icon=":material/download:", on_click="ignore",
                       key=widget_key("scn_dl_current"), width="stretch",
                       help="Eine kleine Datei, die Kolleginnen und Kollegen hier wieder hochladen können.")
    key = _upload_key()
    st.file_uploader("Szenario-Datei (JSON) laden", type=["json"], key=key, on_change=_on_upload, args=(key,),
                     max_upload_size=1,
                     help="Wird geprüft und nur als Ganzes übernommen; danach steht es in der Liste "
                          "(nur in dieser Sitzung).")


# ------------------------------------------------------------------------------ presentation mode

def _on_quick() -> None:
    pick = st.session_state.get(widget_key("scn_quick"))
    if pick:
        st.session_state[K_PICK] = pick
        st.session_state.pop(K_VERSION, None)       # the newest version
        _on_apply()
        st.session_state[scenarios.K_MSG] = None


def render_quick_picker() -> bool:
    """Presentation mode: a one-click choice in the one list (no files, no editing). False if it is empty."""
    try:
        listed = entries()
    except StoreError:
        listed = {}
    if not listed:
        return False
    names = {i: (i.removeprefix("saved:") if i.startswith("saved:") else label) for i, label in listed.items()}
    current = state.current_scenario().name
    active = [i for i, name in names.items() if name == current]
    st.session_state[widget_key("scn_quick")] = active[0] if active else None
    st.pills("Gespeicherte Szenarien", list(listed), key=widget_key("scn_quick"), on_change=_on_quick,
             format_func=lambda i: escape_md(names[i]))
    return True
