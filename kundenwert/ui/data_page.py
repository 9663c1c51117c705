"""Start / Daten: upload or sample, template download, data check, column recognition and mapping."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import report
from kundenwert.criteria import CRITERIA_BY_KEY, CUSTOM_PREFIX, FIELDS_BY_KEY, label_de
from kundenwert.dataset import ColumnInfo, custom_key, mapping_targets
from kundenwert.fmt import fmt_num, plural
from kundenwert.ingest.safety import MAX_FILE_BYTES
from kundenwert.ui import common, memo, orders_panel, sidebar, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.session import widget_key

# .xls and .xlsb are taken by the widget only to be refused by ingest.safety with what to do instead
# ("In Excel als .xlsx speichern"); outside the list Streamlit would refuse them itself, in English.
UPLOAD_TYPES = ["xlsx", "xlsm", "csv", "ods", "xls", "xlsb"]
UPLOAD_KEY = widget_key("upload")
SEVERITY_LABELS = {"error": "Fehler", "warning": "Warnung", "info": "Hinweis"}
MAX_LISTED_ROWS = 12


# ------------------------------------------------------------------------------------- upload

def handle_upload(uploaded) -> bool:
    """Load an uploaded file object (anything with `.name` and `.getvalue()`); errors go to the state."""
    if uploaded is None:
        return False
    # a new file replaces what the earlier one left behind: its pending mapping and messages, and a list
    # without customers (nothing to keep if this one fails too)
    if state.loaded_empty():
        state.clear()
    state.discard_pending()
    loaded = state.load_bytes(uploaded.getvalue(), uploaded.name)
    cl = state.current_list()
    st.session_state[MAP_OPEN] = bool(loaded and cl is not None and len(cl.customers) and not common.has_ratings(cl))
    return loaded


def _uploader_key() -> str:
    """The uploader's key; it changes when the sample is loaded so the old file name disappears."""
    return f"{UPLOAD_KEY}_{st.session_state.get(widget_key('upload_round'), 0)}"


def _on_upload(key: str) -> None:
    handle_upload(st.session_state.get(key))


def _on_sample() -> None:
    state.load_sample()
    st.session_state[MAP_OPEN] = False
    st.session_state[widget_key("upload_round")] = st.session_state.get(widget_key("upload_round"), 0) + 1


def _render_intro() -> None:
    st.title("Kundenwert")
    st.markdown("**Welche Kunden sind wirklich am meisten wert?** Laden Sie Ihre Kundenliste (eine Zeile je "
                "Kunde, Bewertungen 0–10), gewichten Sie die Kriterien – und sehen Sie sofort Ranking, "
                "A/B/C-Klassen und den Kundenwert in Euro.")
    col_up, col_side = st.columns([3, 2], gap="large")
    with col_up:
        key = _uploader_key()
        st.file_uploader(f"Kundenliste hochladen (.xlsx, .xlsm, .csv, .ods; höchstens "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB)", type=UPLOAD_TYPES, key=key,
                         on_change=_on_upload, args=(key,),
                         help="Die Datei bleibt in Ihrer Sitzung; sie wird nicht verändert und nicht gespeichert.")
    with col_side:
        st.markdown("**Noch keine eigene Liste?**")
        common.sample_button(on_click=_on_sample)
        common.template_button(widget_key("template_dl"))


def _on_show_current() -> None:
    state.discard_pending()          # also forgets the failed upload's message


def _render_messages() -> bool:
    """The last load's error or notice. True if an upload failed while an earlier list stays active: the
    page then shows that file's error only, not the earlier list's checks as if they belonged to it."""
    error = state.load_error()
    if error:
        st.error(escape_md(error), icon=":material/error:")
        if state.current_list() is not None and state.pending_source() is None:
            st.caption(f"Die bisher geladene Liste „{escape_md(state.current_source().label)}“ bleibt aktiv.")
            st.button("Datencheck der aktiven Liste zeigen", key=widget_key("show_current"), on_click=_on_show_current,
                      icon=":material/fact_check:")
            return True
    notice = state.load_notice()
    if notice and not error:
        if state.loaded_empty():
            st.warning(escape_md(notice), icon=":material/warning:")
        else:
            st.success(escape_md(notice), icon=":material/check_circle:")
    return False


# --------------------------------------------------------------------------------- data check

def _customer_text(cl, rows: np.ndarray) -> list[str]:
    """Nr./name as the raw table has them, for rows that did not become customers."""
    by_key = {v: k for k, v in cl.mapping.items() if v in ("id", "name")}
    first = cl.raw.row_numbers[0] if cl.raw.row_numbers else 0
    out = []
    for r in rows:
        i = int(r) - first
        parts = []
        if 0 <= i < len(cl.raw.rows):
            for key in ("id", "name"):
                j = by_key.get(key)
                if j is not None and j < len(cl.raw.rows[i]):
                    v = cl.raw.rows[i][j]
                    if v not in (None, ""):
                        parts.append(str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        out.append(" · ".join(parts))
    return out


def unused_rows(cl, result) -> pd.DataFrame:
    """Every row that gives no score: rejected, not scorable, skipped, with Excel row and reason."""
    parts = []
    if len(cl.rejected):
        parts.append(pd.DataFrame({"Excel-Zeile": cl.rejected["row"].to_numpy(), "Status": "abgelehnt",
                                   "Kunde": _customer_text(cl, cl.rejected["row"].to_numpy()),
                                   "Grund": cl.rejected["reason"].to_numpy()}))
    if result is not None and len(result.not_scorable):
        ns = result.not_scorable
        parts.append(pd.DataFrame({"Excel-Zeile": ns["row"].to_numpy(), "Status": "nicht bewertbar",
                                   "Kunde": (ns["id"].astype(str) + " · " + ns["name"].astype(str)).to_numpy(),
                                   "Grund": ns["reason"].to_numpy()}))
    if len(cl.skipped):
        parts.append(pd.DataFrame({"Excel-Zeile": cl.skipped["row"].to_numpy(), "Status": "übersprungen",
                                   "Kunde": _customer_text(cl, cl.skipped["row"].to_numpy()),
                                   "Grund": cl.skipped["reason"].to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=["Excel-Zeile", "Status", "Kunde", "Grund"])
    out = pd.concat(parts, ignore_index=True)
    out["Excel-Zeile"] = out["Excel-Zeile"].astype("int64")
    return out.sort_values("Excel-Zeile", kind="stable").reset_index(drop=True)


def check_counts(cl, result) -> dict[str, int]:
    """read = scored + not scorable + unrated + rejected + skipped; incomplete is part of scored.
    "unrated": customers without a result – the list has no rating columns, or the settings allow no
    score (all weights 0)."""
    acc = report.accounting(cl, result)
    return {"read": acc.rows_read, "scored": acc.scored, "incomplete": acc.incomplete,
            "not_scorable": acc.not_scorable, "unrated": acc.unrated, "rejected": acc.rejected,
            "skipped": acc.skipped}


def _render_check(cl, result) -> None:
    src = state.current_source()
    st.header("Datencheck")
    where = f"Blatt „{escape_md(cl.raw.sheet)}“ · " if cl.raw.sheet else ""
    rated = common.has_ratings(cl)
    active = plural(len(cl.criteria), "Kriterium aktiv", "Kriterien aktiv") if rated else "keine Bewertungsspalten"
    st.markdown(f"**{escape_md(src.label)}** · {where}{active}")
    common.technical(f"Kopfzeile in Excel-Zeile {cl.raw.header_row}; Daten ab Zeile {cl.raw.header_row + 1}")
    c = check_counts(cl, result)
    rejected_help = ("Zeilen mit ungültigen Werten, z. B. Text oder Werte außerhalb 0–10 in einer Bewertungsspalte, "
                     "doppelte Kunden-Nr.")
    skipped_help = "Leere Zeilen, Summenzeilen, Zeilen ohne Kundendaten."
    tiles = st.container(horizontal=True, gap="medium")   # as wide as their text, wrapping: nothing clipped
    if result is not None:
        tiles.metric("Zeilen gelesen", fmt_num(c["read"], 0), width="content")
        tiles.metric("bewertet", fmt_num(c["scored"], 0), width="content")
        tiles.metric("unvollständig", fmt_num(c["incomplete"], 0), width="content",
                     help="Teil von „bewertet“: Kunden, bei denen Bewertungen fehlen. Bewertet über die vorhandenen "
                          "Kriterien; fehlende Bewertungen zählen nicht als 0.")
        tiles.metric("nicht bewertbar", fmt_num(c["not_scorable"], 0), width="content",
                     help="Die vorhandenen Bewertungen tragen weniger als die Hälfte des Gesamtgewichts.")
        tiles.metric("abgelehnt", fmt_num(c["rejected"], 0), help=rejected_help, width="content")
        tiles.metric("übersprungen", fmt_num(c["skipped"], 0), help=skipped_help, width="content")
    else:
        tiles.metric("Zeilen gelesen", fmt_num(c["read"], 0), width="content")
        tiles.metric("Kunden ohne Bewertung", fmt_num(c["unrated"], 0), width="content",
                     help="Die Kunden sind da, aber ohne Score: " + (
                         "mit diesen Einstellungen ist keine Bewertung möglich." if rated else
                         "die Liste hat keine Bewertungsspalten."))
        tiles.metric("abgelehnt", fmt_num(c["rejected"], 0), help=rejected_help, width="content")
        tiles.metric("übersprungen", fmt_num(c["skipped"], 0), help=skipped_help, width="content")
    acc = report.accounting(cl, result)
    total = acc.scored + acc.not_scorable + acc.unrated + acc.rejected + acc.skipped
    ok = acc.balanced
    sums = report.accounting_sentence(acc)
    if ok:
        st.markdown(f":green[:material/check_circle:] {sums} – jede Zeile ist erfasst.")
    else:
        st.error(f"{sums} – die Summe ({fmt_num(total, 0)}) stimmt nicht, bitte melden.")
    if state.scenario_error():
        st.warning(escape_md(state.scenario_error()))

    table = _checked("unused", lambda: unused_rows(cl, result), result)
    if len(table):
        with st.expander(f"Nicht verwendete Zeilen ({fmt_num(len(table), 0)}) – mit Excel-Zeile und Grund",
                         expanded=bool(c["rejected"] or c["not_scorable"]) and len(table) <= 50):
            st.dataframe(table, hide_index=True, width="stretch",
                         column_config={"Excel-Zeile": st.column_config.NumberColumn(format="%d", width="small"),
                                        "Status": st.column_config.TextColumn(width="small"),
                                        "Grund": st.column_config.TextColumn(width="large")})
    _render_issues(cl, result)


def _not_scorable_issues(cl, result, issues: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A not-scorable customer's "ratings missing" finding is replaced by one that also says why there is
    no score. Returns (the other issues, the replacements)."""
    if result is None or not len(result.not_scorable) or issues.empty:
        return issues, issues.iloc[0:0]
    ns = result.not_scorable
    rows = pd.to_numeric(issues["row"], errors="coerce")
    gaps = (issues["code"] == "ratings_missing") & rows.isin(set(ns["row"].astype(int)))
    columns_of = {int(r): p.get("columns", "") for r, p in zip(rows[gaps], issues.loc[gaps, "params"], strict=True)}
    count_of = {int(r): int(p.get("count", 0)) for r, p in zip(rows[gaps], issues.loc[gaps, "params"], strict=True)}
    records = []
    for row, ident, name, reason in zip(ns["row"].astype(int), ns["id"], ns["name"], ns["reason"], strict=True):
        missing = (f"{plural(count_of[row], 'Bewertung fehlt', 'Bewertungen fehlen')} ({columns_of[row]}) – "
                   if row in count_of else "")
        records.append({"severity": "warning", "row": row, "column": None, "code": "not_scorable", "params": {},
                        "message": f"Zeile {row} ({ident} · {name}): {missing}nicht bewertbar, kein Score: {reason}."})
    return issues[~gaps], pd.DataFrame.from_records(records)


def shown_issues(cl, result=None) -> pd.DataFrame:
    """The list's findings as the data check shows them: a not-scorable customer's missing-rating warnings
    replaced by one that says why there is no score."""
    issues, replaced = _not_scorable_issues(cl, result, cl.issues)
    return pd.concat([issues, replaced], ignore_index=True) if len(replaced) else issues


def group_issues(cl, result=None) -> pd.DataFrame:
    """Warnings and notes grouped per column: severity, column, count, rows (first few), example."""
    issues = shown_issues(cl, result)
    issues = issues[issues["severity"] != "error"]      # errors = rejected rows, listed above
    if issues.empty:
        return pd.DataFrame(columns=["severity", "column", "count", "rows", "example"])
    headers = dict(zip(cl.raw.letters, cl.raw.headers, strict=False))
    records = []
    for (severity, column), group in issues.groupby(["severity", issues["column"].fillna("")], sort=False):
        rows = [int(r) for r in group["row"].dropna().unique()]
        listed = ", ".join(str(r) for r in rows[:MAX_LISTED_ROWS]) + (" …" if len(rows) > MAX_LISTED_ROWS else "")
        label = f"Spalte {column} „{headers.get(column, '')}“" if column else "Allgemein"
        records.append({"severity": severity, "column": label, "count": len(group), "rows": listed,
                        "example": group["message"].iloc[0], "messages": list(group["message"])})
    order = {"warning": 0, "info": 1}
    return pd.DataFrame.from_records(records).sort_values(
        "severity", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def _checked(name: str, compute, result):
    """A table of the data check, once per (list, settings): the page reruns on every slider move."""
    return memo.memoised(widget_key("data_check", name), compute,
                         scenarios=(result.scenario,) if result is not None else (), size=2)


def _render_issues(cl, result=None) -> None:
    groups = _checked("groups", lambda: group_issues(cl, result), result)
    if groups.empty:
        return
    n_warn = int(groups.loc[groups["severity"] == "warning", "count"].sum())
    n_info = int(groups.loc[groups["severity"] == "info", "count"].sum())
    title = []
    if n_warn:
        title.append(plural(n_warn, "Warnung", "Warnungen"))
    if n_info:
        title.append(plural(n_info, "Hinweis", "Hinweise"))
    with st.expander(" · ".join(title), expanded=n_warn > 0 and not state.presentation_mode()):
        for g in groups.itertuples():
            icon = ":orange[:material/warning:]" if g.severity == "warning" else ":blue[:material/info:]"
            if g.count == 1:
                st.markdown(f"{icon} {escape_md(g.example)}")
                continue
            rows = (f" – Zeile {g.rows}" if g.rows.isdigit() else f" – Zeilen {g.rows}") if g.rows else ""
            st.markdown(f"{icon} **{escape_md(g.column)}: {plural(g.count, 'Meldung', 'Meldungen')}**{rows}  \n"
                        f"z. B.: {escape_md(g.example)}")
        issues = _checked("issues", lambda: shown_issues(cl, result), result)
        if len(issues) > 1:
            full = issues[["severity", "row", "column", "message"]].assign(
                severity=issues["severity"].map(SEVERITY_LABELS))
            full = full.rename(columns={"severity": "Art", "row": "Excel-Zeile", "column": "Spalte",
                                        "message": "Meldung"})
            if st.toggle("Alle Meldungen einzeln zeigen", key=widget_key("all_issues")):
                st.dataframe(full, hide_index=True, width="stretch")


# ------------------------------------------------------------------------------ column mapping

NONE_LABEL = "— nicht verwenden"


def target_label(target: str | None) -> str:
    if target is None:
        return NONE_LABEL
    if target in FIELDS_BY_KEY:
        return f"Feld: {label_de(target)}"
    if target in CRITERIA_BY_KEY:
        return f"Kriterium: {label_de(target)}"
    if target.startswith(CUSTOM_PREFIX):
        return f"Eigenes Kriterium „{label_de(target)}“ (0–10)"
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


def _on_discard() -> None:
    state.discard_pending()


def _status_text(info: ColumnInfo, target: str | None, duplicate: bool) -> str:
    if duplicate:
        return "doppelt – nicht verwendet"
    if target is None:
        return "0–10-Werte" if info.rating_like and info.filled else ("leer" if not info.filled else "")
    if target == info.recognised:
        return "erkannt"
    return "von Hand"


def _render_mapping(src, *, expanded: bool) -> None:
    inspection = state.inspect(src)
    mapping = current_mapping(src, inspection)
    st.header("Spaltenzuordnung")
    if len(inspection.sheet_names) > 1:
        sidebar._seed(widget_key("sheet"), inspection.sheet)
        st.selectbox("Tabellenblatt", inspection.sheet_names, key=widget_key("sheet"), on_change=_on_sheet)

    extra = [c for c in inspection.columns if c.rating_like and c.filled
             and (mapping.get(c.index) is None or str(mapping.get(c.index)).startswith(CUSTOM_PREFIX))]
    if extra:
        st.markdown("**Weitere Spalten mit Werten 0–10** – als eigenes Kriterium übernehmen:")
        cols = st.columns(min(3, len(extra)))
        for n, info in enumerate(extra):
            key = custom_key(info.header, info.letter)
            sidebar._seed(custom_toggle_key(info.index), mapping.get(info.index) == key)
            cols[n % len(cols)].toggle(f"{escape_md(info.header or 'Spalte ' + info.letter)} (Spalte {info.letter})",
                                       key=custom_toggle_key(info.index), on_change=_on_custom_toggle,
                                       args=(info.index, key))

    # a pending file shows the table open; a loaded list in an expander whose state survives every rerun
    # (keyed: the list rebuilt above it, warnings appearing or going, do not close it under the user)
    box = st.container() if expanded else st.expander("Jede Spalte und wofür sie verwendet wird", key=MAP_OPEN,
                                                       on_change="rerun")
    with box:
        _mapping_form(src, inspection, mapping)
        st.button("Erkannte Zuordnung wiederherstellen", key=widget_key("map_reset"), on_click=_on_reset_mapping,
                  icon=":material/restart_alt:", disabled=src.mapping is None)


def _mapping_form(src, inspection, mapping: dict[int, str | None]) -> None:
    used: set[str] = set()
    with st.form(MAP_FORM, border=False):
        st.caption("Was nicht oder falsch erkannt wurde, hier zuordnen (mit Tab von Feld zu Feld) und mit "
                   "„Zuordnung übernehmen“ anwenden – das Ergebnis wird dann neu berechnet.")
        head = st.columns([1, 4, 4, 2, 5])
        for col, text in zip(head, ["Spalte", "Überschrift", "Beispielwerte", "Status", "verwendet als"], strict=True):
            col.markdown(f"**{text}**")
        for info in inspection.columns:
            target = mapping.get(info.index)
            duplicate = target is not None and target in used
            if target is not None:
                used.add(target)
            row = st.columns([1, 4, 4, 2, 5], vertical_alignment="center")
            row[0].text(info.letter)
            row[1].text(info.header or "(ohne Überschrift)")
            row[2].text(inspection.samples[info.index] if info.index < len(inspection.samples) else "")
            row[3].text(_status_text(info, target, duplicate))
            options = column_options(info)
            if target not in options:
                options.append(target)
            _seed_box(src, info.index, target)
            row[4].selectbox(f"Spalte {info.letter}: {escape_md(info.header)}", options, key=mapping_widget_key(info.index),
                             format_func=target_label, label_visibility="collapsed", placeholder=NONE_LABEL)
        st.form_submit_button("Zuordnung übernehmen", key=widget_key("map_submit"), type="primary", on_click=_on_submit_mapping,
                              icon=":material/check:")


# ---------------------------------------------------------------------------------------- page

def render() -> None:
    st.set_page_config(page_title="Kundenwert – Start / Daten", page_icon="📊", layout="wide")
    state.init_settings()
    sidebar.render_sidebar(weights=state.current_list() is not None)
    _render_intro()
    if _render_messages():
        return
    pending = state.pending_source()
    if pending is not None:
        current = state.current_source()
        keep = (f" Bis dahin bleibt „{escape_md(current.label)}“ geladen und nutzbar." if current is not None
                and state.current_list() is not None else "")
        st.warning(f"„{escape_md(pending.label)}“ lässt sich so noch nicht auswerten. Ordnen Sie unten die "
                   f"Spalten zu (z. B. eine Spalte als Kriterium oder eigenes Kriterium).{keep}",
                   icon=":material/rule:")
        st.button("Diese Datei verwerfen", key=widget_key("discard"), on_click=_on_discard, icon=":material/close:")
        _render_mapping(pending, expanded=True)
        return
    cl = state.current_list()
    if cl is None and common.own_list_gone_notice():
        return
    if cl is None:
        st.info("Noch keine Daten geladen: Datei hochladen oder Beispieldaten laden. Erwartet wird eine Zeile je "
                "Kunde mit Bewertungen von 0 bis 10, z. B. „Kaufhistorie“, „Bonität“, „Zahlungsmentalität“.",
                icon=":material/upload_file:")
        return
    result = state.current_result()
    _render_check(cl, result)
    _render_mapping(state.current_source(), expanded=False)
    orders_panel.render_panel()
    st.divider()
    if common.has_ratings(cl):
        common.page_link("pages/1_Gewichtung_und_Ranking.py", "Weiter zu Gewichtung & Ranking")
    for target, title in ([] if common.has_ratings(cl) else common.survey_pages(cl)):
        common.page_link(target, f"Weiter zur {title}")      # a survey list: the pages that work without ratings
