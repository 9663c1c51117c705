"""Page "Szenarienvergleich" (scenario comparison): two weightings side by side – who changes class, and why.

Pick two scenarios (current settings, presets, saved ones); the page shows their KPIs, the class
migration matrix with counts, a flow chart of the moves, the Spearman rank correlation in plain
words, and the customers who move most with the criteria that drive the move.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

import pandas as pd
import streamlit as st

from kundenwert import links, report
from kundenwert.compare import NOT_SCORABLE, Comparison, compare
from kundenwert.criteria import label
from kundenwert.fmt import fmt_eur, fmt_num, fmt_pct, fmt_signed
from kundenwert.i18n import Phrase, text
from kundenwert.scenario import Scenario
from kundenwert.scoring import CLASSES, ScoreResult
from kundenwert.ui import analysis, common, memo, scenarios, session, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.lang import current_lang, t
from kundenwert.ui.scenarios import display_name, quoted
from kundenwert.ui.session import widget_key

MOVERS_SHOWN = 200
K_MEMO = widget_key("cmp_memo")           # memo slot of the last comparisons (kundenwert.ui.memo)
K_A, K_B = widget_key("cmp_a"), widget_key("cmp_b")
S_A, S_B = "compare_a", "compare_b"   # the picks: fields of session.ViewSettings (kept across page switches)
K_SEEN = widget_key("cmp_seen")           # saved scenarios the page has offered already
K_SANKEY = widget_key("fig_cmp_sankey")   # memo slot of the flow chart
MISSING = "–"              # a rank or score the customer does not have in that scenario (never "None")


def class_word(cls: str, lang: str) -> str:
    """A row / column of the migration table: "A", "B", "C" or "nicht bewertbar" (the charts' word)."""
    return cls if cls in CLASSES else text("chart.not_scorable", lang)


# ------------------------------------------------------------------------------------- logic

def comparison_for(a: Scenario, b: Scenario) -> Comparison:
    """compare(current list, a, b) in the UI language (drivers, reasons), memoised in the session (the last
    pairs)."""
    lang = current_lang()
    return memo.memoised(K_MEMO, lambda: compare(state.current_list(), a, b, results=(state.result_for(a),
                                                                                      state.result_for(b)), lang=lang),
                         scenarios=(a, b), extra=(lang,), size=1)        # a comparison of 100k customers is ~30 MB


def migration_table(cmp: Comparison, lang: str = "de") -> pd.DataFrame:
    """The migration counts for display: rows = class under A, columns = class under B, plus totals.

    The "nicht bewertbar" row/column only appears when a customer is not scorable in one of them.
    """
    m = cmp.migration
    labels = [c for c in m.index if c in CLASSES or m.loc[c].sum() or m[c].sum()]
    table = m.loc[labels, labels].astype(int).copy()
    table.index = [class_word(c, lang) for c in labels]
    table.columns = [class_word(c, lang) for c in labels]
    total = text("ui.compare_page.total", lang)
    table[total] = table.sum(axis=1)
    table.loc[total] = table.sum(axis=0)
    return table


def spearman_reading(rho: float | None, lang: str = "de") -> str:
    """The rank correlation in plain words."""
    if rho is None:
        return text("ui.compare_page.rho.none", lang)
    if rho >= 0.95:
        reading = "same"
    elif rho >= 0.8:
        reading = "close"
    elif rho >= 0.5:
        reading = "rough"
    elif rho >= 0:
        reading = "loose"
    else:
        reading = "opposite"
    return text("ui.compare_page.rho.shown", lang, rho=fmt_num(rho, 2, lang),
                reading=text(f"ui.compare_page.rho.{reading}", lang))


def filter_movers(movers: pd.DataFrame, query: str = "", changed_only: bool = False) -> pd.DataFrame:
    """The movers (most moved first), optionally only class changes, filtered by name / id."""
    frame = movers
    if changed_only:
        frame = frame[frame["class_a"] != frame["class_b"]]
    q = " ".join(query.split()).casefold()
    if q:
        hay = frame["id"].astype(str).str.casefold() + "\x00" + frame["name"].astype(str).str.casefold()
        frame = frame[hay.str.contains(q, regex=False)]
    return frame


def movers_columns(lang: str = "de") -> dict[str, str]:
    """The movers table's column names in ``lang`` (the one place for them: table, styles, column config).
    Per-scenario columns are named by the scenario, so "Klasse A" is not read as customer class A."""
    cols = {"id": label("id", lang), "name": label("name", lang),
            "drivers": text("ui.compare_page.col.drivers", lang), "places": text("ui.compare_page.col.places", lang),
            "why": text("ui.compare_page.col.why", lang)}
    for tag in ("a", "b"):
        for what in ("class", "rank", "score"):
            cols[f"{what}_{tag}"] = text(f"ui.compare_page.col.{what}", lang, tag=tag.upper())
    return cols


def movers_table(frame: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """The movers for display: classes as pills ("nicht bewertbar" where a scenario gives no score), ranks
    and scores as numbers (they sort), the engine's reason for a missing score, the drivers."""
    col = movers_columns(lang)
    out = class_word(NOT_SCORABLE, lang)

    def cls(values: pd.Series) -> list[list[str]]:
        return [[c] if c in CLASSES else [out] for c in values]

    why = [" · ".join(text("ui.compare_page.why", lang, tag=tag, reason=r) for tag, r in (("A", ra), ("B", rb)) if r)
           for ra, rb in zip(frame["reason_a"], frame["reason_b"], strict=True)]
    table = pd.DataFrame({
        col["id"]: frame["id"].astype(str).to_numpy(),
        col["name"]: frame["name"].astype(str).to_numpy(),
        col["class_a"]: cls(frame["class_a"]),
        col["class_b"]: cls(frame["class_b"]),
        col["drivers"]: frame["drivers"].astype(str).to_numpy(),
        col["places"]: frame["rank_change"].astype("Int64").to_numpy(),
        col["rank_a"]: frame["rank_a"].astype("Int64").to_numpy(),
        col["rank_b"]: frame["rank_b"].astype("Int64").to_numpy(),
        col["score_a"]: frame["score_a"].astype(float).to_numpy(),
        col["score_b"]: frame["score_b"].astype(float).to_numpy(),
        col["why"]: why,
    })
    return table if any(why) else table.drop(columns=col["why"])


def _places(v, lang: str) -> str:
    return MISSING if pd.isna(v) else fmt_signed(int(v), 0, lang, zero="±")


def _styled_movers(table: pd.DataFrame, lang: str):
    """Numbers of the language; places as signed text ("–" when a customer is not scorable in one scenario)."""
    col = movers_columns(lang)
    table = table.assign(**{col["places"]: [_places(v, lang) for v in table[col["places"]]]})
    score = {col[k]: (lambda v: fmt_num(v, 1, lang)) for k in ("score_a", "score_b")}
    rank = {col[k]: (lambda v: fmt_num(v, 0, lang)) for k in ("rank_a", "rank_b")}
    return table.style.format({**score, **rank}, na_rep=MISSING)


def movers_column_config(name_a: str, name_b: str, lang: str = "de") -> dict:
    """Column widths and help: every per-scenario column says which scenario it is (names as shown)."""
    col = movers_columns(lang)
    names = {"a": name_a, "b": name_b}

    def of(tag: str) -> str:
        return text("ui.compare_page.of", lang, tag=tag.upper(), name=names[tag])

    config = {
        col["name"]: st.column_config.TextColumn(width="medium"),
        col["drivers"]: st.column_config.TextColumn(width="large"),
        col["places"]: st.column_config.TextColumn(width="small", help=text("ui.compare_page.help.places", lang)),
        col["why"]: st.column_config.TextColumn(width="large", help=text("ui.compare_page.help.why", lang)),
    }
    for tag in ("a", "b"):
        config[col[f"class_{tag}"]] = st.column_config.MultiselectColumn(
            col[f"class_{tag}"], options=[*CLASSES, class_word(NOT_SCORABLE, lang)],
            color=[common.class_color(c) for c in CLASSES] + [common.class_color(NOT_SCORABLE)],
            help=text("ui.compare_page.help.class", lang, of=of(tag), out=class_word(NOT_SCORABLE, lang)))
        config[col[f"rank_{tag}"]] = st.column_config.NumberColumn(help=text("ui.compare_page.help.rank", lang,
                                                                             of=of(tag)))
        config[col[f"score_{tag}"]] = st.column_config.NumberColumn(help=text("ui.compare_page.help.score", lang,
                                                                              of=of(tag)))
    return config


# -------------------------------------------------------------------------------------- picks

def _differs(choice: str, current: Scenario) -> bool:
    try:
        return not state.same_settings(scenarios.scenario_for(choice), current)
    except KeyError:
        return False


def _default_b(options: list[str]) -> str:
    """The newest saved scenario that differs from the current settings, else a differing preset."""
    current = state.current_scenario()
    saved = [o for o in options if o.startswith("saved:") and _differs(o, current)]
    if saved:
        return saved[-1]
    return next(o for o in ("preset:balanced", "preset:profit") if _differs(o, current))


def _keep(widget: str, setting: str) -> None:
    session.view[setting] = st.session_state[widget]


def _swap() -> None:
    session.update_settings(compare_a=session.view.get(S_B), compare_b=session.view.get(S_A))


def _apply_b() -> None:
    with contextlib.suppress(KeyError):
        state.apply_scenario(scenarios.scenario_for(session.view.get(S_B, "")))


def ensure_picks(options: list[str] | None = None) -> None:
    """Settle A and B before the page (and the URL) is written: keep valid picks; a saved scenario that
    is new and differs from the current settings comes in as B once; otherwise A = current settings,
    B = the default. Every page runs this on every rerun (for the URL) without `options`: then the team
    library is not asked (a database query per rerun) and a `lib:` pick is kept; the comparison page
    passes its full `options`, library versions included, and a vanished pick is replaced."""
    if options is not None:
        ids = list(options)
    else:
        ids = list(scenarios.choices(library=False))
        ids += [p for p in (session.view.get(S_A), session.view.get(S_B)) if str(p).startswith("lib:")]
    saved = [i for i in ids if i.startswith("saved:")]
    current = state.current_scenario()
    seen = [i for i in st.session_state.get(K_SEEN, ()) if i in saved]
    # a saved scenario is "new" until it first differs from the current settings (saved just now from
    # them, it would compare with itself); then it comes in as B once
    new = [i for i in saved if i not in seen and _differs(i, current)]
    st.session_state[K_SEEN] = seen + new
    if session.view.get(S_A) not in ids:
        session.view[S_A] = scenarios.CURRENT
    if session.view.get(S_B) not in ids or (new and session.view.get(S_A) != new[-1]):
        session.view[S_B] = new[-1] if new else _default_b(ids)   # a new saved scenario comes in as B


def _pick(options: dict[str, str]) -> tuple[str, str]:
    ids = list(options)
    ensure_picks(ids)
    st.session_state[K_A] = session.view[S_A]
    st.session_state[K_B] = session.view[S_B]
    c1, c2, c3 = st.columns([5, 1, 5], vertical_alignment="bottom")
    a = c1.selectbox(t("ui.compare_page.scenario", tag="A"), ids, key=K_A, format_func=options.get, on_change=_keep, args=(K_A, S_A))
    c2.button("⇄", key=widget_key("cmp_swap"), on_click=_swap, help=t("ui.compare_page.swap"), width="stretch")
    b = c3.selectbox(t("ui.compare_page.scenario", tag="B"), ids, key=K_B, format_func=options.get, on_change=_keep, args=(K_B, S_B))
    return a, b


# --------------------------------------------------------------------------------------- link

def resolve_library(ref: str, version: int | None) -> Scenario | None:
    """A scenario of the team library (kundenwert.ui.library) by id and version, or None if the library
    has no such version or cannot be reached."""
    if version is None:
        return None
    try:
        return scenarios.scenario_for(f"lib:{ref}:{version}")
    except KeyError:
        return None


def _pick_for(choice: str | None) -> links.Pick | None:
    """The link form of a pick: saved scenarios travel inline (the receiver has no session of ours)."""
    if choice is None:
        return None
    if choice == scenarios.CURRENT:
        return links.Pick("current")
    kind, _, ref = choice.partition(":")
    if kind == "preset":
        return links.Pick("preset", ref)
    if kind == "lib":
        lib, _, version = ref.rpartition(":")
        return links.Pick("lib", lib, int(version)) if version.isdigit() else None
    try:
        return links.Pick("inline", scenario=scenarios.scenario_for(choice))
    except KeyError:
        return None


def link_pair() -> tuple[links.Pick | None, links.Pick | None]:
    """A and B for the URL, once the page has settled them (before that, the URL has no pair)."""
    return _pick_for(session.view.get(S_A)), _pick_for(session.view.get(S_B))


def _choice_for(tag: str, pick: links.Pick, problems: list[Phrase]) -> str | None:
    if pick.kind == "current":
        return scenarios.CURRENT
    if pick.kind == "preset":
        return f"preset:{pick.ref}"
    scenario = pick.scenario
    if pick.kind == "lib":
        if resolve_library(pick.ref, pick.version) is None:
            problems.append(Phrase("ui.compare_page.link_missing", {
                "shown": f"{tag.lower()}=lib:{pick.ref[:20]}:{pick.version}", "tag": tag}))
            return None
        return f"lib:{pick.ref}:{pick.version}"        # the library version itself is the choice
    assert scenario is not None
    saved = state.saved_scenarios()
    name = next((n for n, s in saved.items() if n == scenario.name and state.same_settings(s, scenario)), None)
    if name is None:
        name = scenarios.unique_name(scenario.name)
        saved[name] = replace(scenario, name=name)
    st.session_state[K_SEEN] = [*st.session_state.get(K_SEEN, ()), f"saved:{name}"]
    return f"saved:{name}"


def apply_link_pair(a: links.Pick | None, b: links.Pick | None) -> list[Phrase]:
    """Take the pair of a link: inline scenarios become saved scenarios of this session, library
    references are resolved. Returns the problems (phrases, worded by ``links.notice``)."""
    problems: list[Phrase] = []
    for tag, pick, setting in (("A", a, S_A), ("B", b, S_B)):
        if pick is not None:
            choice = _choice_for(tag, pick, problems)
            if choice is not None:
                session.view[setting] = choice
    return problems


# ------------------------------------------------------------------------------------- render

def _kpi_block(tag: str, result: ScoreResult, other: ScoreResult | None) -> None:
    lang = current_lang()
    h, counts = report.headline(result), result.class_counts()
    n, avg, total = h.scored, h.avg_score, h.total_value
    st.markdown(f"**{tag}: {escape_md(display_name(result.scenario))}**")
    common.technical(t("ui.compare_page.classes", rule=report.class_rule_short(result.scenario, lang)))
    c = st.columns([1, 0.8, 1.5])
    delta_kw = {"delta_color": "off", "delta_arrow": "off"}
    scored_label, avg_label, total_label = t("html.kpi.scored"), t("html.kpi.avg_score"), t("html.kpi.total_value")
    if other is None:
        c[0].metric(scored_label, fmt_num(n, 0, lang))
        c[1].metric(avg_label, fmt_num(avg, 1, lang))
        c[2].metric(total_label, common.fmt_eur_short(total))
    else:
        o, o_counts = report.headline(other), other.class_counts()
        o_n, o_avg, o_total = o.scored, o.avg_score, o.total_value
        c[0].metric(scored_label, fmt_num(n, 0, lang), delta=_signed(n - o_n, 0), **delta_kw)
        c[1].metric(avg_label, fmt_num(avg, 1, lang),
                    delta=_signed(None if avg is None or o_avg is None else avg - o_avg, 1), **delta_kw)
        c[2].metric(total_label, common.fmt_eur_short(total),
                    delta=_signed_eur(total - o_total), **delta_kw)
    c = st.columns(3)
    for i, cls in enumerate(CLASSES):
        delta = None if other is None else _signed(counts[cls] - o_counts[cls], 0)
        c[i].metric(common.class_badge(cls, common.class_label(cls)), fmt_num(counts[cls], 0, lang), delta=delta,
                    delta_color="off", delta_arrow="off")


def _signed(value: float | None, decimals: int) -> str | None:
    return None if value is None else fmt_signed(value, decimals, current_lang(), zero="±")


def _signed_eur(value: float) -> str:
    if round(value) == 0:
        return "±" + fmt_eur(0, 0, current_lang())
    return ("+" if value > 0 else "−") + common.fmt_eur_short(abs(value))


def _styled_migration(table: pd.DataFrame, lang: str):
    total = text("ui.compare_page.total", lang)

    def cell_style(frame: pd.DataFrame) -> pd.DataFrame:
        styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for row in frame.index:
            if row in frame.columns and row != total:
                styles.loc[row, row] = "background-color: #E8EEF4; font-weight: 700"
        styles.loc[total, :] = "color: #52606d"
        styles.loc[:, total] = "color: #52606d"
        return styles

    return table.style.apply(cell_style, axis=None).format(lambda v: fmt_num(v, 0, lang))


def _body() -> None:
    lang = current_lang()
    if not common.require_ratings(t("ui.compare_page.needs")):
        return
    current = state.current_result()
    empty = common.no_customers_text(current) if current is not None else None
    if empty:
        st.info(empty + " " + t("ui.compare_page.needs_scored"), icon=":material/info:")
        return
    st.markdown(t("ui.compare_page.intro", section=t("ui.sidebar.own_scenarios")))
    options = scenarios.choices()
    a_id, b_id = _pick(options)
    try:
        sa, sb = scenarios.scenario_for(a_id), scenarios.scenario_for(b_id)
    except KeyError:
        st.warning(t("ui.compare_page.gone"))
        return
    if a_id.startswith("preset:") or b_id.startswith("preset:"):
        common.technical(t("ui.compare_page.preset_note"))
    cmp = comparison_for(sa, sb)
    if state.same_settings(sa, sb):
        st.info(t("ui.compare_page.same"), icon=":material/info:")
    name_a, name_b = display_name(sa), display_name(sb)

    present = analysis.presentation()           # on the projector: one block under the other, nothing cut
    left, right = (st.container(), st.container()) if present else st.columns(2, gap="large")
    with left, st.container(border=True):
        _kpi_block("A", cmp.a, None)
    with right, st.container(border=True):
        _kpi_block("B", cmp.b, cmp.a)

    n = len(cmp.movers)
    changed = cmp.changed_class
    st.subheader(t("ui.compare_page.changes"))
    c1, c2, c3 = st.columns(3)
    c1.metric(t("ui.compare_page.changed"), fmt_num(changed, 0, lang),
              delta=t("ui.common.share_of_customers", share=fmt_pct(changed / n if n else 0, 0, lang)),
              delta_color="off", delta_arrow="off")
    movers = cmp.movers
    up = int(((movers["class_a"] != "A") & (movers["class_b"] == "A")).sum())
    down = int(((movers["class_a"] == "A") & (movers["class_b"] != "A")).sum())
    c2.metric(t("ui.compare_page.up"), fmt_num(up, 0, lang), help=t("ui.compare_page.up_help"))
    c3.metric(t("ui.compare_page.down"), fmt_num(down, 0, lang), help=t("ui.compare_page.down_help"))
    st.markdown(escape_md(spearman_reading(cmp.spearman, lang)))

    col_t, col_s = (st.container(), st.container()) if present else st.columns([2, 3], gap="large")
    with col_t:
        st.markdown(f"**{t('ui.compare_page.where_to')}**")
        common.technical(t("ui.compare_page.where_to_help"))
        st.table(_styled_migration(migration_table(cmp, lang), lang))
    with col_s:
        from kundenwert import charts_scenarios  # here, not on import: the start page imports this module

        pres = analysis.presentation()
        # keyed by what it shows (the counts and names), not by the settings: a move that changes no class
        # (€ per point, a weight that moves nobody across a threshold) keeps the chart
        counts = tuple(map(tuple, cmp.migration.to_numpy(dtype=int).tolist()))
        analysis.chart(memo.memoised(K_SANKEY, lambda: charts_scenarios.class_sankey(
            cmp.migration, name_a, name_b, presentation=pres, lang=lang),
            extra=(tuple(cmp.migration.index), counts, name_a, name_b, pres, lang), size=2),
            key=widget_key("cmp_sankey"))

    st.subheader(t("ui.compare_page.movers"))
    st.markdown(t("ui.compare_page.movers_intro"))
    f1, f2 = st.columns([3, 2], vertical_alignment="bottom")
    query = f1.text_input(t("ui.common.search"), key=widget_key("cmp_query"),
                          placeholder=t("ui.common.search_example"))
    only = f2.toggle(t("ui.compare_page.only_changed"), key=widget_key("cmp_changed"), value=True)
    frame = filter_movers(movers, query, only)
    if frame.empty:
        st.info(t("ui.common.none_found") if (query or not only) else t("ui.compare_page.none_changed"))
    else:
        shown = frame.head(MOVERS_SHOWN)
        st.dataframe(_styled_movers(movers_table(shown, lang), lang), hide_index=True, width="stretch",
                     key=widget_key("cmp_movers"), height=min(35 * (len(shown) + 1) + 3, 560), placeholder=MISSING,
                     column_config=movers_column_config(name_a, name_b, lang))
        more = t("ui.compare_page.more", shown=MOVERS_SHOWN) if len(frame) > MOVERS_SHOWN else ""
        st.caption(t("ui.compare_page.count", n=len(frame), more=more))

    if b_id != scenarios.CURRENT:
        st.button(t("ui.compare_page.apply_b", name=escape_md(quoted(name_b))), key=widget_key("cmp_apply_b"),
                  on_click=_apply_b, icon=":material/input:")


def render() -> None:
    analysis.page(t("page.compare"), "⚖️", _body)
