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

from . import findings, report
from .criteria import label
from .dataset import CustomerList
from .findings import localise
from .fmt import fmt_eur, fmt_num, fmt_pct, round_half_up
from .i18n import datetime_text, text
from .scoring import CLASSES, ScoreResult
from .style import CLASS_COLORS, CLASS_TEXT_COLORS

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet will never read as a formula (CSV only; xlsx writes strings as strings)."""
    return "'" + text if text.startswith(_DANGEROUS) else text


def _settings(result: ScoreResult, settings: report.Settings | None) -> report.Settings:
    """The user's settings; without any, the list's defaults (as the app shows before a change)."""
    return settings if settings is not None else report.settings_for(result)


def flags(result: ScoreResult, cl: CustomerList, settings: report.Settings | None = None,
          lang: str = "de") -> np.ndarray:
    """Per customer the flags a manager acts on (rules in ``report.customer_flags``), as one text."""
    return report.flag_summary(report.customer_flags(cl, result, _settings(result, settings)), lang)


def _col(key: str, lang: str, **params: object) -> str:
    return text(f"export.col.{key}", lang, **params)


def result_table(result: ScoreResult, cl: CustomerList, settings: report.Settings | None = None,
                 lang: str = "de") -> pd.DataFrame:
    """The result in export form: ranked customers first, then the not scorable ones."""
    frame = result.frame
    out = pd.DataFrame({
        _col("rank", lang): frame["rank"], _col("id", lang): frame["id"], _col("name", lang): frame["name"],
        _col("score", lang): frame["score"], _col("value", lang): frame["value_eur"],
        _col("class", lang): frame["class"].replace("", None),
    })
    if "clv" in frame.columns:
        out[_col("clv", lang)] = frame["clv"]
    for key in ("revenue", "margin"):
        if key in frame.columns:
            out[label(key, lang)] = frame[key]
    contributions = result.contributions                  # computed once here (not kept with the result)
    for c, key in enumerate(result.criteria):
        out[_col("contribution", lang, criterion=label(key, lang))] = np.where(
            frame["scorable"], contributions[:, c], np.nan)
    out[_col("flags", lang)] = flags(result, cl, settings, lang)
    out[_col("row", lang)] = frame["row"]
    order = np.lexsort((frame["row"].to_numpy(), frame["rank"].to_numpy(dtype=float, na_value=np.inf)))
    return out.iloc[order].reset_index(drop=True)


def weights_table(result: ScoreResult, lang: str = "de") -> pd.DataFrame:
    w = result.weights
    share = w / w.sum()
    return pd.DataFrame({
        _col("criterion", lang): [label(k, lang) for k in result.criteria],
        _col("weight", lang): w,
        _col("share", lang): share,
        _col("direction", lang): [text("export.direction.reversed" if result.scenario.is_reversed(k) else
                                       "export.direction.normal", lang) for k in result.criteria],
    })


def abc_table(result: ScoreResult, lang: str = "de") -> pd.DataFrame:
    """The class key figures of ``report.class_summary`` with the export's column names."""
    kpis = report.class_summary(result)
    keys = {"class": "class", "customers": "customers", "share_customers": "share_customers", "value": "value",
            "share_value": "share_value", "avg_score": "avg_score", "revenue": "revenue",
            "share_revenue": "share_revenue"}
    order = [k for k in keys if k in kpis.columns]
    return kpis[order].rename(columns={k: _col(v, lang) for k, v in keys.items()})


def _kinds(lang: str) -> dict[str, str]:
    """Column header -> number format of the export tables in ``lang`` (the headers are made above)."""
    kinds = {"one": ("score", "avg_score"), "two": ("weight",),
             "pct": ("share", "share_customers", "share_value", "share_revenue", "rate", "ci_low", "ci_high", "study"),
             "int": ("rank", "customers", "row", "repurchasers")}
    return {_col(k, lang): kind for kind, keys in kinds.items() for k in keys}


# ----------------------------------------------------------------------------------- Excel report

class _Sheet:
    """Writes a DataFrame as a finished table: bold frozen header, autofilter, formats, widths."""

    def __init__(self, wb: xlsxwriter.Workbook, lang: str = "de"):
        self.wb = wb
        self.lang = lang
        self.kinds = _kinds(lang)
        self.contribution = _col("contribution", lang, criterion="")
        self.class_column = _col("class", lang)
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

    def kind(self, col: str) -> str | None:
        if "(€)" in col:
            return "eur"
        if col.startswith(self.contribution):
            return "two"
        return self.kinds.get(col)

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
            is_class = col == self.class_column
            for i, v in enumerate(values, start=r0 + 1):
                if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
                    continue
                if isinstance(v, str):
                    if is_class and v in self.class_formats:
                        ws.write_string(i, j, v, self.class_formats[v])
                    else:
                        ws.write_string(i, j, v)
                elif isinstance(v, (bool, np.bool_)):
                    ws.write_string(i, j, report.yes_no(bool(v), self.lang))
                else:
                    ws.write_number(i, j, float(v), fmt)
            sample = [len(str(v)) for v in values[:300] if isinstance(v, str)]
            width = max([min(len(str(col)), 24), 10 if fmt is not None else 6, *sample]) + 2
            ws.set_column(j, j, min(width, 60))
        ws.freeze_panes(r0 + 1, 0)
        if autofilter and len(table.columns):
            ws.autofilter(r0, 0, r0 + max(len(table), 1), len(table.columns) - 1)


def write_xlsx(result: ScoreResult, cl: CustomerList, target: str | io.BytesIO,
               settings: report.Settings | None = None, lang: str = "de") -> None:
    """The Excel report: Ergebnis, Gewichtung, ABC-Übersicht, After-Sales-Matrix, Datencheck (in ``lang``)."""
    settings = _settings(result, settings)
    wb = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False, "nan_inf_to_errors": True,
                                      "constant_memory": False})
    wb.set_properties({"title": text("export.title", lang), "comments": text("export.made_with", lang)})
    sheet = _Sheet(wb, lang)
    sc = result.scenario

    def name(key: str) -> str:
        return text(f"export.sheet.{key}", lang)
    sheet.write(name("result"), result_table(result, cl, settings, lang))
    rule = f"{report.class_rule_short(sc, lang)} – {report.class_rule_text(sc, lang)}"
    sheet.write(name("weights"), weights_table(result, lang), notes=[
        text("export.note.scenario", lang, name=report.scenario_name(sc, lang)),
        text("export.note.classes", lang, rule=rule),
        text("export.note.epp", lang, epp=fmt_eur(result.euro_per_point, 2, lang),
             source=report.euro_per_point_source(result, lang)),
        text("export.note.clv", lang, retention=fmt_pct(sc.retention, 0, lang), discount=fmt_pct(sc.discount, 0, lang)),
    ])
    sheet.write(name("abc"), abc_table(result, lang), autofilter=False, notes=[text("export.note.abc", lang, rule=rule)])
    m = report.matrix(cl, settings)
    matrix = pd.DataFrame([{
        _col("sale", lang): report.yes_no(c.sale_satisfied, lang),
        _col("aftersales", lang): report.yes_no(c.aftersales_satisfied, lang),
        _col("customers", lang): c.customers if m.own_data else None,
        _col("repurchasers", lang): c.repurchasers if m.own_data else None,
        _col("rate", lang): c.rate, _col("ci_low", lang): c.ci_low, _col("ci_high", lang): c.ci_high,
        _col("study", lang): c.study_rate,
        _col("note", lang): (text("export.few", lang) if m.own_data and c.few else ""),
    } for c in m.cells])
    notes = ([text("export.note.matrix_own", lang, threshold=fmt_num(m.satisfied_from, 1, lang))] if m.own_data else
             [text("export.note.matrix_study", lang)])
    sheet.write(name("matrix"), matrix, notes=notes, autofilter=False)
    row_col, kind_col, reason_col = _col("row", lang), _col("kind", lang), _col("reason", lang)

    def kind(key: str) -> str:
        return text(f"export.kind.{key}", lang)
    ns = result.not_scorable
    ns_reasons = report.not_scorable_reasons(result, lang)
    check_rows = [*({row_col: r, kind_col: kind("rejected"), reason_col: localise(g, lang)}
                    for r, g in zip(cl.rejected["row"], cl.rejected["reason"], strict=True)),
                  *({row_col: r, kind_col: kind("not_scorable"), reason_col: g}
                    for r, g in zip(ns["row"], ns_reasons, strict=True)),
                  *({row_col: r, kind_col: kind("skipped"), reason_col: localise(g, lang)}
                    for r, g in zip(cl.skipped["row"], cl.skipped["reason"], strict=True))]
    warnings = cl.issues[cl.issues["severity"] != "error"]
    messages = findings.messages(warnings, lang)
    check_rows += [{row_col: (None if pd.isna(r) else int(r)), kind_col: kind("info" if s == "info" else "warning"),
                    reason_col: str(msg)} for s, r, msg in zip(warnings["severity"], warnings["row"], messages,
                                                               strict=True)]
    check = pd.DataFrame(check_rows, columns=[row_col, kind_col, reason_col])
    acc = report.accounting_sentence(report.accounting(cl, result), lang)
    sheet.write(name("check"), check, notes=[text("export.note.check", lang, file=cl.raw.source_name), acc])
    wb.close()


def xlsx_bytes(result: ScoreResult, cl: CustomerList, settings: report.Settings | None = None,
               lang: str = "de") -> bytes:
    buf = io.BytesIO()
    write_xlsx(result, cl, buf, settings, lang)
    return buf.getvalue()


# -------------------------------------------------------------------------------------------- CSV

def write_csv(result: ScoreResult, cl: CustomerList, target: io.TextIOBase, german: bool = True,
              settings: report.Settings | None = None, lang: str = "de") -> None:
    """German Excel style (; and decimal comma) or international (, and decimal point); headers in ``lang``."""
    table = result_table(result, cl, settings, lang)
    writer = csv.writer(target, delimiter=";" if german else ",", lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.itertuples(index=False, name=None):
        writer.writerow([_csv_cell(v, german) for v in row])


def csv_bytes(result: ScoreResult, cl: CustomerList, german: bool = True,
              settings: report.Settings | None = None, lang: str = "de") -> bytes:
    """CSV as bytes: German style is UTF-8 with BOM (Excel opens it with umlauts intact)."""
    buf = io.StringIO(newline="")
    write_csv(result, cl, buf, german, settings, lang)
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
        document.getElementById("kw-plotly").dataset.oldBrowser;
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
                presentation: bool = False, lang: str = "de") -> str:
    """One self-contained HTML file (plotly.js embedded once, packed; works offline): KPIs, charts, top customers."""
    from . import charts, charts_surveys

    settings = _settings(result, settings)
    e = html.escape
    f = result.frame
    counts = result.class_counts()
    sc = result.scenario
    figs = [charts.lorenz_curve(f, basis=sc.pareto_basis if sc.class_method == "pareto" else "value_eur",
                                class_method=sc.class_method, thresholds=sc.thresholds, presentation=presentation,
                                lang=lang),
            charts.score_histogram(f, class_method=sc.class_method, thresholds=sc.thresholds,
                                   presentation=presentation, lang=lang)]
    if "revenue" in f.columns:
        figs.append(charts.score_revenue_bubble(f, presentation=presentation, lang=lang))
    figs.append(charts_surveys.matrix_heatmap(report.matrix(cl, settings), presentation=presentation, lang=lang))
    chart_html = [_chart_html(fig, i) for i, fig in enumerate(figs)]
    h = report.headline(result)
    kpis = [(text("html.kpi.scored", lang), fmt_num(h.scored, 0, lang)),
            (text("html.kpi.avg_score", lang), fmt_num(h.avg_score, 1, lang) if h.scored else "–"),
            (text("html.kpi.total_value", lang), fmt_eur(h.total_value, 0, lang)),
            *((text("html.kpi.class", lang, klass=c), str(counts[c])) for c in CLASSES)]
    ranking = result.ranking().head(top)
    notes = pd.Series(flags(result, cl, settings, lang), index=f.index)
    rows = [f"<tr><td class=n>{int(rk)}</td><td>{e(str(i))}</td><td>{e(str(n))}</td>"
            f"<td class=n>{fmt_num(s, 1, lang)}</td><td class=n>{fmt_eur(v, 2, lang)}</td><td>{_badge(c)}</td><td>{e(h)}</td></tr>"
            for rk, i, n, s, v, c, h in zip(ranking["rank"], ranking["id"], ranking["name"], ranking["score"],
                                            ranking["value_eur"], ranking["class"], notes.loc[ranking.index],
                                            strict=True)]
    summary = report.class_summary(result)
    class_rows = [f"<tr><td>{_badge(c)}</td><td class=n>{fmt_num(k, 0, lang)}</td><td class=n>{fmt_pct(sk, 1, lang)}"
                  f"</td><td class=n>{fmt_eur(v, 0, lang)}</td><td class=n>{fmt_pct(sv, 1, lang)}</td>"
                  f"<td class=n>{fmt_num(a, 1, lang)}</td></tr>"
                  for c, k, sk, v, sv, a in zip(summary["class"], summary["customers"], summary["share_customers"],
                                                summary["value"], summary["share_value"], summary["avg_score"],
                                                strict=True)]
    top_title = text("html.top_one", lang) if len(rows) == 1 else text("html.top_many", lang, n=len(rows))
    weights = weights_table(result, lang)
    weight_rows = [f"<tr><td>{e(k)}</td><td class=n>{fmt_num(w, 1, lang)}</td><td class=n>{fmt_pct(s, 1, lang)}</td>"
                   f"<td>{e(d)}</td></tr>" for k, w, s, d in weights.itertuples(index=False, name=None)]
    now = datetime_text(datetime.now(), lang)

    def th(*keys: str) -> str:
        return "".join(f"<th>{e(text(k if '.' in k else f'export.col.{k}', lang))}</th>" for k in keys)
    sub = text("html.sub", lang, file=cl.raw.source_name, scenario=report.scenario_name(sc, lang), rule=report.class_rule_short(sc, lang),
               epp=fmt_eur(result.euro_per_point, 2, lang), created=now)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kundenwert – {e(cl.raw.source_name)}</title><style>{_CSS}</style></head><body>
<h1>{e(text("export.title", lang))}</h1>
<p class="sub">{e(sub)}</p>
<div class="kpis">{''.join(f'<div class="kpi">{e(k)}<b>{e(v)}</b></div>' for k, v in kpis)}</div>
<h2>{e(text("html.classes", lang))}</h2>
<p class="rule">{e(report.class_rule_text(sc, lang))}</p>
<table class="classes"><thead><tr>{th("class", "customers", "share_customers", "html.col.value", "share_value",
                                      "avg_score")}</tr></thead><tbody>{''.join(class_rows)}</tbody></table>
{''.join(chart_html)}
<h2>{top_title}</h2>
<table class="top"><thead><tr>{th("rank", "id", "name", "score", "html.col.value", "class", "flags")}</tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<h2>{e(text("html.weights", lang))}</h2>
<table><thead><tr>{th("criterion", "weight", "share", "direction")}</tr></thead>
<tbody>{''.join(weight_rows)}</tbody></table>
<footer>{e(report.accounting_sentence(report.accounting(cl, result), lang))}.</footer>
<script type="application/octet-stream" id="kw-plotly" data-old-browser="{e(text("html.old_browser", lang))}">{_packed_plotlyjs()}</script>
<script>{_CHART_LOADER}</script>
</body></html>
"""
