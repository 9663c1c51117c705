"""The scenario manager in the sidebar: ONE flow for the team library and this session's scenarios.

- Save: to the team library (a new version with author and note) when the database works, else to this
  session – then the manager says so once (`library.notice()`).
- One list: every scenario of the library (newest version; the archive on request) and every
  session-only scenario (came by link or file, or saved while the database was not usable), marked
  "only this session". For the chosen one: apply, download as JSON; library ones also have versions,
  "restore this version" and archive / bring back; session ones can be renamed, deleted and put into
  the library.
- Current settings as JSON, and a JSON upload (checked as a whole, `scenarios.handle_upload`).
"""

from __future__ import annotations

import streamlit as st

from kundenwert.i18n import Phrase
from kundenwert.store import ScenarioRecord, StoreError
from kundenwert.ui import library, scenarios, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.messages import said, shown
from kundenwert.ui.scenarios import K_PICK, NAME_MAX, clean_name, file_name, json_bytes, message
from kundenwert.ui.session import widget_key

K_NAME, K_AUTHOR_W, K_NOTE = widget_key("scn_name"), widget_key("lib_author"), widget_key("lib_note")
K_VERSION = widget_key("lib_version")            # the version shown of the chosen library scenario
K_ARCHIVED = widget_key("lib_show_archived")
AUTHOR_MISSING = "ui.scenario_flow.author_missing"


def _author() -> str:
    library.remember_author(st.session_state.get(K_AUTHOR_W, library.author()))
    return library.author()


# ----------------------------------------------------------------------------------------- save

def save_current(name: str, author: str, note: str = "") -> Phrase | StoreError | None:
    """Save the sidebar's settings: to the library (new version) if it works, else to this session.
    Returns the problem, or None on success (the message says where it went)."""
    name = clean_name(name)
    if not library.usable():
        problem = scenarios.save_current(name)
        if problem is None:
            st.session_state[K_PICK] = f"saved:{name}"
            message("success", said("ui.scenario_flow.saved_session", name=name))
        return problem
    if not name:
        return said("ui.scenarios.name_missing")
    if name.casefold() in scenarios.RESERVED:
        return said("ui.scenarios.name_reserved", name=name)
    if not author:
        return said(AUTHOR_MISSING)
    try:
        rec = library.library().save(name, state.current_scenario(), author, note)
    except StoreError as exc:
        return exc
    st.session_state[K_PICK] = f"lib:{rec.id}"
    st.session_state[K_VERSION] = rec.version
    st.session_state[K_ARCHIVED] = False
    message("success", said("ui.scenario_flow.saved_library", name=rec.name, version=str(rec.version)))
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
        message("success", said("ui.scenario_flow.applied_version", name=rec.name, version=str(rec.version)))
        return
    name = _chosen_session_name()
    if name is not None:
        scenarios.apply_saved(name)
        message("success", said("ui.scenario_flow.applied", name=name))


def _store_action(action, done: Phrase) -> None:
    try:
        action()
    except StoreError as exc:
        message("error", exc)
        return
    message("info", done)


def _on_restore_version() -> None:
    rec, who = _chosen_record(), _author()
    if rec is None:
        return
    if not who:
        message("error", said(AUTHOR_MISSING))
        return
    try:
        new = library.library().restore_version(rec.id, rec.version, who)
    except StoreError as exc:
        message("error", exc)
        return
    st.session_state[K_VERSION] = new.version
    message("success", said("ui.scenario_flow.restored", old=str(rec.version), name=rec.name,
                              new=str(new.version)))


def _on_archive(flag: bool) -> None:
    rec = _chosen_record()
    if rec is None:
        return
    store = library.library()
    if flag:
        _store_action(lambda: store.archive(rec.id), said("ui.scenario_flow.archived", name=rec.name))
    else:
        _store_action(lambda: store.restore(rec.id), said("ui.scenario_flow.unarchived", name=rec.name))


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
        message("success", said("ui.scenario_flow.renamed", old=old, new=clean_name(new)))


def _on_delete() -> None:
    name = _chosen_session_name()
    if name is not None:
        scenarios.delete(name)
        message("info", said("ui.scenario_flow.deleted", name=name))


def _on_to_library() -> None:
    """A session-only scenario into the team library (a new version under its name)."""
    name, who = _chosen_session_name(), _author()
    if name is None:
        return
    if not who:
        message("error", said(AUTHOR_MISSING))
        return
    try:
        rec = library.library().save(name, state.saved_scenarios()[name], who, "")
    except StoreError as exc:
        message("error", exc)
        return
    scenarios.delete(name)
    st.session_state[K_PICK] = f"lib:{rec.id}"
    st.session_state[K_VERSION] = rec.version
    message("success", said("ui.scenario_flow.saved_library", name=rec.name, version=str(rec.version)))
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
        out |= {f"saved:{name}": t("ui.scenario_flow.session_only", name=name) for name in state.saved_scenarios()}
    return out


def _render_message() -> None:
    msg = st.session_state.get(scenarios.K_MSG)
    if msg:
        kind, kept = msg
        {"error": st.error, "success": st.success}.get(kind, st.info)(escape_md(shown(kept, current_lang())))


def _render_save(usable: bool) -> None:
    st.text_input(t("ui.scenario_flow.save_as"), key=K_NAME, max_chars=NAME_MAX,
                  placeholder=t("ui.scenario_flow.save_as_example"),
                  help=t("ui.scenario_flow.save_as_help") if usable else None)
    if usable:
        if K_AUTHOR_W not in st.session_state:
            st.session_state[K_AUTHOR_W] = library.author()
        st.text_input(t("ui.scenario_flow.author"), key=K_AUTHOR_W, max_chars=100,
                      help=t("ui.scenario_flow.author_help"))
        st.text_input(t("ui.scenario_flow.note"), key=K_NOTE, max_chars=2000,
                      placeholder=t("ui.scenario_flow.note_example"))
    st.button(t("ui.scenario_flow.save_library") if usable else t("ui.scenario_flow.save"), key=widget_key("scn_save"),
              on_click=_on_save,
              icon=":material/cloud_upload:" if usable else ":material/bookmark_add:", width="stretch")


def _render_library_choice(pick: str, archived: bool) -> None:
    try:
        versions = list(reversed(library.library().versions(int(pick.removeprefix("lib:")))))
    except ValueError:            # not a library id (the app builds them: never for a user's choice)
        return
    except StoreError as exc:
        st.error(escape_md(exc.text(current_lang())))
        return
    numbers = [r.version for r in versions]
    if st.session_state.get(K_VERSION) not in numbers:
        st.session_state[K_VERSION] = numbers[0]
    by_version = {r.version: r for r in versions}
    labels = {v: library.version_label(r) for v, r in by_version.items()}
    chosen = st.selectbox(t("ui.scenario_flow.version"), numbers, key=K_VERSION, format_func=labels.get)
    _apply_and_download(by_version[chosen].scenario)
    if chosen != numbers[0]:
        st.button(t("ui.scenario_flow.restore"), key=widget_key("lib_restore_version"), on_click=_on_restore_version,
                  icon=":material/history:", width="stretch", help=t("ui.scenario_flow.restore_help"))
    if archived:
        st.button(t("ui.scenario_flow.unarchive"), key=widget_key("lib_unarchive"), on_click=_on_archive,
                  args=(False,), icon=":material/unarchive:", width="stretch")
    else:
        st.button(t("ui.scenario_flow.archive"), key=widget_key("lib_archive"), on_click=_on_archive, args=(True,),
                  icon=":material/archive:", width="stretch", help=t("ui.scenario_flow.archive_help"))


def _apply_and_download(scenario) -> None:
    st.button(t("ui.scenario_flow.apply"), key=widget_key("scn_apply"), on_click=_on_apply, icon=":material/check:",
              type="primary", help=t("ui.scenario_flow.apply_help"), width="stretch")
    st.download_button(t("ui.scenario_flow.download"), data=json_bytes(scenario), file_name=file_name(scenario),
                       mime="application/json", icon=":material/download:", on_click="ignore",
                       key=widget_key("scn_dl_saved"), width="stretch")


def _render_session_choice(name: str, usable: bool) -> None:
    _apply_and_download(state.saved_scenarios()[name])
    with st.form(widget_key("scn_rename_form"), border=False, enter_to_submit=True):
        st.text_input(t("ui.scenario_flow.rename_to"), key=widget_key("scn_new_name"), max_chars=NAME_MAX)
        st.form_submit_button(t("ui.scenario_flow.rename"), icon=":material/edit:", on_click=_on_rename,
                              key=widget_key("scn_rename"), width="stretch")
    st.button(t("ui.scenario_flow.delete"), key=widget_key("scn_delete"), on_click=_on_delete, icon=":material/delete:",
              width="stretch")
    if usable:
        st.button(t("ui.scenario_flow.to_library"), key=widget_key("scn_to_library"), on_click=_on_to_library,
                  icon=":material/cloud_upload:", width="stretch", help=t("ui.scenario_flow.to_library_help"))


def render() -> None:
    """Save, the one list, the chosen scenario's actions, JSON down-/upload – compact for the sidebar."""
    usable = library.usable()
    if not usable:
        st.caption(escape_md(library.notice() or ""))
    _render_message()
    _render_save(usable)
    archived = bool(usable and st.toggle(t("ui.scenario_flow.show_archive"), key=K_ARCHIVED))
    try:
        listed = entries(archived)
    except StoreError as exc:
        st.error(escape_md(exc.text(current_lang())))
        listed = {}
    if listed:
        st.divider()
        ids = list(listed)
        if st.session_state.get(K_PICK) not in ids:
            st.session_state[K_PICK] = ids[0]
            st.session_state.pop(K_VERSION, None)
        pick = st.selectbox(t("ui.scenario_flow.archived_list") if archived else t("ui.scenario_flow.list"), ids,
                            key=K_PICK,
                            format_func=listed.get, on_change=_on_pick)
        if pick.startswith("lib:"):
            _render_library_choice(pick, archived)
        else:
            _render_session_choice(pick.removeprefix("saved:"), usable)
    elif usable:
        st.caption(t("ui.scenario_flow.archive_empty") if archived else t("ui.scenario_flow.none_saved"))
    st.divider()
    current = state.current_scenario()
    st.download_button(t("ui.scenario_flow.download_current"), data=json_bytes(current), file_name=file_name(current),
                       mime="application/json", icon=":material/download:", on_click="ignore",
                       key=widget_key("scn_dl_current"), width="stretch", help=t("ui.scenario_flow.download_current_help"))
    key = _upload_key()
    st.file_uploader(t("ui.scenario_flow.upload"), type=["json"], key=key, on_change=_on_upload, args=(key,),
                     max_upload_size=1, help=t("ui.scenario_flow.upload_help"))


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
    st.pills(t("ui.scenario_flow.saved_list"), list(listed), key=widget_key("scn_quick"), on_change=_on_quick,
             format_func=lambda i: escape_md(names[i]))
    return True
