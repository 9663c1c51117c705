"""Session state of the app: the loaded customer list, the user's settings, the memoised result.

Everything lives in `st.session_state` (one user's session only). Files are parsed in the limited
worker process (`kundenwert.ingest.worker`), and the parsed tables are cached for all sessions in a
cache bounded by bytes (`PARSE_CACHE_BYTES`), keyed by a hash of the file *content* (plus its type
and the sheet), never by the file name; the built list is kept in the session, so a rerun (a slider
move) never parses again and only re-scores, and the score is memoised per (list version, scenario).

Settings (weights, directions, class method, thresholds, € per point, CLV rates, presentation mode)
are one `session.ViewSettings` under one session key, the loaded list one `session.ListState`
(`kundenwert.ui.session` owns every session key). The sidebar widgets are seeded from the settings on
every run and write back through their `on_change` callbacks, so the values survive page switches
(Streamlit drops the state of widgets that a page does not render).

Contract used by every page:

- `current_list()`, `current_scenario()`, `current_result()`, `scenario_error()`
- `load_bytes(data, filename, sheet=None)`, `load_sample()`, `set_mapping(mapping)`, `select_sheet(name)`
- `presentation_mode()`, `apply_scenario(scenario)`, `set_class_method(method, thresholds=None)`
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import struct
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import streamlit as st

from kundenwert.bytecache import ByteLRU
from kundenwert.criteria import CRITERION_KEYS, CUSTOM_PREFIX
from kundenwert.dataset import CustomerList, build, recognise_columns
from kundenwert.errors import KundenwertError, ScenarioError
from kundenwert.ingest.reader import RawTable
from kundenwert.ingest.worker import parse_in_worker, unpickle_table
from kundenwert.links import DEFAULT_NAME
from kundenwert.memory import keep_large_blocks_mapped, keep_only_unused_rows, release_free_memory
from kundenwert.scenario import (
    CLASS_METHODS,
    DEFAULT_REVERSED,
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHT,
    PRESETS,
    Scenario,
)
from kundenwert.scoring import ScoreResult, score
from kundenwert.ui import inspection, session
from kundenwert.ui.inspection import Inspection
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.messages import kept, load_message, said, shown

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PATH = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"
TEMPLATE_FILES = {"de": "vorlage_kundenliste.xlsx", "en": "customer_list_template.xlsx"}   # shipped, per language
TEMPLATE_PATH = ROOT / "sample_data" / TEMPLATE_FILES["de"]
SAMPLE_NAME = "kundenliste_beispiel.xlsx"
SAMPLE_LABEL = "ui.state.sample"           # the sample list's name on the pages (a catalogue key)
CUSTOM_SCENARIO_NAME = DEFAULT_NAME     # a scenario name is data: German, as the presets' (kundenwert.links)

# session keys (kundenwert.ui.session is their one home)
K_RESULTS = session.RESULTS      # memo {(version, scenario key): ScoreResult}
K_SCENARIO_ERROR = session.key("scenario_error")
K_SAVED = session.SAVED          # {name: Scenario} the user saved in this session (insertion order)
K_LIBRARY_NAMED = session.key("library_named")   # {name: Scenario}: library versions this session saved/applied

_MEMO_SIZE = 8


@dataclass
class Source:
    """A file the user gave us: its bytes (this session only) and how it is interpreted."""

    data: bytes = field(repr=False)
    filename: str
    digest: str
    ext: str
    sheet: str | None                    # sheet asked for (None: the reader's choice)
    mapping: dict[int, str | None] | None = None   # None: the recognised mapping

    @property
    def label(self) -> str:
        """The file's name; the sample's name in the UI language."""
        return t(SAMPLE_LABEL) if self.filename == SAMPLE_NAME else self.filename


# --------------------------------------------------------------------------------- cached parsing

def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _ext(filename: str) -> str:
    return Path(filename).suffix.lower()


# All sessions share this cache of parsed files (pickled RawTables, compressed, keyed by content hash, type and
# sheet, never by name); it never holds more than PARSE_CACHE_BYTES, however many sessions come and go.
# A session's own list lives in its session_state, which Streamlit drops when the session ends
# (server.disconnectedSessionTTL, 120 s after the browser tab is gone); `clear()` drops it at once.
PARSE_CACHE_BYTES = 256 * 1024 * 1024
_parse_cache = ByteLRU(PARSE_CACHE_BYTES)
keep_large_blocks_mapped()      # freed arrays of a large upload go back to the system (kundenwert.memory)


_SIZE = struct.Struct("<Q")


def _compressed(blob: bytes) -> bytes:
    """A pickled table as the parse cache keeps it: zstd (Arrow's codec), its size in front.
    100,000 rows: 18.6 MB -> 3.4 MB, ~0.06 s; unpacking ~0.04 s on a cache hit."""
    return _SIZE.pack(len(blob)) + pa.compress(blob, codec="zstd", asbytes=True)


def _decompressed(packed: bytes) -> bytes:
    (size,) = _SIZE.unpack_from(packed)
    return pa.decompress(memoryview(packed)[_SIZE.size:], decompressed_size=size, codec="zstd", asbytes=True)


def _read_cached(digest: str, ext: str, sheet: str | None, data: bytes, filename: str,
                 spinner: bool = True) -> RawTable:
    """Raw table of a file, parsed in the limited worker process; cached by content, type and sheet."""
    key = (digest, ext, sheet)
    packed = _parse_cache.get(key)
    if packed is None:
        if spinner:
            with st.spinner(t("ui.state.reading")):
                blob = parse_in_worker(data, filename, sheet).blob
        else:
            blob = parse_in_worker(data, filename, sheet).blob
        _parse_cache.put(key, _compressed(blob))
    else:
        blob = _decompressed(packed)
    raw = unpickle_table(blob)
    raw.source_name = filename     # a cache hit carries the name of whoever read it first
    return raw


def _read(src: Source) -> RawTable:
    return _read_cached(src.digest, src.ext, src.sheet, src.data, src.filename)


def _mapping_key(mapping: dict[int, str | None] | None) -> tuple | None:
    return None if mapping is None else tuple(sorted((int(k), v) for k, v in mapping.items()))


def inspect(src: Source) -> Inspection:
    """Columns (with recognition), example values and sheets of a source: kept per file content when the
    list was built (`_build` reads the table once, for both), else read again. Each caller gets its own copy."""
    key = (src.digest, src.ext, src.sheet)
    found = inspection.kept(key)
    if found is None:
        raw = _read_cached(src.digest, src.ext, src.sheet, src.data, src.filename, spinner=False)
        found = inspection.keep(key, inspection.of(raw, recognise_columns(raw)))
    return copy.deepcopy(found)


def _build(src: Source, raw: RawTable | None = None) -> CustomerList:
    """The customer list of a source (not cached across sessions: the session keeps the one it uses)."""
    raw = raw if raw is not None else _read(src)
    columns = recognise_columns(raw)          # once for the build and the column editor (`inspect`)
    inspection.keep((src.digest, src.ext, src.sheet), inspection.of(raw, columns))
    cl = build(raw, None if src.mapping is None else {int(k): v for k, v in src.mapping.items()}, columns=columns)
    keep_only_unused_rows(cl)       # the session keeps the list, not the cells it was built from (kundenwert.memory)
    if raw.rows_read >= 10_000:
        release_free_memory()       # the build's temporaries: give back what is free (~20 ms)
    return cl


# ------------------------------------------------------------------------------------ loading

def _store_list(src: Source, cl: CustomerList) -> None:
    session.update_list(source=src, list=cl, version=session.list_state().version + 1, pending=None)
    st.session_state[K_RESULTS] = {}


def _try(src: Source, *, new_file: bool) -> bool:
    """Read and build a source; on success it becomes the current list. Errors are stored, not raised."""
    session.update_list(error=None, notice=None)
    try:
        raw = _read(src)                 # unreadable file: the previous list stays, nothing pending
    except KundenwertError as exc:
        session.update_list(error=kept(exc))
        return False
    except Exception:  # noqa: BLE001 - never show a traceback for a user's file
        session.update_list(error=said("ui.state.unreadable", name=src.filename))
        return False
    try:
        cl = _build(src, raw)
    except KundenwertError as exc:
        # readable, but not usable as it is (e.g. no rating column recognised): keep it pending so the
        # user can map its columns; the previous list stays usable meanwhile.
        session.update_list(error=kept(exc), pending=src)
        return False
    except Exception as exc:  # noqa: BLE001
        session.update_list(error=said("ui.state.unusable", name=src.filename, kind=type(exc).__name__))
        return False
    _store_list(src, cl)
    if new_file:
        label = said(SAMPLE_LABEL) if src.filename == SAMPLE_NAME else src.filename
        session.update_list(notice=load_message(label, cl))
    return True


def loaded_empty() -> bool:
    """True if the current list has no customer (the load message is then a warning)."""
    cl = current_list()
    return cl is not None and len(cl.customers) == 0


def load_bytes(data: bytes, filename: str, sheet: str | None = None) -> bool:
    """Load an uploaded file (bytes + its name). Returns True on success; errors go to `load_error()`."""
    src = Source(bytes(data), filename or t("safety.no_name"), _digest(data), _ext(filename or ""), sheet)
    return _try(src, new_file=True)


@st.cache_data(max_entries=1, show_spinner=False)
def _generated_sample() -> bytes:
    from kundenwert.sample import generate_customers
    from kundenwert.sample_files import write_xlsx

    buf = io.BytesIO()
    write_xlsx(generate_customers(), buf)
    return buf.getvalue()


def sample_bytes() -> bytes:
    """The sample list: the shipped file, or (if it is missing) one generated the same way."""
    try:
        return SAMPLE_PATH.read_bytes()
    except OSError:
        return _generated_sample()


@functools.cache
def template_bytes(lang: str = "de") -> bytes | None:
    """The empty template's bytes in ``lang`` (the shipped file beside TEMPLATE_PATH; generated for a
    language without one, or if the file is missing), once per process. The download's name is the
    catalogue's (``ui.common.template_file``), never a path."""
    try:
        return TEMPLATE_PATH.with_name(TEMPLATE_FILES[lang]).read_bytes()
    except (KeyError, OSError):
        try:
            from kundenwert.sample_files import write_template

            buf = io.BytesIO()
            write_template(buf, lang)
            return buf.getvalue()
        except Exception:  # noqa: BLE001
            return None


def load_sample() -> bool:
    return load_bytes(sample_bytes(), SAMPLE_NAME)


def pending_source() -> Source | None:
    return session.list_state().pending


def current_source() -> Source | None:
    return session.list_state().source


@functools.cache
def _sample_digest() -> str:
    """The sample's content hash, once per process (list_kind runs on every rerun, via the URL)."""
    return _digest(sample_bytes())


def list_kind() -> str | None:
    """"sample" (the shipped sample list), "own" (a list the user gave us) or None (no list loaded)."""
    src = current_source()
    if src is None or current_list() is None:
        return None
    return "sample" if src.filename == SAMPLE_NAME and src.digest == _sample_digest() else "own"


def editing_source() -> Source | None:
    """The source the column editor works on: a pending one first, else the current one."""
    return pending_source() or current_source()


def set_mapping(mapping: dict[int, str | None]) -> bool:
    """Re-build the list (pending or current) with a corrected column mapping; re-scores at once."""
    src = editing_source()
    if src is None:
        return False
    new = Source(src.data, src.filename, src.digest, src.ext, src.sheet, {int(k): v for k, v in mapping.items()})
    return _try(new, new_file=False)


def reset_mapping() -> bool:
    src = editing_source()
    if src is None:
        return False
    return _try(Source(src.data, src.filename, src.digest, src.ext, src.sheet, None), new_file=False)


def select_sheet(sheet: str) -> bool:
    """Use another sheet of the same workbook (the mapping starts from the recognised one again)."""
    src = editing_source()
    if src is None:
        return False
    return _try(Source(src.data, src.filename, src.digest, src.ext, sheet, None), new_file=False)


def discard_pending() -> None:
    session.update_list(pending=None, error=None)


def clear() -> None:
    """Forget the loaded list (settings stay)."""
    session.update_list(source=None, list=None, pending=None, error=None, notice=None)
    st.session_state[K_RESULTS] = {}


def load_error() -> str | None:
    """The last load's error, in the language of this run."""
    return shown(session.list_state().error, current_lang())


def load_notice() -> str | None:
    return shown(session.list_state().notice, current_lang())


def current_list() -> CustomerList | None:
    from kundenwert.ui.orders_panel import with_orders  # order history: the list with its derived ratings
    return with_orders(session.list_state().list)


def list_version() -> int:
    return session.list_state().version


# ----------------------------------------------------------------------------------- settings

def init_settings() -> None:
    """Create the settings with their defaults (idempotent)."""
    session.settings()


def settings() -> session.ViewSettings:
    """Everything the user set (typed, read-only; change it through the setters below)."""
    return session.settings()


def active_criteria() -> list[str]:
    """The criteria the sliders are for: those of the loaded list, else the catalogue."""
    cl = current_list()
    return list(cl.criteria) if cl is not None else list(CRITERION_KEYS)


def weight(key: str) -> float:
    return float(session.settings().weights.get(key, DEFAULT_WEIGHT))


def set_weight(key: str, value: float) -> None:
    session.update_settings(weights={**session.settings().weights, key: float(value)})


def default_reversed(key: str) -> bool:
    return key in DEFAULT_REVERSED


def is_reversed(key: str) -> bool:
    return bool(session.settings().reversed.get(key, default_reversed(key)))


def set_reversed(key: str, value: bool) -> None:
    session.update_settings(reversed={**session.settings().reversed, key: bool(value)})


def class_method() -> str:
    return session.settings().method


def thresholds(method: str | None = None) -> tuple[float, float]:
    method = method or class_method()
    return tuple(session.settings().thresholds.get(method, DEFAULT_THRESHOLDS[method]))


def set_class_method(method: str, thresholds_: tuple[float, float] | None = None) -> None:
    """Switch the class method (and optionally its thresholds) — for pages with their own controls."""
    if method not in CLASS_METHODS:
        raise ValueError(method)
    session.update_settings(method=method)
    if thresholds_ is not None:
        set_thresholds(method, *thresholds_)


def set_thresholds(method: str, a: float, b: float) -> None:
    session.update_settings(thresholds={**session.settings().thresholds, method: (float(a), float(b))})


def _known_keys() -> list[str]:
    keys = list(CRITERION_KEYS)
    keys += [k for k in session.settings().weights if k not in keys]
    keys += [k for k in active_criteria() if k not in keys]
    return keys


def _matching_preset(weights: dict[str, float], reversed_: frozenset[str]) -> str | None:
    for preset in PRESETS.values():
        if reversed_ & set(CRITERION_KEYS) != preset.reversed:
            continue
        if all(abs(weights.get(k, DEFAULT_WEIGHT) - preset.weight(k)) < 1e-9 for k in CRITERION_KEYS):
            return preset.name
    return None


def matching_preset_key() -> str | None:
    """The key of the preset whose weights and directions the sidebar shows, or None."""
    s = current_scenario()
    name = _matching_preset(dict(s.weights), s.reversed)
    return next((k for k, p in PRESETS.items() if p.name == name), None)


def saved_scenarios() -> dict[str, Scenario]:
    """The scenarios the user saved in this session, by name (see `kundenwert.ui.scenarios`)."""
    return st.session_state.setdefault(K_SAVED, {})


def same_settings(x: Scenario, y: Scenario) -> bool:
    """True if two scenarios give the same result (names aside; unlisted weights count as 5)."""
    keys = set(CRITERION_KEYS) | set(x.weights) | set(y.weights)
    return (all(abs(x.weight(k) - y.weight(k)) < 1e-9 for k in keys) and x.reversed == y.reversed
            and x.class_method == y.class_method and tuple(x.thresholds) == tuple(y.thresholds)
            and (x.class_method != "pareto" or x.pareto_basis == y.pareto_basis)
            and x.euro_per_point == y.euro_per_point and x.retention == y.retention and x.discount == y.discount)


def remember_library(name: str, scenario: Scenario) -> None:
    """A team-library version this session saved or applied: the sidebar names it while the settings match
    (a colleague's scenario that happens to match is not named)."""
    st.session_state[K_LIBRARY_NAMED] = {**(st.session_state.get(K_LIBRARY_NAMED) or {}), name: scenario}


def _matching_saved(s: Scenario) -> str | None:
    for named in (saved_scenarios(), st.session_state.get(K_LIBRARY_NAMED) or {}):
        name = next((name for name, saved in named.items() if same_settings(s, saved)), None)
        if name:
            return name
    return None


def current_scenario() -> Scenario:
    """The scenario the sidebar shows: weights, directions, class method and thresholds, € per point.

    Its name: a saved scenario with exactly these settings, else the preset with these weights and
    directions, else "Eigene Gewichtung".
    """
    vs = session.settings()
    keys = _known_keys()
    weights = {k: weight(k) for k in keys}
    reversed_ = frozenset(k for k in keys if is_reversed(k))
    scenario = Scenario(
        name=CUSTOM_SCENARIO_NAME,
        weights=weights,
        reversed=reversed_,
        class_method=vs.method,
        thresholds=thresholds(vs.method),
        pareto_basis=vs.basis,
        euro_per_point=None if vs.epp_auto else float(vs.epp),
        retention=float(vs.retention),
        discount=float(vs.discount),
    )
    ss = st.session_state
    name = _matching_saved(scenario) if ss.get(K_SAVED) or ss.get(K_LIBRARY_NAMED) else None
    name = name or _matching_preset(weights, reversed_)
    return replace(scenario, name=name) if name else scenario


def apply_scenario(scenario: Scenario, *, weights_only: bool = False) -> None:
    """Put a scenario's settings into the sidebar (presets, saved or uploaded scenarios).

    `weights_only`: take weights and directions, keep class method, thresholds and € per point.
    Own criteria the scenario does not name keep their current weight.
    """
    vs = session.settings()
    weights = {**vs.weights, **{key: scenario.weight(key) for key in set(CRITERION_KEYS) | set(scenario.weights)}}
    reversed_ = dict(vs.reversed)
    for key in set(CRITERION_KEYS) | set(vs.reversed) | set(scenario.reversed):
        if key in CRITERION_KEYS or key in scenario.weights or key in scenario.reversed:
            reversed_[key] = key in scenario.reversed
    if weights_only:
        session.update_settings(weights=weights, reversed=reversed_)
        return
    changes = dict(weights=weights, reversed=reversed_, method=scenario.class_method,
                   thresholds={**vs.thresholds, scenario.class_method: tuple(scenario.thresholds)},
                   basis=scenario.pareto_basis, epp_auto=scenario.euro_per_point is None,
                   retention=float(scenario.retention), discount=float(scenario.discount))
    if scenario.euro_per_point is not None:
        changes["epp"] = float(scenario.euro_per_point)
    session.update_settings(**changes)


def apply_preset(name: str) -> None:
    """One of `PRESETS` (balanced/profit/loyalty/risk): its weights and directions."""
    preset = PRESETS[name]
    apply_scenario(preset, weights_only=True)
    cl = current_list()
    for key in (cl.criteria if cl is not None else []):
        if key.startswith(CUSTOM_PREFIX):
            set_weight(key, DEFAULT_WEIGHT)


def presentation_mode() -> bool:
    return bool(session.settings().present)


def set_presentation_mode(on: bool) -> None:
    session.update_settings(present=bool(on))


# ------------------------------------------------------------------------------------- result

def scenario_key(s: Scenario) -> tuple:
    """A hashable identity of everything in a scenario that changes the result."""
    return (tuple(sorted(s.weights.items())), tuple(sorted(s.reversed)), s.class_method, tuple(s.thresholds),
            s.pareto_basis, s.euro_per_point, s.retention, s.discount, s.name)


def result_for(scenario: Scenario) -> ScoreResult:
    """score(current list, scenario), memoised in the session per (list version, scenario)
    (`kundenwert.ui.memo`, slot `K_RESULTS`).

    Raises ScenarioError (show it with `st.error`) and RuntimeError if no list is loaded.
    """
    from kundenwert.ui import memo

    cl = current_list()
    if cl is None:
        raise RuntimeError("no customer list loaded")
    return memo.memoised(K_RESULTS, lambda: score(cl, scenario), scenarios=(scenario,), size=_MEMO_SIZE)


def current_result() -> ScoreResult | None:
    """The result for the current list and sidebar settings; None if nothing is loaded or the
    settings are unusable (then `scenario_error()` says why)."""
    st.session_state[K_SCENARIO_ERROR] = None
    cl = current_list()
    if cl is None or not cl.criteria:          # no list, or a list without ratings: nothing to score
        return None
    try:
        return result_for(current_scenario())
    except ScenarioError as exc:
        st.session_state[K_SCENARIO_ERROR] = kept(exc)
        return None


def scenario_error() -> str | None:
    """Why the settings allow no result (None: they do), in the language of this run."""
    return shown(st.session_state.get(K_SCENARIO_ERROR), current_lang())
