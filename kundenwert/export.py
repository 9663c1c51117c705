"""Exports that are safe to open in Excel: the Excel report, CSV, and a self-contained HTML report.

No text from the input becomes a formula or a link: xlsx cells are written as strings explicitly
(with formula and URL conversion off), and CSV text cells starting with = + - @ tab or CR get a
leading apostrophe (OWASP CSV-injection guidance). The HTML report escapes every text.
"""

from __future__ import annotations

import base64
import csv
import functools
import gzip
import html
import io
from datetime import datetime

import numpy as np
import pandas as pd
import xlsxwriter

from . import report
from .criteria import label_de
from .dataset import CustomerList
from .fmt import fmt_eur, fmt_num, fmt_pct, round_half_up
from .scoring import CLASSES, ScoreResult
from .style import CLASS_COLORS, CLASS_TEXT_COLORS

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet will never read as a formula (CSV only; xlsx writes strings as strings)."""
    return "'" + text if text.startswith(_DANGEROUS) else text


def _settings(result: ScoreResult, settings: report.Settings | None) -> report.Settings:
    """The user's settings; without any, the list's defaults (as the app shows before a change)."""
    return settings if settings is not None else report.settings_for(result)


def flags(result: ScoreResult, cl: CustomerList, settings: report.Settings | None = None) -> np.ndarray:
    """Per customer the flags a manager acts on (rules in ``report.customer_flags``), as one German text."""
    return report.flag_summary(report.customer_flags(cl, result, _settings(result, settings)))


def result_table(result: ScoreResult, cl: CustomerList, settings: report.Settings | None = None) -> pd.DataFrame:
    """The result in export form: ranked customers first, then the not scorable ones."""
    frame = result.frame
    out = pd.DataFrame({
        "Rang": frame["rank"], "Kunden-Nr.": frame["id"], "Kunde": frame["name"], "Score": frame["score"],
        "Kundenwert (€)": frame["value_eur"], "Klasse": frame["class"].replace("", None),
    })
    if "clv" in frame.columns:
        out["CLV (€)"] = frame["clv"]
    for key in ("revenue", "margin"):
        if key in frame.columns:
            out[label_de(key)] = frame[key]
    for c, key in enumerate(result.criteria):
        out[f"Beitrag {label_de(key)}"] = np.where(frame["scorable"], result.contributions[:, c], np.nan)
    out["Hinweise"] = flags(result, cl, settings)
    out["Excel-Zeile"] = frame["row"]
    order = np.lexsort((frame["row"].to_numpy(), frame["rank"].to_numpy(dtype=float, na_value=np.inf)))
    return out.iloc[order].reset_index(drop=True)


def weights_table(result: ScoreResult) -> pd.DataFrame:
    w = result.weights
    share = w / w.sum()
    return pd.DataFrame({
        "Kriterium": [label_de(k) for k in result.criteria],
        "Gewicht": w,
        "Anteil": share,
        "Richtung": ["hoch ist schlecht (10 − Wert)" if result.scenario.is_reversed(k) else "hoch ist gut"
                     for k in result.criteria],
    })


def abc_table(result: ScoreResult) -> pd.DataFrame:
    """The class key figures of ``report.class_summary`` with the export's column names."""
    kpis = report.class_summary(result)
    names = {"class": "Klasse", "customers": "Kunden", "share_customers": "Anteil Kunden", "value": "Kundenwert (€)",
             "share_value": "Anteil Kundenwert", "avg_score": "Ø Score", "revenue": "Umsatz (€)",
             "share_revenue": "Anteil Umsatz"}
    order = [k for k in ("class", "customers", "share_customers", "value", "share_value", "avg_score", "revenue",
                         "share_revenue") if k in kpis.columns]
    return kpis[order].rename(columns=names)


# ----------------------------------------------------------------------------------- Excel report

class _Sheet:
    """Writes a DataFrame as a finished table: bold frozen header, autofilter, formats, widths."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self.header = wb.add_format({"bold": True, "bg_color": "#DDE3EA", "border": 1, "text_wrap": True,
                                     "valign": "top"})
        self.formats = {
            "eur": wb.add_format({"num_format": '#,##0.00 "€"'}),
            "one": wb.add_format({"num_format": "0.0"}),
            "two": wb.add_format({"num_format": "0.00"}),
            "pct": wb.add_format({"num_format": "0.0 %"}),
            "int": wb.add_format({"num_format": "0"}),
        }
        self.class_formats = {c: wb.add_format({"bg_color": CLASS_COLORS[c], "font_color": CLASS_TEXT_COLORS[c],
                                                "bold": True, "align": "center"}) for c in CLASSES}
        self.title = wb.add_format({"bold": True, "font_size": 14})

    @staticmethod
    def kind(col: str) -> str | None:
        if "(€)" in col:
            return "eur"
        if col in ("Score", "Ø Score"):
            return "one"
        if col.startswith("Beitrag") or col == "Gewicht":
            return "two"
        if col.startswith("Anteil") or col in ("Quote", "Intervall von", "Intervall bis", "Studie"):
            return "pct"
        if col in ("Rang", "Kunden", "Excel-Zeile", "Wiederkäufer"):
            return "int"
        return None

    def write(self, name: str, table: pd.DataFrame, *, start_row: int = 0, notes: list[str] = (),
              autofilter: bool = True) -> None:
        ws = self.wb.add_worksheet(name)
        r0 = start_row
        for i, note in enumerate(notes):
            ws.write_string(i, 0, note, self.title if i == 0 else None)
        r0 = max(r0, len(notes) + (1 if notes else 0))
        for j, col in enumerate(table.columns):
            ws.write_string(r0, j, str(col), self.header)
        for j, col in enumerate(table.columns):
            fmt = self.formats.get(self.kind(str(col)) or "")
            values = table[col].to_numpy(dtype=object)
            is_class = col == "Klasse"
            for i, v in enumerate(values, start=r0 + 1):
                if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
                    continue
                if isinstance(v, str):
                    if is_class and v in self.class_formats:
                        ws.write_string(i, j, v, self.class_formats[v])
                    else:
                        ws.write_string(i, j, v)
                elif isinstance(v, (bool, np.bool_)):
                    ws.write_string(i, j, "ja" if v else "nein")
                else:
                    ws.write_number(i, j, float(v), fmt)
            sample = [len(str(v)) for v in values[:300] if isinstance(v, str)]
            width = max([min(len(str(col)), 24), 10 if fmt is not None else 6, *sample]) + 2
            ws.set_column(j, j, min(width, 60))
        ws.freeze_panes(r0 + 1, 0)
        if autofilter and len(table.columns):
            ws.autofilter(r0, 0, r0 + max(len(table), 1), len(table.columns) - 1)


def write_xlsx(result: ScoreResult, cl: CustomerList, target: str | io.BytesIO,
               settings: report.Settings | None = None) -> None:
    """The Excel report: Ergebnis, Gewichtung, ABC-Übersicht, After-Sales-Matrix, Datenprüfung."""
    settings = _settings(result, settings)
    wb = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False, "nan_inf_to_errors": True,
                                      "constant_memory": False})
    wb.set_properties({"title": "Kundenwert – Ergebnis", "comments": "Erstellt mit Kundenwert"})
    sheet = _Sheet(wb)
    sc = result.scenario
    sheet.write("Ergebnis", result_table(result, cl, settings))
    rule = f"{report.class_rule_short(sc)} – {report.class_rule_text(sc)}"
    epp_note = {"margin": "aus dem Deckungsbeitrag abgeleitet", "default": "Standardwert",
                "user": "vom Anwender gesetzt"}[result.euro_per_point_source]
    sheet.write("Gewichtung", weights_table(result), notes=[
        f"Szenario: {sc.name}",
        f"Klassen: {rule}",
        f"Euro je Punkt: {fmt_eur(result.euro_per_point)} ({epp_note})",
        f"CLV: Bindungsrate {fmt_pct(sc.retention)}, Diskontsatz {fmt_pct(sc.discount)}",
    ])
    sheet.write("ABC-Übersicht", abc_table(result), autofilter=False,
                notes=[f"ABC-Übersicht – {rule}"])
    m = report.matrix(cl, settings)
    yes_no = {True: "ja", False: "nein"}
    matrix = pd.DataFrame([{
        "Kauf zufrieden": yes_no[c.sale_satisfied], "After-Sales zufrieden": yes_no[c.aftersales_satisfied],
        "Kunden": c.customers if m.own_data else None, "Wiederkäufer": c.repurchasers if m.own_data else None,
        "Quote": c.rate, "Intervall von": c.ci_low, "Intervall bis": c.ci_high, "Studie": c.study_rate,
        "Hinweis": ("wenige Kunden – Quote unsicher" if m.own_data and c.few else ""),
    } for c in m.cells])
    notes = ([f"After-Sales-Matrix: Wiederkauf nach Zufriedenheit mit Kauf und After-Sales (95 %-Intervall nach "
              f"Wilson; zufrieden ab {fmt_num(m.satisfied_from, 1)} bei 0–10-Bewertungen)"]
             if m.own_data else
             ["After-Sales-Matrix: Werte der Studie eines deutschen Premium-Autoherstellers (die Liste hat keine "
              "Spalten für Zufriedenheit mit Kauf, mit After-Sales und Wiederkauf)"])
    sheet.write("After-Sales-Matrix", matrix, notes=notes, autofilter=False)
    check_rows = [*({"Excel-Zeile": r, "Art": "abgelehnt", "Grund": g}
                    for r, g in zip(cl.rejected["row"], cl.rejected["reason"], strict=True)),
                  *({"Excel-Zeile": r, "Art": "nicht bewertbar", "Grund": g}
                    for r, g in zip(result.not_scorable["row"], result.not_scorable["reason"], strict=True)),
                  *({"Excel-Zeile": r, "Art": "übersprungen", "Grund": g}
                    for r, g in zip(cl.skipped["row"], cl.skipped["reason"], strict=True))]
    warnings = cl.issues[cl.issues["severity"] != "error"]
    check_rows += [{"Excel-Zeile": (None if pd.isna(r) else int(r)), "Art": "Hinweis" if s == "info" else "Warnung",
                    "Grund": msg} for s, r, msg in zip(warnings["severity"], warnings["row"], warnings["message"],
                                                       strict=True)]
    check = pd.DataFrame(check_rows, columns=["Excel-Zeile", "Art", "Grund"])
    acc = report.accounting_sentence(report.accounting(cl, result))
    sheet.write("Datenprüfung", check, notes=[f"Datenprüfung – {cl.raw.source_name}", acc])
    wb.close()


def xlsx_bytes(result: ScoreResult, cl: CustomerList, settings: report.Settings | None = None) -> bytes:
    buf = io.BytesIO()
    write_xlsx(result, cl, buf, settings)
    return buf.getvalue()


# -------------------------------------------------------------------------------------------- CSV

def write_csv(result: ScoreResult, cl: CustomerList, target: io.TextIOBase, german: bool = True,
              settings: report.Settings | None = None) -> None:
    """German Excel style (; and decimal comma) or international (, and decimal point)."""
    table = result_table(result, cl, settings)
    writer = csv.writer(target, delimiter=";" if german else ",", lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.itertuples(index=False, name=None):
        writer.writerow([_csv_cell(v, german) for v in row])


def csv_bytes(result: ScoreResult, cl: CustomerList, german: bool = True,
              settings: report.Settings | None = None) -> bytes:
    """CSV as bytes: German style is UTF-8 with BOM (Excel opens it with umlauts intact)."""
    buf = io.StringIO(newline="")
    write_csv(result, cl, buf, german, settings)
    return buf.getvalue().encode("utf-8-sig" if german else "utf-8")


def _csv_cell(value: object, german: bool) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = f"{round_half_up(float(value), 4):.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if german else text


# ------------------------------------------------------------------------------------ HTML report

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#1f2933;padding:0 1rem}h1{margin-bottom:.2rem}.sub{color:#52606d;margin-top:0}
.kpis{display:flex;gap:1rem;flex-wrap:wrap;margin:1.5rem 0}.kpi{border:1px solid #d9e2ec;border-radius:8px;
padding:.8rem 1.2rem;min-width:150px}.kpi b{display:block;font-size:1.6rem}table{border-collapse:collapse;
width:100%;margin:1rem 0}th,td{border-bottom:1px solid #e4e7eb;padding:.35rem .5rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.badge{display:inline-block;min-width:1.6em;
text-align:center;border-radius:4px;font-weight:700;padding:0 .3em}footer{color:#7b8794;margin-top:2rem}
"""


# The report's charts need plotly.js (4.8 MB). It is embedded once, gzip-packed and base64-encoded (~2 MB), and
# unpacked by the browser itself (DecompressionStream: Chrome/Edge 80+, Firefox 113+, Safari 16.4+): the
# file stays one self-contained page that works offline, at 40 % of the size.
_CHART_LOADER = """
(async () => {
  const charts = document.querySelectorAll("script[data-kw-fig]");
  try {
    const packed = Uint8Array.from(atob(document.getElementById("kw-plotly").textContent), c => c.charCodeAt(0));
    const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
    const code = document.createElement("script");
    code.textContent = await new Response(stream).text();
    document.head.appendChild(code);
    for (const el of charts) {
      const fig = JSON.parse(el.textContent);
      Plotly.newPlot(el.dataset.kwFig, fig.data, fig.layout, {displaylogo: false, responsive: true});
    }
  } catch (err) {
    for (const el of charts) {
      document.getElementById(el.dataset.kwFig).textContent =
        "Die Diagramme brauchen einen aktuellen Browser (Chrome, Edge, Firefox oder Safari ab 2023).";
    }
  }
})();
"""


@functools.cache
def _packed_plotlyjs() -> str:
    """plotly.js of the installed plotly, gzip-packed and base64-encoded (once per process)."""
    from plotly.offline import get_plotlyjs

    return base64.b64encode(gzip.compress(get_plotlyjs().encode("utf-8"), 9, mtime=0)).decode("ascii")


def _chart_html(fig, n: int) -> str:
    """A chart's place and its figure as JSON; "<" escaped so no text in it can end the script element."""
    spec = fig.to_json().replace("<", "\\u003c")
    height = fig.layout.height or 450
    return (f'<div class="chart" id="kw-chart-{n}" style="height:{int(height)}px"></div>'
            f'<script type="application/json" data-kw-fig="kw-chart-{n}">{spec}</script>')


def _badge(c: str) -> str:
    if c not in CLASS_COLORS:
        return ""
    return (f'<span class="badge" style="background:{CLASS_COLORS[c]};color:{CLASS_TEXT_COLORS[c]}">'
            f"{html.escape(c)}</span>")


def html_report(result: ScoreResult, cl: CustomerList, top: int = 25, settings: report.Settings | None = None,
                presentation: bool = False) -> str:
    """One self-contained HTML file (plotly.js embedded once, packed; works offline): KPIs, charts, top customers."""
    from . import charts, charts_surveys

    settings = _settings(result, settings)
    e = html.escape
    f = result.frame
    scored = result.scored
    counts = result.class_counts()
    sc = result.scenario
    figs = [charts.lorenz_curve(f, basis=sc.pareto_basis if sc.class_method == "pareto" else "value_eur",
                                class_method=sc.class_method, thresholds=sc.thresholds, presentation=presentation),
            charts.score_histogram(f, class_method=sc.class_method, thresholds=sc.thresholds,
                                   presentation=presentation)]
    if "revenue" in f.columns:
        figs.append(charts.score_revenue_bubble(f, presentation=presentation))
    figs.append(charts_surveys.matrix_heatmap(report.matrix(cl, settings), presentation=presentation))
    chart_html = [_chart_html(fig, i) for i, fig in enumerate(figs)]
    kpis = [("Kunden bewertet", f"{len(scored):,}".replace(",", ".")),
            ("Ø Score", fmt_num(scored["score"].mean()) if len(scored) else "–"),
            ("Kundenwert gesamt", fmt_eur(float(np.nansum(scored["value_eur"])), 0)),
            *((f"Klasse {c}", str(counts[c])) for c in CLASSES)]
    ranking = result.ranking().head(top)
    notes = pd.Series(report.flag_summary(report.customer_flags(cl, result, settings)), index=f.index)
    rows = [f"<tr><td class=n>{int(rk)}</td><td>{e(str(i))}</td><td>{e(str(n))}</td><td class=n>{fmt_num(s)}</td>"
            f"<td class=n>{fmt_eur(v)}</td><td>{_badge(c)}</td><td>{e(h)}</td></tr>"
            for rk, i, n, s, v, c, h in zip(ranking["rank"], ranking["id"], ranking["name"], ranking["score"],
                                            ranking["value_eur"], ranking["class"], notes.loc[ranking.index],
                                            strict=True)]
    summary = report.class_summary(result)
    class_rows = [f"<tr><td>{_badge(c)}</td><td class=n>{fmt_num(k, 0)}</td><td class=n>{fmt_pct(sk, 1)}</td>"
                  f"<td class=n>{fmt_eur(v, 0)}</td><td class=n>{fmt_pct(sv, 1)}</td><td class=n>{fmt_num(a)}</td></tr>"
                  for c, k, sk, v, sv, a in zip(summary["class"], summary["customers"], summary["share_customers"],
                                                summary["value"], summary["share_value"], summary["avg_score"],
                                                strict=True)]
    top_title = "Der wertvollste Kunde" if len(rows) == 1 else f"Die {len(rows)} wertvollsten Kunden"
    weights = weights_table(result)
    weight_rows = [f"<tr><td>{e(k)}</td><td class=n>{fmt_num(w)}</td><td class=n>{fmt_pct(s, 1)}</td>"
                   f"<td>{e(d)}</td></tr>" for k, w, s, d in weights.itertuples(index=False, name=None)]
    now = datetime.now().strftime("%d.%m.%Y %H:%M")
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kundenwert – {e(cl.raw.source_name)}</title><style>{_CSS}</style></head><body>
<h1>Kundenwert – Ergebnis</h1>
<p class="sub">{e(cl.raw.source_name)} · Szenario „{e(sc.name)}“ · Klassen nach {e(report.class_rule_short(sc))}
· {fmt_eur(result.euro_per_point)} je Punkt · erstellt {now}</p>
<div class="kpis">{''.join(f'<div class="kpi">{e(k)}<b>{e(v)}</b></div>' for k, v in kpis)}</div>
<h2>ABC-Klassen</h2>
<p class="rule">{e(report.class_rule_text(sc))}</p>
<table class="classes"><thead><tr><th>Klasse</th><th>Kunden</th><th>Anteil Kunden</th><th>Kundenwert</th>
<th>Anteil Kundenwert</th><th>Ø Score</th></tr></thead><tbody>{''.join(class_rows)}</tbody></table>
{''.join(chart_html)}
<h2>{top_title}</h2>
<table class="top"><thead><tr><th>Rang</th><th>Kunden-Nr.</th><th>Kunde</th><th>Score</th><th>Kundenwert</th>
<th>Klasse</th><th>Hinweise</th></tr></thead><tbody>{''.join(rows)}</tbody></table>
<h2>Gewichtung</h2>
<table><thead><tr><th>Kriterium</th><th>Gewicht</th><th>Anteil</th><th>Richtung</th></tr></thead>
<tbody>{''.join(weight_rows)}</tbody></table>
<footer>{e(report.accounting_sentence(report.accounting(cl, result)))}.</footer>
<script type="application/octet-stream" id="kw-plotly">{_packed_plotlyjs()}</script>
<script>{_CHART_LOADER}</script>
</body></html>
"""
