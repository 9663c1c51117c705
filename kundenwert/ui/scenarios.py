"""Named scenarios in the session: save the current settings, rename, delete, apply, JSON down-/upload.

A scenario is a name plus everything that changes the result (weights, directions, class method and
thresholds, € per point, CLV rates; `kundenwert.scenario.Scenario`). The four presets are always there;
the user's own scenarios live in the team library (`kundenwert.ui.library`) or, when the database is
not usable or for scenarios that came by link or file, in this session (`state.saved_scenarios()`).
The manager that shows them as one list is `kundenwert.ui.scenario_flow`.

Uploads go through `handle_upload(data, filename)`: a file is parsed and checked completely
(`Scenario.from_json`, size, own criteria the loaded list does not have, all weights zero) before
anything changes – a refused file leaves settings and saved scenarios exactly as they were.
"""

from __future__ import annotations

import re
from dataclasses import replace

import streamlit as st

from kundenwert import report
from kundenwert.criteria import CRITERION_KEYS, CUSTOM_PREFIX, label
from kundenwert.errors import ScenarioError
from kundenwert.i18n import LANGS, Phrase, text
from kundenwert.scenario import DEFAULT_WEIGHT, PRESETS, Scenario, labelled
from kundenwert.ui import state
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.messages import Message, said
from kundenwert.ui.session import widget_key

CURRENT = "current"                       # choice id of "the settings in the sidebar"
NAME_MAX = 60
K_MSG = widget_key("scn_msg")                      # (kind, message) of the last scenario action, shown in the manager
K_UPLOAD_ROUND = widget_key("scn_upload_round")    # bumped after an upload so the uploader empties
K_PICK = widget_key("scn_pick")                    # the scenario chosen in the manager (a choice id)
# names a saved scenario cannot take, in every language: the presets, "current settings", the sidebar's own
RESERVED = ({text(f"preset.{k}", lang).casefold() for k in PRESETS for lang in LANGS}
            | {text(key, lang).casefold() for key in ("ui.scenarios.current", "link.default_name")
               for lang in LANGS} | {state.CUSTOM_SCENARIO_NAME.casefold()})


def display_name(scenario: Scenario) -> str:
    """A scenario's name as shown: presets and the sidebar's own settings in the UI language, any other
    name as it was saved (stored names never change with the language)."""
    return report.scenario_name(scenario, current_lang())


def quoted(name: str) -> str:
    """„name“ / “name”."""
    return t("ui.scenarios.quoted", name=name)


# ------------------------------------------------------------------------------------- choices

def preset_scenario(key: str) -> Scenario:
    """A preset as the sidebar applies it: its weights and directions, the current class method,
    thresholds and € per point (own criteria of the list at weight 5, their direction as set)."""
    current = state.current_scenario()
    preset = PRESETS[key]
    weights = {k: preset.weight(k) for k in CRITERION_KEYS}
    cl = state.current_list()
    own = [k for k in (cl.criteria if cl is not None else []) if k.startswith(CUSTOM_PREFIX)]
    weights |= dict.fromkeys(own, DEFAULT_WEIGHT)
    reversed_ = set(preset.reversed) | {k for k in current.reversed if k.startswith(CUSTOM_PREFIX)}
    return replace(current, name=preset.name, weights=weights, reversed=frozenset(reversed_))


def choices(library: bool = True) -> dict[str, str]:
    """Every scenario the user can pick: id -> label (current settings, presets, saved ones, every version
    in the team library as `lib:ID:VERSION` – those only with `library`: listing them asks the database)."""
    current = state.current_scenario()
    out = {CURRENT: t("ui.scenarios.current_choice", name=display_name(current))}
    out |= {f"preset:{k}": t("ui.scenarios.preset_choice", name=t(f"preset.{k}")) for k in PRESETS}
    out |= {f"saved:{name}": name for name in state.saved_scenarios()}
    if library:
        from kundenwert.ui import library as team_library

        out |= team_library.choices()
    return out


def scenario_for(choice: str) -> Scenario:
    """The scenario behind a choice id; KeyError if it no longer exists (e.g. deleted)."""
    if choice == CURRENT:
        return state.current_scenario()
    kind, _, name = choice.partition(":")
    if kind == "preset":
        return preset_scenario(name)
    if kind == "saved":
        return state.saved_scenarios()[name]
    if kind == "lib":
        from kundenwert.ui import library

        return library.scenario_for(name)
    raise KeyError(choice)


# ---------------------------------------------------------------------------------- operations

def message(kind: str, msg: Message) -> None:
    """Keep the outcome of a scenario action for the manager to show (kundenwert.ui.scenario_flow): a
    ``Phrase`` or an engine error, worded by ``messages.shown`` in the language of the page that shows it."""
    st.session_state[K_MSG] = (kind, msg)


def name_problem(name: str, *, ignore: str | None = None) -> Phrase | None:
    """Why a name cannot be used for a saved scenario, or None if it can."""
    if not name:
        return said("ui.scenarios.name_missing")
    if len(name) > NAME_MAX:
        return said("ui.scenarios.name_too_long", limit=NAME_MAX)
    if name.casefold() in RESERVED:
        return said("ui.scenarios.name_reserved", name=name)
    for other in state.saved_scenarios():
        if other.casefold() == name.casefold() and other != ignore:
            return said("ui.scenarios.name_taken", name=other)
    return None


def clean_name(name: object) -> str:
    return " ".join(str(name or "").split())


def save_current(name: str) -> Phrase | None:
    """Save the sidebar's settings under `name`. Returns the problem, or None on success."""
    name = clean_name(name)
    problem = name_problem(name)
    if problem:
        return problem
    state.saved_scenarios()[name] = replace(state.current_scenario(), name=name)
    return None


def rename(old: str, new: str) -> Phrase | None:
    new = clean_name(new)
    saved = state.saved_scenarios()
    if old not in saved:
        return said("ui.scenarios.gone", name=old)
    if new == old:
        return None
    problem = name_problem(new, ignore=old)
    if problem:
        return problem
    st.session_state[state.K_SAVED] = {(new if k == old else k): (replace(v, name=new) if k == old else v)
                                      for k, v in saved.items()}
    return None


def delete(name: str) -> None:
    state.saved_scenarios().pop(name, None)


def apply_saved(name: str) -> None:
    state.apply_scenario(state.saved_scenarios()[name])


def unique_name(name: str) -> str:
    """`name`, or `name (2)`, `name (3)` … if it is taken or reserved."""
    base = clean_name(name)[:NAME_MAX - 5] or text("scenario.default_name")   # a stored name: German, as presets
    candidate, i = base, 2
    while name_problem(candidate) is not None:
        candidate, i = f"{base} ({i})", i + 1
    return candidate


def file_name(scenario: Scenario) -> str:
    """szenario_Risiko.json / scenario_Risk.json: the shown name in the file name."""
    slug = re.sub(r"[^\w-]+", "_", display_name(scenario)).strip("_")
    return t("ui.scenarios.file_name", name=slug[:40] or t("ui.scenarios.file_fallback"))


def json_bytes(scenario: Scenario) -> bytes:
    return scenario.to_json().encode("utf-8")


# -------------------------------------------------------------------------------------- upload

def parse_upload(data: bytes, filename: str = "szenario.json", criteria: list[str] | None = None) -> Scenario:
    """A validated scenario from an uploaded file, or ScenarioError naming the file and the problem (any
    language: ``.text(lang)``; the engine's ``Scenario.from_json`` checks size, encoding, nesting, JSON).

    `criteria`: the active criteria of the loaded list; own criteria of the scenario that the list does
    not have are refused (None: no list loaded, nothing to check against).
    """
    label_ = Phrase("scenario.label", {"name": filename})
    try:
        scenario = Scenario.from_json(bytes(data))
    except ScenarioError as exc:
        raise labelled(exc, label_) from None
    own = sorted({k for k in (*scenario.weights, *scenario.reversed) if k.startswith(CUSTOM_PREFIX)})
    if criteria is not None:
        unknown = [k for k in own if k not in criteria]
        if unknown:
            names = Phrase.join([Phrase("ui.scenarios.quoted", {"name": label(k)}) for k in unknown], ", ")
            raise ScenarioError.keyed("ui.scenarios.unknown_own", label=label_, name=scenario.name, names=names)
    keys = criteria if criteria is not None else [*CRITERION_KEYS, *own]
    if sum(scenario.weight(k) for k in keys) <= 0:
        raise ScenarioError.keyed("ui.scenarios.all_zero", label=label_, name=scenario.name)
    return scenario


def handle_upload(data: bytes, filename: str = "szenario.json") -> Scenario | None:
    """Load an uploaded scenario file: on success it is saved (a free name) and applied to the sidebar.

    On a problem nothing changes and the message is kept for the manager to show.
    """
    cl = state.current_list()
    try:
        scenario = parse_upload(bytes(data), filename or "szenario.json", list(cl.criteria) if cl is not None else None)
    except ScenarioError as exc:
        message("error", exc)
        return None
    wanted = clean_name(scenario.name)
    name = unique_name(wanted)
    scenario = replace(scenario, name=name)
    state.saved_scenarios()[name] = scenario
    state.apply_scenario(scenario)
    st.session_state[K_PICK] = f"saved:{name}"
    renamed = "" if name == wanted else said("ui.scenarios.loaded_renamed", name=name, wanted=wanted)
    message("success", said("ui.scenarios.loaded", name=name, renamed=renamed))
    return scenario
