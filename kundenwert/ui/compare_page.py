"""Page "Szenarienvergleich": two weightings side by side – who changes class, and why.

Pick two scenarios (current settings, presets, saved ones); the page shows their KPIs, the class
migration matrix with counts, a flow chart of the moves, the Spearman rank correlation in plain
words, and the customers who move most with the criteria that drive the move.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from kundenwert import charts_scenarios, links, report
from kundenwert.compare import NOT_SCORABLE, Comparison, compare
from kundenwert.fmt import fmt_num, fmt_pct, plural
from kundenwert.scenario import Scenario
from kundenwert.scoring import CLASSES, ScoreResult
from kundenwert.ui import analysis, common, memo, scenarios, session, state
from kundenwert.ui.common import escape_md
from kundenwert.ui.session import widget_key

TITLE = "Szenarienvergleich"
MOVERS_SHOWN = 200
K_MEMO = widget_key("cmp_memo")           # memo slot of the last comparisons (kundenwert.ui.memo)
K_A, K_B = widget_key("cmp_a"), widget_key("cmp_b")
S_A, S_B = "compare_a", "compare_b"   # the picks: fields of session.ViewSettings (kept across page switches)
K_SEEN = widget_key("cmp_seen")           # saved scenarios the page has offered already
ROW_LABELS = {"A": "A", "B": "B", "C": "C", NOT_SCORABLE: "nicht bewertbar"}


# ------------------------------------------------------------------------------------- logic

def comparison_for(a: Scenario, b: Scenario) -> Comparison:
    """compare(current list, a, b), memoised in the session (the last pairs)."""
    return memo.memoised(K_MEMO, lambda: compare(state.current_list(), a, b, results=(state.result_for(a),
                                                                                      state.result_for(b))),
                         scenarios=(a, b), size=1)        # a comparison of 100k customers is ~30 MB


def migration_table(cmp: Comparison) -> pd.DataFrame:
    """The migration counts for display: rows = class under A, columns = class under B, plus totals.

    The "nicht bewertbar" row/column only appears when a customer is not scorable in one of them.
    """
    m = cmp.migration
    labels = [c for c in m.index if c in CLASSES or m.loc[c].sum() or m[c].sum()]
    table = m.loc[labels, labels].astype(int).copy()
    table.index = [ROW_LABELS[c] for c in labels]
    table.columns = [ROW_LABELS[c] for c in labels]
    table["Summe"] = table.sum(axis=1)
    table.loc["Summe"] = table.sum(axis=0)
    return table


def spearman_reading(rho: float | None) -> str:
    """The rank correlation in plain words."""
    if rho is None:
        return "Eine Rangkorrelation lässt sich hier nicht berechnen (zu wenige bewertete Kunden)."
    if rho >= 0.95:
        text = "Die Reihenfolge ist fast dieselbe – die Gewichtung ändert am Bild kaum etwas."
    elif rho >= 0.8:
        text = ("Die Reihenfolgen stimmen weitgehend überein: wer in A vorn liegt, liegt meist auch in B vorn; "
                "es verschieben sich vor allem Kunden im Mittelfeld.")
    elif rho >= 0.5:
        text = ("Die Reihenfolgen ähneln sich nur noch grob: viele Kunden rücken deutlich auf oder ab – "
                "die Wahl der Gewichtung ist hier eine echte Entscheidung.")
    elif rho >= 0:
        text = ("Die Reihenfolgen haben wenig miteinander zu tun: die beiden Szenarien bewerten ganz "
                "unterschiedliche Kunden als wertvoll.")
    else:
        text = "Die Reihenfolgen laufen gegeneinander: wer in A vorn liegt, liegt in B eher hinten."
    return f"Rangkorrelation (Spearman) ρ = {fmt_num(rho, 2)}. {text}"


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


DRIVERS = "Treiber (Beitrag B − A, Punkte)"
# the movers' columns per scenario: named by the scenario, so "Klasse A" is not read as customer class A
COLS = {f"{what}_{tag}": f"{label} (Szenario {tag.upper()})" for tag in ("a", "b")
        for what, label in (("class", "Klasse"), ("rank", "Rang"), ("score", "Score"))}
WHY = "Warum ohne Score"
NOT_SCORABLE_LABEL = ROW_LABELS[NOT_SCORABLE]
MISSING = "–"              # a rank or score the customer does not have in that scenario (never "None")


def movers_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The movers for display: classes as pills ("nicht bewertbar" where a scenario gives no score), ranks
    and scores as numbers (they sort), the engine's reason for a missing score, the drivers."""
    def cls(values: pd.Series) -> list[list[str]]:
        return [[c] if c in CLASSES else [NOT_SCORABLE_LABEL] for c in values]

    why = [" · ".join(f"in {tag}: {r}" for tag, r in (("A", ra), ("B", rb)) if r)
           for ra, rb in zip(frame["reason_a"], frame["reason_b"], strict=True)]
    table = pd.DataFrame({
        "Kunden-Nr.": frame["id"].astype(str).to_numpy(),
        "Kunde": frame["name"].astype(str).to_numpy(),
        COLS["class_a"]: cls(frame["class_a"]),
        COLS["class_b"]: cls(frame["class_b"]),
        DRIVERS: frame["drivers"].astype(str).to_numpy(),
        "Plätze": frame["rank_change"].astype("Int64").to_numpy(),
        COLS["rank_a"]: frame["rank_a"].astype("Int64").to_numpy(),
        COLS["rank_b"]: frame["rank_b"].astype("Int64").to_numpy(),
        COLS["score_a"]: frame["score_a"].astype(float).to_numpy(),
        COLS["score_b"]: frame["score_b"].astype(float).to_numpy(),
        WHY: why,
    })
    return table if any(why) else table.drop(columns=WHY)


def _places(v) -> str:
    return MISSING if pd.isna(v) else (f"+{int(v)}" if v > 0 else ("±0" if v == 0 else f"−{abs(int(v))}"))


def _styled_movers(table: pd.DataFrame):
    """German numbers; "Plätze" as signed text ("–" when a customer is not scorable in one scenario)."""
    table = table.assign(**{"Plätze": [_places(v) for v in table["Plätze"]]})
    score = {COLS[k]: (lambda v: fmt_num(v, 1)) for k in ("score_a", "score_b")}
    rank = {COLS[k]: (lambda v: fmt_num(v, 0)) for k in ("rank_a", "rank_b")}
    return table.style.format({**score, **rank}, na_rep=MISSING)


def movers_column_config(name_a: str, name_b: str) -> dict:
    """Column widths and help: every per-scenario column says which scenario it is."""
    names = {"a": name_a, "b": name_b}

    def of(tag: str) -> str:
        return f"Szenario {tag.upper()} „{names[tag]}“"

    config = {
        "Kunde": st.column_config.TextColumn(width="medium"),
        DRIVERS: st.column_config.TextColumn(width="large"),
        "Plätze": st.column_config.TextColumn(
            width="small", help="Plätze, um die der Kunde unter B auf- (+) oder absteigt (−)"),
        WHY: st.column_config.TextColumn(width="large", help="Warum der Kunde in einem Szenario keinen Score hat "
                                                             "(zu wenige Bewertungen für dessen Gewichtung)"),
    }
    for tag in ("a", "b"):
        config[COLS[f"class_{tag}"]] = st.column_config.MultiselectColumn(
            COLS[f"class_{tag}"], options=[*CLASSES, NOT_SCORABLE_LABEL],
            color=[common.class_color(c) for c in CLASSES] + [common.class_color(NOT_SCORABLE)],
            help=f"A/B/C-Klasse im {of(tag)}; „nicht bewertbar“: dort kein Score")
        config[COLS[f"rank_{tag}"]] = st.column_config.NumberColumn(help=f"Rang im {of(tag)} (1 = wertvollster Kunde)")
        config[COLS[f"score_{tag}"]] = st.column_config.NumberColumn(help=f"Score (0–10) im {of(tag)}")
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
    a = c1.selectbox("Szenario A", ids, key=K_A, format_func=options.get, on_change=_keep, args=(K_A, S_A))
    c2.button("⇄", key=widget_key("cmp_swap"), on_click=_swap, help="A und B tauschen", width="stretch")
    b = c3.selectbox("Szenario B", ids, key=K_B, format_func=options.get, on_change=_keep, args=(K_B, S_B))
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


def _choice_for(tag: str, pick: links.Pick, problems: list[str]) -> str | None:
    if pick.kind == "current":
        return scenarios.CURRENT
    if pick.kind == "preset":
        return f"preset:{pick.ref}"
    scenario = pick.scenario
    if pick.kind == "lib":
        if resolve_library(pick.ref, pick.version) is None:
            problems.append(f"„{tag.lower()}=lib:{pick.ref[:20]}:{pick.version}“ (Szenario {tag} ist in der "
                            "Szenario-Bibliothek nicht zu finden)")
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


def apply_link_pair(a: links.Pick | None, b: links.Pick | None) -> list[str]:
    """Take the pair of a link: inline scenarios become saved scenarios of this session, library
    references are resolved. Returns the problems (German)."""
    problems: list[str] = []
    for tag, pick, setting in (("A", a, S_A), ("B", b, S_B)):
        if pick is not None:
            choice = _choice_for(tag, pick, problems)
            if choice is not None:
                session.view[setting] = choice
    return problems


# ------------------------------------------------------------------------------------- render

def _method_line(result: ScoreResult) -> str:
    return report.class_rule_short(result.scenario)


def _kpi_block(tag: str, result: ScoreResult, other: ScoreResult | None) -> None:
    scored = result.scored
    counts = result.class_counts()
    total = float(np.nansum(scored["value_eur"].to_numpy(dtype=float)))
    avg = float(scored["score"].mean()) if len(scored) else None
    st.markdown(f"**{tag}: {escape_md(result.scenario.name)}**")
    common.technical(f"Klassen: {_method_line(result)}")
    c = st.columns([1, 0.8, 1.5])
    delta_kw = {"delta_color": "off", "delta_arrow": "off"}
    if other is None:
        c[0].metric("Kunden bewertet", fmt_num(len(scored), 0))
        c[1].metric("Ø Score", fmt_num(avg, 1))
        c[2].metric("Kundenwert gesamt", common.fmt_eur_short(total))
    else:
        o_scored = other.scored
        o_avg = float(o_scored["score"].mean()) if len(o_scored) else None
        o_total = float(np.nansum(o_scored["value_eur"].to_numpy(dtype=float)))
        c[0].metric("Kunden bewertet", fmt_num(len(scored), 0),
                    delta=_signed(len(scored) - len(o_scored), 0), **delta_kw)
        c[1].metric("Ø Score", fmt_num(avg, 1),
                    delta=_signed(None if avg is None or o_avg is None else avg - o_avg, 1), **delta_kw)
        c[2].metric("Kundenwert gesamt", common.fmt_eur_short(total),
                    delta=_signed_eur(total - o_total), **delta_kw)
    c = st.columns(3)
    for i, cls in enumerate(CLASSES):
        delta = None if other is None else _signed(counts[cls] - other.class_counts()[cls], 0)
        c[i].metric(common.class_badge(cls, f"Klasse {cls}"), fmt_num(counts[cls], 0), delta=delta,
                    delta_color="off", delta_arrow="off")


def _signed(value: float | None, decimals: int) -> str | None:
    if value is None:
        return None
    if round(value, decimals) == 0:
        return "±0"
    return ("+" if value > 0 else "−") + fmt_num(abs(value), decimals)


def _signed_eur(value: float) -> str:
    if round(value) == 0:
        return "±0 €"
    return ("+" if value > 0 else "−") + common.fmt_eur_short(abs(value))


def _styled_migration(table: pd.DataFrame):
    def cell_style(frame: pd.DataFrame) -> pd.DataFrame:
        styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for label in frame.index:
            if label in frame.columns and label != "Summe":
                styles.loc[label, label] = "background-color: #E8EEF4; font-weight: 700"
        styles.loc["Summe", :] = "color: #52606d"
        styles.loc[:, "Summe"] = "color: #52606d"
        return styles

    return table.style.apply(cell_style, axis=None).format(lambda v: fmt_num(v, 0))


def _body() -> None:
    if not common.require_ratings("der Szenarienvergleich"):
        return
    current = state.current_result()
    empty = common.no_customers_text(current) if current is not None else None
    if empty:
        st.info(empty + " Zwei Gewichtungen lassen sich erst an bewerteten Kunden vergleichen.",
                icon=":material/info:")
        return
    st.markdown("Zwei Gewichtungen auf derselben Kundenliste: wer wechselt die Klasse, wie ähnlich sind die "
                "Rangfolgen, und welche Kriterien verursachen die Verschiebung? Ihre eigenen Szenarien speichern "
                "Sie in der Seitenleiste (Abschnitt **Eigene Szenarien**).")
    options = scenarios.choices()
    a_id, b_id = _pick(options)
    try:
        sa, sb = scenarios.scenario_for(a_id), scenarios.scenario_for(b_id)
    except KeyError:
        st.warning("Dieses Szenario gibt es nicht mehr – bitte ein anderes wählen.")
        return
    if a_id.startswith("preset:") or b_id.startswith("preset:"):
        common.technical("Voreinstellungen setzen Gewichte und Richtungen; Klassenmethode, Schwellen und € je Punkt "
                         "kommen aus der Seitenleiste.")
    cmp = comparison_for(sa, sb)
    if state.same_settings(sa, sb):
        st.info("Beide Szenarien sind gleich eingestellt – niemand wechselt die Klasse. Wählen Sie zwei "
                "verschiedene Szenarien.", icon=":material/info:")

    present = analysis.presentation()           # on the projector: one block under the other, nothing cut
    left, right = (st.container(), st.container()) if present else st.columns(2, gap="large")
    with left, st.container(border=True):
        _kpi_block("A", cmp.a, None)
    with right, st.container(border=True):
        _kpi_block("B", cmp.b, cmp.a)

    n = len(cmp.movers)
    changed = cmp.changed_class
    st.subheader("Klassenwechsel")
    c1, c2, c3 = st.columns(3)
    c1.metric("Kunden mit anderer Klasse", fmt_num(changed, 0),
              delta=f"{fmt_pct(changed / n if n else 0)} der Kunden", delta_color="off", delta_arrow="off")
    movers = cmp.movers
    up = int(((movers["class_a"] != "A") & (movers["class_b"] == "A")).sum())
    down = int(((movers["class_a"] == "A") & (movers["class_b"] != "A")).sum())
    c2.metric("neu in Klasse A", fmt_num(up, 0), help="unter B in Klasse A, unter A nicht")
    c3.metric("fallen aus Klasse A", fmt_num(down, 0), help="unter A in Klasse A, unter B nicht")
    st.markdown(escape_md(spearman_reading(cmp.spearman)))

    col_t, col_s = (st.container(), st.container()) if present else st.columns([2, 3], gap="large")
    with col_t:
        st.markdown("**Wie viele Kunden wohin wechseln**")
        common.technical("Zeilen: Klasse unter A · Spalten: Klasse unter B · Diagonale: Klasse bleibt")
        st.table(_styled_migration(migration_table(cmp)))
    with col_s:
        pres = analysis.presentation()
        analysis.chart(memo.memoised(widget_key("fig_cmp_sankey"), lambda: charts_scenarios.class_sankey(
            cmp.migration, sa.name, sb.name, presentation=pres), scenarios=(sa, sb), extra=(pres,), size=2),
            key=widget_key("cmp_sankey"))

    st.subheader("Wer sich am stärksten bewegt – und warum")
    st.markdown("Zuerst die Kunden mit Klassenwechsel, dann nach der Zahl der Plätze, um die sie auf- oder "
                "absteigen. **Treiber** sind die Kriterien, deren Beitrag zum Score sich am stärksten ändert "
                "(in Score-Punkten, B minus A).")
    f1, f2 = st.columns([3, 2], vertical_alignment="bottom")
    query = f1.text_input("Suche nach Name oder Kunden-Nr.", key=widget_key("cmp_query"), placeholder="z. B. Müller")
    only = f2.toggle("nur Kunden mit Klassenwechsel", key=widget_key("cmp_changed"), value=True)
    frame = filter_movers(movers, query, only)
    if frame.empty:
        st.info("Keine Kunden passen zu Suche und Filter." if (query or not only) else
                "Niemand wechselt die Klasse.")
    else:
        shown = frame.head(MOVERS_SHOWN)
        st.dataframe(_styled_movers(movers_table(shown)), hide_index=True, width="stretch",
                     key=widget_key("cmp_movers"), height=min(35 * (len(shown) + 1) + 3, 560), placeholder=MISSING,
                     column_config=movers_column_config(sa.name, sb.name))
        more = f" – die ersten {fmt_num(MOVERS_SHOWN, 0)} sind gezeigt, die Suche findet alle" \
            if len(frame) > MOVERS_SHOWN else ""
        st.caption(f"{plural(len(frame), 'Kunde', 'Kunden')}{more}")

    if b_id != scenarios.CURRENT:
        st.button(f"Szenario B „{escape_md(sb.name)}“ in die Seitenleiste übernehmen", key=widget_key("cmp_apply_b"),
                  on_click=_apply_b, icon=":material/input:")


def render() -> None:
    analysis.page(TITLE, "⚖️", _body)
