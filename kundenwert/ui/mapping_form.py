"""The column mapping of the Start / Daten page: every column of the file, what it is used for, and a form
to change that (targets named by the engine's criterion and field labels in the UI language)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from kundenwert.criteria import CRITERIA_BY_KEY, CUSTOM_PREFIX, FIELDS_BY_KEY, label
from kundenwert.dataset import ColumnInfo, custom_key, mapping_targets
from kundenwert.i18n import text, value_text
from kundenwert.ui import sidebar, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.inspection import SAMPLES, Inspection
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key


def target_label(target: str | None, lang: str = "de") -> str:
    """A choice of the mapping form: a field or criterion by the engine's label in ``lang``."""
    if target is None:
        return text("ui.mapping_form.none", lang)
    if target in FIELDS_BY_KEY:
        return text("ui.mapping_form.field", lang, label=label(target, lang))
    if target in CRITERIA_BY_KEY:
        return text("ui.mapping_form.criterion", lang, label=label(target, lang))
    if target.startswith(CUSTOM_PREFIX):
        return text("ui.mapping_form.custom", lang, label=label(target, lang))
    return target


def column_options(info: ColumnInfo) -> list[str | None]:
    options: list[str | None] = [None, *mapping_targets()]
    if info.rating_like:
        options.append(custom_key(info.header, info.letter))
    return options


def current_mapping(src, inspection) -> dict[int, str | None]:
    if src.mapping is not None:
        return dict(src.mapping)
    return {c.index: c.key for c in inspection.columns}


def mapping_widget_key(index: int) -> str:
    return widget_key("map", index)


def custom_toggle_key(index: int) -> str:
    return widget_key("own", index)


MAP_FORM = widget_key("map_form")
MAP_OPEN = widget_key("map_open")            # the mapping table's expander: open/closed, kept across reruns
K_SEEDED = widget_key("map_seeded")          # ((digest, sheet), {column: target}): what the form's boxes were last given


def _cell_sample(value: object, lang: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return value_text(value, lang)          # 3,5 / 3.5: the page's language
    text = " ".join(str(value).split())
    return text if len(text) <= 18 else text[:17] + "…"


def sample_texts(inspection: Inspection, index: int, lang: str) -> str:
    """The example values of column ``index`` in ``lang``: "3,5 · 7 · 10" / "3.5 · 7 · 10"."""
    shown: list[str] = []
    for value in inspection.samples[index] if index < len(inspection.samples) else ():
        text = _cell_sample(value, lang)
        if text and text not in shown:
            shown.append(text)
        if len(shown) == SAMPLES:
            break
    return " · ".join(shown)


def _on_submit_mapping() -> None:
    """The form's one submit: every box's choice at once, one rebuild (nothing applied per box)."""
    src = state.editing_source()
    if src is None:
        return
    inspection = state.inspect(src)
    mapping = current_mapping(src, inspection)
    chosen = {c.index: st.session_state.get(mapping_widget_key(c.index), mapping.get(c.index))
              for c in inspection.columns}
    if any(mapping.get(i) != target for i, target in chosen.items()):
        state.set_mapping({**mapping, **chosen})


def _seed_box(src, index: int, target: str | None) -> None:
    """Write the applied target into a box only when it changed (new file, submit, toggle, reset): a rerun
    for anything else (a slider, a toggle of another column) keeps what the user chose but not yet applied."""
    seeded = st.session_state.get(K_SEEDED)
    ident = (src.digest, src.sheet)
    if seeded is None or seeded[0] != ident:
        seeded = (ident, {})
        st.session_state[K_SEEDED] = seeded
    key = mapping_widget_key(index)
    if key not in st.session_state or index not in seeded[1] or seeded[1][index] != target:
        sidebar._seed(key, target)
        seeded[1][index] = target


def _on_custom_toggle(index: int, key: str) -> None:
    src = state.editing_source()
    if src is None:
        return
    mapping = current_mapping(src, state.inspect(src))
    mapping[index] = key if st.session_state[custom_toggle_key(index)] else None
    state.set_mapping(mapping)


def _on_reset_mapping() -> None:
    state.reset_mapping()


def _on_sheet() -> None:
    state.select_sheet(st.session_state[widget_key("sheet")])


def _status_text(info: ColumnInfo, target: str | None, duplicate: bool) -> str:
    if duplicate:
        status = "duplicate"
    elif target is None:
        status = "ratings" if info.rating_like and info.filled else ("empty" if not info.filled else "")
    else:
        status = "recognised" if target == info.recognised else "by_hand"
    return t("ui.mapping_form.status." + status) if status else ""


def render(src, *, expanded: bool) -> None:
    inspection = state.inspect(src)
    mapping = current_mapping(src, inspection)
    st.header(t("ui.mapping_form.title"))
    if len(inspection.sheet_names) > 1:
        sidebar._seed(widget_key("sheet"), inspection.sheet)
        st.selectbox(t("ui.mapping_form.sheet"), inspection.sheet_names, key=widget_key("sheet"), on_change=_on_sheet)

    extra = [c for c in inspection.columns if c.rating_like and c.filled
             and (mapping.get(c.index) is None or str(mapping.get(c.index)).startswith(CUSTOM_PREFIX))]
    if extra:
        st.markdown(t("ui.mapping_form.extra"))
        cols = st.columns(min(3, len(extra)))
        for n, info in enumerate(extra):
            key = custom_key(info.header, info.letter)
            sidebar._seed(custom_toggle_key(info.index), mapping.get(info.index) == key)
            header = escape_md(info.header) if info.header else t("criteria.unnamed_column", letter=info.letter)
            cols[n % len(cols)].toggle(t("ui.mapping_form.extra_toggle", header=header, letter=info.letter),
                                       key=custom_toggle_key(info.index), on_change=_on_custom_toggle,
                                       args=(info.index, key))

    # a pending file shows the table open; a loaded list in an expander whose state survives every rerun
    # (keyed: the list rebuilt above it, warnings appearing or going, do not close it under the user)
    box = st.container() if expanded else st.expander(t("ui.mapping_form.every_column"), key=MAP_OPEN,
                                                       on_change="rerun")
    with box:
        _mapping_form(src, inspection, mapping)
        st.button(t("ui.mapping_form.reset"), key=widget_key("map_reset"), on_click=_on_reset_mapping,
                  icon=":material/restart_alt:", disabled=src.mapping is None)


def _mapping_form(src, inspection, mapping: dict[int, str | None]) -> None:
    used: set[str] = set()
    lang = current_lang()
    with st.form(MAP_FORM, border=False):
        st.caption(t("ui.mapping_form.how", apply=t("ui.mapping_form.apply")))
        head = st.columns([1, 4, 4, 2, 5])
        for col, name in zip(head, ["column", "header", "samples", "status", "used_as"], strict=True):
            col.markdown(f"**{t('ui.mapping_form.head.' + name)}**")
        for info in inspection.columns:
            target = mapping.get(info.index)
            duplicate = target is not None and target in used
            if target is not None:
                used.add(target)
            row = st.columns([1, 4, 4, 2, 5], vertical_alignment="center")
            row[0].text(info.letter)
            row[1].text(info.header or t("ui.mapping_form.no_header"))
            row[2].text(sample_texts(inspection, info.index, current_lang()))
            row[3].text(_status_text(info, target, duplicate))
            options = column_options(info)
            if target not in options:
                options.append(target)
            _seed_box(src, info.index, target)
            row[4].selectbox(t("ui.mapping_form.box", letter=info.letter, header=escape_md(info.header)), options,
                             key=mapping_widget_key(info.index), format_func=partial(target_label, lang=lang),
                             label_visibility="collapsed", placeholder=target_label(None, lang))
        st.form_submit_button(t("ui.mapping_form.apply"), key=widget_key("map_submit"), type="primary",
                              on_click=_on_submit_mapping, icon=":material/check:")
