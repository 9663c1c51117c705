"""The fast scan of a worksheet's XML (kundenwert.ingest.sheetscan._SheetScan): its shortcut for plain
pieces finds the same extent, formulas without a value and error cells as cell-by-cell counting, however
the XML is cut into pieces and wherever a far cell hides."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.ingest import safety, sheetscan

_KINDS = ("number", "text", "empty", "formula", "uncached", "value_first", "error", "styled")


def _cell(ref: str, kind: str) -> bytes:
    r = ref.encode()
    return {
        "number": b'<c r="%s"><v>1.5</v></c>' % r,
        "text": b'<c r="%s" t="inlineStr"><is><t>x</t></is></c>' % r,
        "empty": b'<c r="%s" s="1"/>' % r,
        "formula": b'<c r="%s"><f>1+1</f><v>2</v></c>' % r,
        "uncached": b'<c r="%s"><f>1+1</f></c>' % r,
        # out of the schema's order (<f> before <v>): read as a formula without a value, on either path
        "value_first": b'<c r="%s"><v>2</v><f>1+1</f></c>' % r,
        "error": b'<c r="%s" t="e"><v>#DIV/0!</v></c>' % r,
        "styled": b'<c r="%s" s="3" t="n"><v>4</v></c>' % r,
    }[kind]


def _sheet(rows: list[tuple[int, list[tuple[int, str]]]]) -> bytes:
    body = b"".join(b'<row r="%d">' % r + b"".join(_cell(f"{safety._column_letters(c)}{r}", k) for c, k in cells)
                    + b"</row>" for r, cells in rows)
    return b'<?xml version="1.0"?><worksheet xmlns="x"><sheetData>' + body + b"</sheetData></worksheet>"


_cells = st.lists(st.tuples(st.integers(1, 30), st.sampled_from(_KINDS)), min_size=1, max_size=6)
_rows = st.lists(st.tuples(st.integers(1, 200), _cells), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(_rows, st.lists(st.tuples(st.integers(1, 1_048_576), st.integers(1, 16_384)), max_size=2), st.data())
def test_the_scan_finds_every_cell_however_the_sheet_is_cut(rows, far, data):
    """Rows in any order (a far row first, or last), far cells anywhere, pieces cut anywhere: the extent is
    the largest row and column of any cell, and formulas without a value and error cells are all named."""
    if data.draw(st.booleans()):   # half the sheets without formulas and errors: every piece may take the shortcut
        rows = [(r, [(c, k if k in ("number", "text", "empty", "styled") else "number") for c, k in cells])
                for r, cells in rows]
    rows = list(rows)
    for r, c in far:   # a far cell hidden in some row, early or late
        at = data.draw(st.integers(0, len(rows) - 1))
        rows[at] = (rows[at][0], [*rows[at][1], (c, "number")])
        rows[at] = (r, rows[at][1]) if data.draw(st.booleans()) else rows[at]
    xml = _sheet(rows)
    refs = [(r, c, k) for r, cells in rows for c, k in cells]
    cuts = sorted(data.draw(st.lists(st.integers(0, len(xml)), max_size=12)))
    row_ends = [m.end() for m in re.finditer(rb"</row>", xml)]
    at_rows = sorted(data.draw(st.lists(st.sampled_from(row_ends), max_size=12)))
    for pieces, whole_rows in ((cuts, False), (at_rows, True)):
        scan = sheetscan._SheetScan(percent_styles=frozenset({3}))
        last = 0
        for cut in [*pieces, len(xml)]:
            scan.feed(xml[last:cut])
            last = cut
        scan.finish()
        assert not scan.irregular
        assert (scan.max_row, scan.max_col) == (max(r for r, _, _ in refs), max(c for _, c, _ in refs))
        if not whole_rows:   # a piece may end between </f> and </c>; the scanner cuts pieces after a row
            continue
        name = safety._column_letters
        assert scan.uncached == [f"{name(c)}{r}" for r, c, k in refs if k in ("uncached", "value_first")]
        assert scan.errors == {f"{name(c)}{r}": "#DIV/0!" for r, c, k in refs if k == "error"}
        assert scan.percent == [f"{name(c)}{r}" for r, c, k in refs if k == "styled"]


def test_plain_pieces_take_the_shortcut(monkeypatch):
    """After the first piece, a plain sheet's pieces are checked by one search each, not cell by cell."""
    taken = []
    fast = sheetscan._SheetScan._fast_extent
    monkeypatch.setattr(sheetscan._SheetScan, "_fast_extent", lambda self, body: taken.append(fast(self, body))
                        or taken[-1])
    xml = _sheet([(r, [(c, "number") for c in range(1, 20)]) for r in range(1, 2001)])
    scan = sheetscan._SheetScan()
    for start in range(0, len(xml), 1 << 16):
        scan.feed(xml[start:start + (1 << 16)])
    scan.finish()
    assert (scan.max_row, scan.max_col) == (2000, 19)
    assert taken.count(False) == 1 and len(taken) > 10


def test_upto_patterns_match_exactly_the_smaller_or_equal():
    for last in (b"A", b"T", b"Z", b"AZ", b"BA", b"ZZ", b"AAA", b"XFD"):
        pattern = re.compile(sheetscan._upto(last, b"A", b"A", b"Z") + rb"\Z")
        for col in (1, 2, 20, 26, 27, 52, 53, 702, 703, 16384, 18278):
            letters = safety._column_letters(col).encode()
            assert bool(pattern.match(letters)) == (col <= sheetscan._letters_to_col(last)), (last, letters)
    for last in (1, 9, 10, 19, 20, 99, 100, 101, 5000, 50123, 100001, 1048576, 9999999):
        pattern = re.compile(sheetscan._upto(b"%d" % last, b"1", b"0", b"9") + rb"\Z")
        for row in (1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 101, 102, 4999, 5000, 5001, 50122, 50123, 50124, 100000,
                    100001, 100002, 1048576, 1048577, 9999999):
            assert bool(pattern.match(b"%d" % row)) == (row <= last), (last, row)
