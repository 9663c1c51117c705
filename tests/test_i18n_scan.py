"""The catalogue is the one home of user text: no key unused, no German literal left in any module.

Every module of the package is scanned (MODULES: all of kundenwert/, none left out). What is German on purpose
in every language – data, not text – is named with its reason: module-level names in DATA, single literals in
ALLOWED.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kundenwert import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kundenwert"
MODULES = tuple(sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")))
# module-level names whose literals are data, not text (German on purpose, in every language)
DATA = {
    **{("sample.py", name): "the generated sample customers are German companies: their name parts and cities"
       for name in ("_SURNAMES", "_BRANCHES", "_LEGAL_FORMS", "_PARTNER_WORDS", "_TRADES", "_REGIONS", "_CITIES")},
    **{("criteria.py", name): "header recognition: the German and English words a file's headers may use"
       for name in ("_PATTERNS", "_SCALE", "_UMLAUTS", "_UNNAMED")},
    **{("cells.py", name): "cell recognition: the German and English words a cell may hold (yes/no, Excel errors)"
       for name in ("YES", "NO", "_MISSING", "EXCEL_ERRORS")},
    ("chart_layout.py", "WORD_BREAKS"): "where plotly may break the long German criterion names (no text of its own)",
    ("sample_orders.py", "ORDER_HEADERS"): "the sample order file's headers (the sample data is German)",
}
# literals that stay, each with its reason
ALLOWED = {
    ("cli_args.py", "es fehlt die Angabe {0}"): "argparse's English messages in German (de only)",
    ("cli_args.py", "{0}: {1} ist nicht möglich (möglich: {2})"): "argparse's English messages in German (de only)",
    ("cli_args.py", "{0}: es fehlt der Wert"): "argparse's English messages in German (de only)",
    ("cli_args.py", "{0}: {2} ist kein gültiger Wert"): "argparse's English messages in German (de only)",
    ("sample_files.py", "Kunden"): "the sample list's sheet name (the sample data is German)",
    ("columns.py", "Spalte "): "an own criterion without a header is keyed 'Spalte C': an identifier in links and "
                              "scenario files, the same in every language (criteria.label words it)",
}
GERMAN = re.compile(r"[äöüÄÖÜß„]|\b(Kunde|Kunden|Zeile|Zeilen|Spalte|Spalten|Datei|Bitte|bitte|nicht|keine|kein|oder|"
                    r"und|wird|werden|ist|sind|mit|der|die|das|des|Klasse|Gewichtung|Fehler|Warnung|Hinweis|"
                    r"bewertet|Szenario|Ergebnis|Blatt|je|ab|bis|nach)\b")


def _literals(tree: ast.AST) -> list[ast.Constant]:
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def _data_literals(tree: ast.Module, module: str) -> set[int]:
    """ids of the literals assigned to a module-level name listed in DATA."""
    return {id(n) for stmt in tree.body if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None
            and any(isinstance(t, ast.Name) and (module, t.id) in DATA
                    for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]))
            for n in ast.walk(stmt.value)}


@pytest.mark.parametrize("module", MODULES)
def test_no_german_literal_outside_the_catalogue(module):
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    data = _data_literals(tree, module)
    left = [(n.lineno, n.value) for n in _literals(tree)
            if GERMAN.search(n.value) and (module, n.value) not in ALLOWED and id(n) not in data]
    assert left == [], f"{module}: German text belongs in kundenwert/i18n/de.toml"


def test_every_exception_is_still_in_its_module():
    """A DATA name or ALLOWED literal that is gone from its module would hide the next German text."""
    for module, name in DATA:
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        assert _data_literals(tree, module), (module, name)
        assert any(isinstance(t, ast.Name) and t.id == name for stmt in tree.body
                   if isinstance(stmt, ast.Assign | ast.AnnAssign)
                   for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])), (module, name)
    for module, literal in ALLOWED:
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        assert any(n.value == literal for n in _literals(tree)), (module, literal)


def test_the_scan_sees_german():
    assert GERMAN.search("Die Datei ist leer") and GERMAN.search("Schnäppchen") and not GERMAN.search("The file")


KEY_HEAD = re.compile(r"[a-z_]+(\.[a-z_]+)*\.")     # "flag.", "ui.orders_panel.col."


def _dynamic() -> dict[str, frozenset[str]]:
    """Every key the code names with a variable part: its literal head (``f"flag.{code}"``, ``"skip." + kind``)
    -> the codes that may follow it, listed here explicitly (the engine's own code tuples where it has one)."""
    from kundenwert import charts, findings, report, scoring, xyz
    from kundenwert.criteria import CRITERION_KEYS, FIELDS
    from kundenwert.errors import _OS_ERRORS
    from kundenwert.ingest.files import _REASONS
    from kundenwert.orders_figures import CHOICES
    from kundenwert.scenario import CLASS_METHODS, PRESETS
    from kundenwert.ui.analysis import PLOTLY_TEXTS
    from kundenwert.ui.exports import CSV_STYLES, SHEETS
    from kundenwert.ui.orders_panel import METRIC_HELP

    accounting = ("read", "scored", "incomplete", "not_scorable", "unrated", "rejected", "skipped")
    table = {
        "basis.": report.BASES, "basis_of.": report.BASES, "chart.of.": report.BASES,
        "chart.nps_group.": charts.NPS_GROUPS, "chart.status.": charts.STATUSES, "chart.status_one.": charts.STATUSES,
        "chart.shares.": ("share_customers", "share_value", "share_revenue"), "chart.xyz.": xyz.XYZ_CLASSES,
        "cli.": ("errors", "warnings", "info"),
        "cli.col.": ("rank", "id", "customer", "score", "value", "class", "flags"),
        "cli.matrix.col.": ("sale", "aftersales", "customers", "repurchasers", "rate", "ci", "study"),
        "cli.help.": ("description", "score", "scenario", "out", "csv_style", "min_order", "satisfied_score", "matrix",
                      "satisfied", "validate", "validate_scenario", "lang"),
        "criterion.": [f"{k}.{part}" for k in CRITERION_KEYS for part in ("label", "header", "question", "low", "high")],
        "field.": [f"{f.key}.{part}" for f in FIELDS for part in ("label", "header")],
        "epp.source.": scoring.EURO_PER_POINT_SOURCES,
        "export.col.": ("contribution", "flags", "share", "share_value", "revenue", "sale", "aftersales", "rate",
                        "ci_low", "ci_high"),
        "export.kind.": ("rejected", "not_scorable", "skipped", "warning", "info"),
        "export.sheet.": SHEETS,
        "finding.": findings.SEVERITY,
        "flag.": report.FLAG_CODES,
        "lift.": ("no_score", "top", "score", "basis", "empty", "floor"),
        "method.": CLASS_METHODS, "rule.generic.": CLASS_METHODS, "rule.text.": CLASS_METHODS,
        "orders.choice.": CHOICES,
        "orders.col.": ("id", "revenue", "margin", "orders", "days", "purchase_history", "margin_score", "xyz"),
        "orders.field.": ("customer", "date", "revenue"),
        "os.": _OS_ERRORS, "os.read.": (*_REASONS.values(), "other"),
        "plotly.": PLOTLY_TEXTS,
        "preset.": PRESETS,
        "reason.": (*findings.REASON_CODES, "no_customer_no", "no_date", "no_revenue"),
        "report.acc.": ("scored", "not_scorable", "unrated", "rejected", "skipped"),
        "safety.": ("empty", "too_large", "encrypted", "xls", "xlsb", "corrupt", "no_spreadsheet", "text_not_excel",
                    "bomb", "doctype", "too_many_cells", "too_many_cell_tags", "unusual", "beyond_excel",
                    "workbook_cells", "shared_strings_count", "shared_strings_bytes", "shared_string_size",
                    "csv_columns", "csv_rows", "csv_cells", "csv_field", "csv_line", "csv_null", "csv_not_excel",
                    "encoding", "timeout", "memory", "crashed", "busy", "worker_failed", "not_regular", "os_error"),
        "safety.what.": ("other", "read_error", "text", "pdf", "png", "jpeg", "gif", "rtf", "exe", "elf", "gzip",
                         "rar", "7z", "bzip2", "doc", "ppt", "ole", "xml2003", "html", "xml", "no_columns",
                         "text_document", "presentation", "zip", "folder", "device", "fifo", "socket"),
        "scenario.": ("not_object", "name_text", "weights_object", "name_too_long", "unknown_criterion", "bad_weight",
                      "reversed_list", "unknown_reversed", "bad_method", "thresholds_list", "bad_basis",
                      "bad_euro_per_point", "bad_fraction", "too_large", "not_text", "too_deep", "bad_json",
                      "bad_json_at", "constant", *(f"thresholds.{m}" for m in CLASS_METHODS)),
        "scenario.json.": ("property", "value", "colon", "comma", "extra", "unterminated", "control", "escape",
                           "escape_u", "syntax"),
        "scenarios.col.": ("id", "name", "version", "author", "saved", "note"),
        "scenarios.help.": ("db", "command", "action", "name_or_id", "file", "list", "archived", "show", "save",
                            "import", "name", "export", "all", "archive", "restore"),
        "skip.": ("blank", "no_data", "order_total"),
        "store.db.": ("read_only", "cannot_open", "not_a_database", "locked", "login", "no_database", "unreachable",
                      "other"),
        "store.field.": ("name", "author", "note"),
        "template.invalid.": [f"{kind}{part}" for kind in ("rating", "recommend", "yes_no", "status", "orders")
                              for part in ("", ".text")],
        "template.note.": [f.key for f in FIELDS],
        "total_why.": findings.TOTAL_WHY_CODES,
        "ui.compare_page.col.": ("class", "rank", "score"),
        "ui.compare_page.rho.": ("same", "close", "rough", "loose", "opposite"),
        "ui.data_page.tile.": accounting,
        "ui.data_page.tile_help.": ("incomplete", "not_scorable", "unrated", "rejected", "skipped"),
        "ui.exports.style.": CSV_STYLES, "ui.exports.style_help.": CSV_STYLES,
        "ui.mapping_form.head.": ("column", "header", "samples", "status", "used_as"),
        "ui.mapping_form.status.": ("duplicate", "ratings", "empty", "recognised", "by_hand"),
        "ui.method_page.col.": ("criterion", "question", "direction", "weight_now", "in_list", "rating_r", "weight_w",
                                "method", "rule", "default"),
        "ui.nps_page.verdict.": ("clearly_positive", "positive", "balanced", "negative"),
        "ui.orders_page.col.": ("group", "customers", "buyers", "revenue", "revenue_per_order", "share", "cumulative",
                                "last_order", "days_since", "previous_revenue"),
        "ui.orders_panel.col.": ("id", "name", "orders", "revenue_list", "revenue_orders", "margin_list",
                                 "margin_orders", "since", "trend", "derived"),
        "ui.orders_panel.metric.": ("read", "assigned", "unknown", "rejected", "skipped"),
        "ui.orders_panel.metric_help.": METRIC_HELP,
        "ui.orders_panel.profile.col.": ("figure", "value", "rating"),
        "ui.sidebar.preset_help.": PRESETS,
    }
    return {head: frozenset(codes) for head, codes in table.items()}


def _uses() -> tuple[set[str], set[str]]:
    """Every string literal of the package (catalogues excluded), and the literal heads of the keys it names
    with a variable part: ``f"flag.{code}"`` and ``"flag." + code`` give "flag."."""
    constants: set[str] = set()
    heads: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "i18n" and path.stem in i18n.LANGS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
                continue
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                head = node.left
            elif isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
            else:
                continue
            if isinstance(head, ast.Constant) and isinstance(head.value, str) and KEY_HEAD.fullmatch(head.value):
                heads.add(head.value)
    return constants, heads


def _dynamic_head(key: str, dynamic: dict[str, frozenset[str]]) -> str | None:
    """The longest listed head ``key`` starts with."""
    return max((h for h in dynamic if key.startswith(h)), key=len, default=None)


def test_no_key_is_unused():
    """Every key is named in the code: literally, or as a listed head + one of its listed codes – a key
    ``<head>.<code>`` whose code the code no longer has (stale) fails."""
    constants, _ = _uses()
    dynamic = _dynamic()

    def used(key: str) -> bool:
        head = _dynamic_head(key, dynamic)
        return key in constants or (head is not None and key.removeprefix(head) in dynamic[head])
    unused = sorted(k for k in i18n.catalogue("de") if not used(k))
    assert unused == []


def test_the_listed_dynamic_keys_are_the_codes_and_heads_of_the_code():
    """Each listed head is one the code writes (a head no code uses any more is stale), and each listed code
    has its key (a code set is the code's, not a guess)."""
    constants, heads = _uses()
    dynamic = _dynamic()
    assert sorted(set(dynamic) - heads) == []
    german = i18n.catalogue("de")
    assert sorted(h + c for h, codes in dynamic.items() for c in codes if h + c not in german) == []
    # a code listed here by hand is still written somewhere in the package (a code the code dropped is stale)
    assert sorted(h + c for h, codes in dynamic.items() for c in codes if "." not in c and c not in constants) == []


def test_a_stale_dynamic_key_would_be_found():
    """The check is strict: a code that is a literal somewhere in the package is no longer enough."""
    constants, _ = _uses()
    dynamic = _dynamic()
    assert "xlsx" in constants and "flag.xlsx" not in constants
    assert "xlsx" not in dynamic[_dynamic_head("flag.xlsx", dynamic)]
