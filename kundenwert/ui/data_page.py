"""Start / Daten: upload or sample, template download, data check (the column mapping: `mapping_form`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import findings, report
from kundenwert.criteria import label
from kundenwert.findings import localise
from kundenwert.fmt import fmt_num
from kundenwert.i18n import text
from kundenwert.ingest.limits import MAX_FILE_BYTES
from kundenwert.ui import common, mapping_form, memo, nav, orders_panel, sidebar, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.session import widget_key

# .xls and .xlsb are taken by the widget only to be refused by ingest.safety with what to do instead
# ("In Excel als .xlsx speichern"); outside the list Streamlit would refuse them itself, in English.
UPLOAD_TYPES = ["xlsx", "xlsm", "csv", "ods", "xls", "xlsb"]
UPLOAD_KEY = widget_key("upload")
# the severity of a finding in the full table: the words of the export's data-check sheet
SEVERITY_KEYS = {"error": "ui.data_page.severity_error", "warning": "export.kind.warning", "info": "export.kind.info"}
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
    st.session_state[mapping_form.MAP_OPEN] = bool(loaded and cl is not None and len(cl.customers) and not common.has_ratings(cl))
    return loaded


def _uploader_key() -> str:
    """The uploader's key; it changes when the sample is loaded so the old file name disappears."""
    return f"{UPLOAD_KEY}_{st.session_state.get(widget_key('upload_round'), 0)}"


def _on_upload(key: str) -> None:
    handle_upload(st.session_state.get(key))


def _on_sample() -> None:
    state.load_sample()
    st.session_state[mapping_form.MAP_OPEN] = False
    st.session_state[widget_key("upload_round")] = st.session_state.get(widget_key("upload_round"), 0) + 1


def _render_intro() -> None:
    st.title(t("ui.data_page.title"))
    st.markdown(t("ui.data_page.intro"))
    col_up, col_side = st.columns([3, 2], gap="large")
    with col_up:
        key = _uploader_key()
        st.file_uploader(t("ui.data_page.upload", mb=MAX_FILE_BYTES // (1024 * 1024)), type=UPLOAD_TYPES, key=key,
                         on_change=_on_upload, args=(key,), help=t("ui.data_page.upload_help"))
    with col_side:
        st.markdown(t("ui.data_page.no_list_yet"))
        common.sample_button(on_click=_on_sample)
        common.template_button(widget_key("template_dl"))


def _on_discard() -> None:
    state.discard_pending()


def _on_show_current() -> None:
    state.discard_pending()          # also forgets the failed upload's message


def _render_messages() -> bool:
    """The last load's error or notice. True if an upload failed while an earlier list stays active: the
    page then shows that file's error only, not the earlier list's checks as if they belonged to it."""
    error = state.load_error()
    if error:
        st.error(escape_md(error), icon=":material/error:")
        if state.current_list() is not None and state.pending_source() is None:
            st.caption(t("ui.data_page.stays_active", label=escape_md(state.current_source().label)))
            st.button(t("ui.data_page.show_current"), key=widget_key("show_current"), on_click=_on_show_current,
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


def unused_columns(lang: str = "de") -> dict[str, str]:
    """The unused-rows table's column names in ``lang`` (the words of the export's data-check sheet)."""
    return {"row": text("export.col.row", lang), "status": text("ui.common.status", lang),
            "customer": text("export.col.name", lang), "reason": text("export.col.reason", lang)}


def unused_rows(cl, result, lang: str = "de") -> pd.DataFrame:
    """Every row that gives no score: rejected, not scorable, skipped, with Excel row and reason."""
    col = unused_columns(lang)
    parts = []

    def part(rows, status: str, customers, reasons) -> None:
        parts.append(pd.DataFrame({col["row"]: rows, col["status"]: text("export.kind." + status, lang),
                                   col["customer"]: customers, col["reason"]: reasons}))
    if len(cl.rejected):
        rows = cl.rejected["row"].to_numpy()
        part(rows, "rejected", _customer_text(cl, rows), [localise(r, lang) for r in cl.rejected["reason"]])
    if result is not None and len(result.not_scorable):
        ns = result.not_scorable
        part(ns["row"].to_numpy(), "not_scorable", (ns["id"].astype(str) + " · " + ns["name"].astype(str)).to_numpy(),
             report.not_scorable_reasons(result, lang))
    if len(cl.skipped):
        rows = cl.skipped["row"].to_numpy()
        part(rows, "skipped", _customer_text(cl, rows), [localise(r, lang) for r in cl.skipped["reason"]])
    if not parts:
        return pd.DataFrame(columns=list(col.values()))
    out = pd.concat(parts, ignore_index=True)
    out[col["row"]] = out[col["row"]].astype("int64")
    return out.sort_values(col["row"], kind="stable").reset_index(drop=True)


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
    lang = current_lang()
    st.header(t("ui.data_page.check"))
    where = t("ui.data_page.sheet", sheet=escape_md(cl.raw.sheet)) if cl.raw.sheet else ""
    rated = common.has_ratings(cl)
    active = t("ui.data_page.active", n=len(cl.criteria)) if rated else t("ui.data_page.no_rating_columns")
    st.markdown(f"**{escape_md(src.label)}** · {where}{active}")
    common.technical(t("ui.data_page.header_row", row=cl.raw.header_row, first_row=cl.raw.header_row + 1))
    c = check_counts(cl, result)
    tiles = st.container(horizontal=True, gap="medium")   # as wide as their text, wrapping: nothing clipped

    def tile(name: str, count: str, helped: bool = False, **params) -> None:
        tiles.metric(t("ui.data_page.tile." + name), fmt_num(c[count], 0, lang), width="content",
                     help=t("ui.data_page.tile_help." + name, **params) if helped else None)
    tile("read", "read")
    if result is not None:
        tile("scored", "scored")
        tile("incomplete", "incomplete", True)
        tile("not_scorable", "not_scorable", True)
    else:
        tile("unrated", "unrated", True, why=t("ui.data_page.unrated_why" if rated else "ui.data_page.unrated_none"))
    tile("rejected", "rejected", True)
    tile("skipped", "skipped", True)
    acc = report.accounting(cl, result)
    total = acc.scored + acc.not_scorable + acc.unrated + acc.rejected + acc.skipped
    sums = report.accounting_sentence(acc, lang)
    if acc.balanced:
        st.markdown(":green[:material/check_circle:] " + t("ui.data_page.balanced", sums=sums))
    else:
        st.error(t("ui.data_page.unbalanced", sums=sums, total=fmt_num(total, 0, lang)))
    if state.scenario_error():
        st.warning(escape_md(state.scenario_error()))

    table = _checked("unused", lambda: unused_rows(cl, result, lang), result)
    if len(table):
        col = unused_columns(lang)
        with st.expander(t("ui.data_page.unused", n=len(table)),
                         expanded=bool(c["rejected"] or c["not_scorable"]) and len(table) <= 50):
            st.dataframe(table, hide_index=True, width="stretch",
                         column_config={col["row"]: st.column_config.NumberColumn(format="%d", width="small"),
                                        col["status"]: st.column_config.TextColumn(width="small"),
                                        col["reason"]: st.column_config.TextColumn(width="large")})
    _render_issues(cl, result)


def _not_scorable_issues(cl, result, issues: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
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
    reasons = report.not_scorable_reasons(result, lang)
    for row, ident, name, reason in zip(ns["row"].astype(int), ns["id"], ns["name"], reasons, strict=True):
        missing = (text("ui.data_page.missing", lang, count=count_of[row], columns=columns_of[row])
                   if row in count_of else "")
        records.append({"severity": "warning", "row": row, "column": None, "code": "not_scorable", "params": {},
                        "message": text("ui.data_page.not_scorable", lang, row=row, customer=f"{ident} · {name}",
                                        missing=missing, reason=reason)})
    return issues[~gaps], pd.DataFrame.from_records(records)


def _findings(cl, lang: str) -> pd.DataFrame:
    """The list's findings with their sentences in ``lang`` (the list keeps them in German)."""
    return findings.localised(cl.issues, lang)


def shown_issues(cl, result=None, lang: str = "de") -> pd.DataFrame:
    """The list's findings as the data check shows them: a not-scorable customer's missing-rating warnings
    replaced by one that says why there is no score."""
    issues, replaced = _not_scorable_issues(cl, result, _findings(cl, lang), lang)
    return pd.concat([issues, replaced], ignore_index=True) if len(replaced) else issues


def group_issues(cl, result=None, lang: str = "de") -> pd.DataFrame:
    """Warnings and notes grouped per column: severity, column, count, rows (first few), example."""
    issues = shown_issues(cl, result, lang)
    issues = issues[issues["severity"] != "error"]      # errors = rejected rows, listed above
    if issues.empty:
        return pd.DataFrame(columns=["severity", "column", "count", "rows", "example"])
    headers = dict(zip(cl.raw.letters, cl.raw.headers, strict=False))
    records = []
    for (severity, column), group in issues.groupby(["severity", issues["column"].fillna("")], sort=False):
        rows = [int(r) for r in group["row"].dropna().unique()]
        listed = ", ".join(str(r) for r in rows[:MAX_LISTED_ROWS]) + (" …" if len(rows) > MAX_LISTED_ROWS else "")
        where = (text("ui.data_page.group_column", lang, column=column, header=headers.get(column, "")) if column
                 else text("ui.data_page.group_general", lang))
        records.append({"severity": severity, "column": where, "count": len(group), "rows": listed,
                        "example": group["message"].iloc[0], "messages": list(group["message"])})
    order = {"warning": 0, "info": 1}
    return pd.DataFrame.from_records(records).sort_values(
        "severity", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)


def _checked(name: str, compute, result):
    """A table of the data check, once per (list, settings, language): the page reruns on every slider move."""
    return memo.memoised(widget_key("data_check", name), compute, extra=current_lang(),
                         scenarios=(result.scenario,) if result is not None else (), size=2)


def _render_issues(cl, result=None) -> None:
    lang = current_lang()
    groups = _checked("groups", lambda: group_issues(cl, result, lang), result)
    if groups.empty:
        return
    n_warn = int(groups.loc[groups["severity"] == "warning", "count"].sum())
    n_info = int(groups.loc[groups["severity"] == "info", "count"].sum())
    title = []
    if n_warn:
        title.append(t("ui.data_page.warnings", n=n_warn))
    if n_info:
        title.append(t("ui.data_page.notes", n=n_info))
    with st.expander(" · ".join(title), expanded=n_warn > 0 and not state.presentation_mode()):
        for g in groups.itertuples():
            icon = ":orange[:material/warning:]" if g.severity == "warning" else ":blue[:material/info:]"
            if g.count == 1:
                st.markdown(f"{icon} {escape_md(g.example)}")
                continue
            rows = t("ui.data_page.group_rows", rows=g.rows, n=1 if g.rows.isdigit() else 2) if g.rows else ""
            st.markdown(f"{icon} " + t("ui.data_page.group", where=escape_md(g.column), n=g.count, rows=rows,
                                       example=escape_md(g.example)))
        issues = _checked("issues", lambda: shown_issues(cl, result, lang), result)
        if len(issues) > 1 and st.toggle(t("ui.data_page.all_issues"), key=widget_key("all_issues")):
            full = issues[["severity", "row", "column", "message"]].assign(      # built only when shown
                severity=[t(SEVERITY_KEYS[s]) for s in issues["severity"]])
            full = full.rename(columns={"severity": t("export.col.kind"), "row": t("export.col.row"),
                                        "column": t("ui.data_page.col_column"), "message": t("ui.data_page.col_message")})
            st.dataframe(full, hide_index=True, width="stretch")


# ---------------------------------------------------------------------------------------- page

def render() -> None:
    lang = current_lang()
    st.set_page_config(page_title=t("ui.data_page.tab_title", page=text("page.start", lang)), page_icon="📊",
                       layout="wide")
    state.init_settings()
    sidebar.render_sidebar(weights=state.current_list() is not None)
    _render_intro()
    if _render_messages():
        return
    pending = state.pending_source()
    if pending is not None:
        current = state.current_source()
        keep = (t("ui.data_page.pending_keep", label=escape_md(current.label)) if current is not None
                and state.current_list() is not None else "")
        st.warning(t("ui.data_page.pending", label=escape_md(pending.label), keep=keep), icon=":material/rule:")
        st.button(t("ui.data_page.discard"), key=widget_key("discard"), on_click=_on_discard, icon=":material/close:")
        mapping_form.render(pending, expanded=True)
        return
    cl = state.current_list()
    if cl is None and common.own_list_gone_notice():
        return
    if cl is None:
        examples = {f"c{i}": label(key, lang) for i, key in
                    enumerate(("purchase_history", "creditworthiness", "payment_behaviour"))}
        st.info(t("ui.data_page.no_data", **examples), icon=":material/upload_file:")
        return
    result = state.current_result()
    _render_check(cl, result)
    mapping_form.render(state.current_source(), expanded=False)
    orders_panel.render_panel()
    st.divider()
    rated = common.has_ratings(cl)
    for target in ["pages/1_Gewichtung_und_Ranking.py"] if rated else [page for page, _ in common.survey_pages(cl)]:
        # a survey list: the pages that work without ratings
        common.page_link(target, t("ui.data_page.next" if rated else "ui.data_page.next_survey",
                                   page=nav.page_title(target, lang)))
