"""The catalogue is the one home of user text: no key unused, no German literal left in converted modules.

Converted so far (the engine and the edges owned by issue 10's first session): listed in CONVERTED.
Not yet scanned: the page modules in UI_NOT_YET, and the engine modules listed in NOT_YET with what is
left in them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kundenwert import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kundenwert"
CONVERTED = ("findings.py", "report.py", "report_text.py", "errors.py", "export.py", "fmt.py", "profile.py",
             "sample_files.py", "cli.py", "cli_args.py", "ingest/safety.py", "ingest/worker.py", "i18n/numbers.py",
             "i18n/__init__.py", "ui/lang.py", "charts.py", "charts_surveys.py", "charts_scenarios.py",
             "charts_orders.py", "compare.py", "robustness.py", "ingest/reader.py", "ingest/csvfile.py",
             "ingest/files.py", "ingest/zipscan.py", "scenario.py", "dataset.py", "links.py", "store.py",
             "cli_scenarios.py", "cli_orders.py", "sample.py", "scoring.py", "orders_read.py", "criteria.py")
# kundenwert/ui modules whose page texts are not yet in the catalogue (one line each: remove yours when done)
UI_NOT_YET = {
}
CONVERTED += tuple(sorted(f"ui/{p.name}" for p in (PACKAGE / "ui").glob("*.py")
                           if f"ui/{p.name}" not in UI_NOT_YET and f"ui/{p.name}" not in CONVERTED))
# module-level names whose literals are data, not text (German on purpose, in every language)
DATA = {
    **{("sample.py", name): "the generated sample customers are German companies: their name parts and cities"
       for name in ("_SURNAMES", "_BRANCHES", "_LEGAL_FORMS", "_PARTNER_WORDS", "_TRADES", "_REGIONS", "_CITIES")},
    **{("criteria.py", name): "header recognition: the German and English words a file's headers may use"
       for name in ("_PATTERNS", "_SCALE", "_UMLAUTS", "_UNNAMED")},
}
# literals that stay, each with its reason
ALLOWED = {
    ("cli_args.py", "es fehlt die Angabe {0}"): "argparse's English messages in German (de only)",
    ("cli_args.py", "{0}: {1} ist nicht möglich (möglich: {2})"): "argparse's English messages in German (de only)",
    ("cli_args.py", "{0}: es fehlt der Wert"): "argparse's English messages in German (de only)",
    ("cli_args.py", "{0}: {2} ist kein gültiger Wert"): "argparse's English messages in German (de only)",
    ("sample_files.py", "Kunden"): "the sample list's sheet name (the sample data is German)",
}
NOT_YET = {
    "chart_layout.py": "only WORD_BREAKS, where plotly may break the long criterion names (most English labels break "
    "at spaces); no text of its own",
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


@pytest.mark.parametrize("module", CONVERTED)
def test_no_german_literal_outside_the_catalogue(module):
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    data = _data_literals(tree, module)
    left = [(n.lineno, n.value) for n in _literals(tree)
            if GERMAN.search(n.value) and (module, n.value) not in ALLOWED and id(n) not in data]
    assert left == [], f"{module}: German text belongs in kundenwert/i18n/de.toml"


def test_the_scan_sees_german():
    assert GERMAN.search("Die Datei ist leer") and GERMAN.search("Schnäppchen") and not GERMAN.search("The file")


def _uses() -> tuple[set[str], list[re.Pattern]]:
    """Every string literal of the package (catalogues excluded) and every f-string as a pattern."""
    constants: set[str] = set()
    patterns: list[re.Pattern] = []
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "i18n" and path.stem in i18n.LANGS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant)
                  and isinstance(node.left.value, str) and node.left.value.endswith(".")):   # "finding." + code
                patterns.append(re.compile(re.escape(node.left.value) + r"([\w.]+)"))
            elif isinstance(node, ast.JoinedStr):
                parts = [re.escape(v.value) if isinstance(v, ast.Constant) else r"([\w.]+)" for v in node.values]
                if any(isinstance(v, ast.Constant) and "." in v.value for v in node.values):
                    patterns.append(re.compile("".join(parts)))
    return constants, patterns


def test_no_key_is_unused():
    """Every key is named in the code: literally, or by an f-string / "prefix." + code whose variable part is a
    literal somewhere (a code in a tuple). ``safety.what.*`` phrases may also arrive as their German text from
    the ingest modules (files.py, zipscan.py), which safety translates by looking them up."""
    constants, patterns = _uses()
    german = i18n.catalogue("de")

    def used(key: str) -> bool:
        if key in constants:
            return True
        if key.startswith("safety.what.") and any(german[key] in c for c in constants):
            return True
        for p in patterns:
            m = p.fullmatch(key)
            if m and all(g in constants for g in m.groups()):
                return True
        return False
    unused = sorted(k for k in i18n.catalogue("de") if not used(k))
    assert unused == []
