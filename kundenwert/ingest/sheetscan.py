"""Used ranges and counts inside the XML of an xlsx or ods, streamed (see :mod:`.safety` for why).

:class:`_SheetScan` (fast, canonical xlsx sheets), :class:`_ExpatSheet` (exact, calamine's rules),
:class:`_OdsScan` (ODS content.xml, repeat attributes) and :class:`_SharedStringScan` (shared-string
entries and sizes). They raise :class:`~kundenwert.ingest.safety._Refused`; limits are read from
:mod:`.safety` when used, so one home holds every figure.
"""

from __future__ import annotations

import re
from xml.parsers import expat

from . import safety


def _new_expat() -> expat.XMLParserType:
    """An expat parser that refuses any DOCTYPE (so no entity can be declared)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def doctype(*_args: object) -> None:
        raise safety._Refused("doctype")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    return parser


def _parse_int(value: str | None) -> int | None:
    """Rust's usize parsing: optional '+', then digits only."""
    if value is None:
        return None
    value = value[1:] if value.startswith("+") else value
    return int(value) if value.isascii() and value.isdigit() else None


def _parse_ref(ref: str) -> tuple[int, int] | None:
    """calamine's reading of a cell/row ref: letters (any case) = column, digits = row; 1-based."""
    col = 0
    i = 0
    while i < len(ref) and ref[i].isascii() and ref[i].isalpha():
        col = col * 26 + (ord(ref[i].upper()) - 64)
        i += 1
    digits = ref[i:]
    if not digits or not (digits.isascii() and digits.isdigit()) or int(digits) == 0:
        return None  # calamine raises an error for this sheet: nothing gets allocated
    return int(digits), col


# ----------------------------------------------------------------------------------------------- xlsx

_ANY_C = re.compile(rb"<(?:[^\s<>/!?:]+:)?c[\s/>]")  # any element whose local name is exactly "c"
_SHEETDATA_START = re.compile(rb"<(?:[^\s<>/!?:]+:)?sheetData[\s/>]")
_SHEETDATA_END = re.compile(rb"</(?:[^\s<>/!?:]+:)?sheetData\s*>")
_ROOT_PREFIX = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s/>]")


def _cols_after(last: bytes) -> bytes:
    """Regex (bytes) for column letters greater than `last` (canonical upper-case, at most 3)."""
    n = len(last)
    alternatives = []
    if n < 3:
        alternatives.append(b"[A-Z]{%d,3}" % (n + 1))
    for i in range(n):
        if last[i] < ord("Z"):
            rest = n - i - 1
            alternatives.append(
                last[:i] + b"[" + bytes([last[i] + 1]) + b"-Z]" + (b"[A-Z]{%d}" % rest if rest else b"")
            )
    return b"|".join(alternatives)


def _upto(last: bytes, first: bytes, low: bytes, high: bytes) -> bytes:
    """Regex (bytes) for the canonical strings not greater than `last` (non-empty) in Excel's order: shorter
    first, then alphabetical. Columns: ``_upto(b"XFD", b"A", b"A", b"Z")``; row numbers, which have no
    leading zero: ``_upto(b"1048576", b"1", b"0", b"9")``."""
    n = len(last)
    any_one = b"[" + low + b"-" + high + b"]"
    alternatives = []
    for i in range(n):
        lowest = (first if i == 0 else low)[0]
        if last[i] > lowest:
            rest = n - i - 1
            alternatives.append(last[:i] + b"[" + bytes([lowest]) + b"-" + bytes([last[i] - 1]) + b"]"
                                + (any_one + b"{%d}" % rest if rest else b""))
    alternatives.append(last)
    if n > 1:
        alternatives.append(b"[" + first + b"-" + high + b"]" + any_one + b"{0,%d}" % (n - 2))
    return b"(?:" + b"|".join(alternatives) + b")"


MAX_PERCENT_CELLS = 1_100_000  # percent-formatted cells remembered per sheet (a whole column of Excel's rows)


class _SheetScan:
    """Fast streaming scan of one xlsx part: used range and uncached formulas of canonical cells.

    Sets `irregular` when a cell tag is not in canonical form (the caller then re-reads the part with
    :class:`_ExpatSheet`). Parts without ``<sheetData>`` (styles, shared strings …) cost one
    substring search per megabyte.
    """

    def __init__(self, percent_styles: frozenset[int] = frozenset()) -> None:
        self.state = "pre"  # pre -> data -> post
        self.percent_styles = percent_styles  # style indices with a percent number format (styles.xml)
        self.percent: list[str] = []          # refs of cells in such a style (at most MAX_PERCENT_CELLS)
        self.prefix: bytes | None = None
        self.irregular = False
        self.found_sheet = False
        self.max_row = 0
        self.max_col = 0
        self.max_letters = b""
        self.uncached: list[str] = []
        self.errors: dict[str, str] = {}  # ref -> Excel error text of cells with t="e" ("#DIV/0!")
        self.carry = b""
        self._plain: tuple[tuple[int, bytes], re.Pattern] | None = None   # see _fast_extent
        self._compile(b"")

    def _compile(self, p: bytes) -> None:
        e = re.escape(p)
        attrs = rb'(?: (?:s|t|cm|vm|ph)="[^"<>]*")*'
        self.cell_re = re.compile(rb"<" + e + rb'c r="[A-Z]{1,3}(\d{1,7})"' + attrs + rb"\s*/?>")
        self.tag_re = re.compile(rb"<" + e + rb'c r="([A-Z]{1,3}\d{1,7})"' + attrs + rb"\s*>")
        # no <v> after the formula, or only an empty-element <v/> (openpyxl writes <v />); an explicit
        # <v></v> is a cached empty string (Excel adds t="str", xlsxwriter does not)
        tail = rb"\s*(?:<" + e + rb"v\s*/>)?\s*</" + e + rb"c>"
        self.uncached_res = (
            re.compile(rb"</" + e + rb"f>" + tail),
            re.compile(rb"<" + e + rb"f(?:\s[^<>]*)?/>" + tail),
        )
        self.cell_start = b"<" + p + b'c r="'
        self.styled_re = re.compile(rb"<" + e + rb'c r="([A-Z]{1,3}\d{1,7})"(?: (?:t|cm|vm|ph)="[^"<>]*")* s="(\d{1,6})"')
        # an error cell: t="e" and its cached text (#DIV/0!, #N/A …); calamine reads it as blank
        self.error_re = re.compile(rb"<" + e + rb'c r="([A-Z]{1,3}\d{1,7})"(?: (?:s|cm|vm|ph)="[^"<>]*")* t="e"'
                                   rb'(?: (?:s|cm|vm|ph)="[^"<>]*")*\s*>(?:(?!</' + e + rb"c>).){0,4000}?<"
                                   + e + rb"v>([^<]{1,64})</" + e + rb"v>", re.S)
        self.f_start = b"<" + p + b"f"
        self.row_close = b"</" + p + b"row>"
        self._compile_cols()

    def _compile_cols(self) -> None:
        more = _cols_after(self.max_letters)
        self.col_re = re.compile(re.escape(self.cell_start) + rb"(" + more + rb")\d") if more else None

    # -- streaming
    def feed(self, chunk: bytes) -> None:
        if self.irregular:
            return
        data = self.carry + chunk if self.carry else chunk
        cut = self._cut(data)
        self.carry = data[cut:]
        if len(self.carry) > safety._MAX_CARRY_BYTES:
            raise safety._Refused("unusual")
        if cut:
            self._process(data[:cut])

    def finish(self) -> None:
        if self.carry and not self.irregular:
            self._process(self.carry)
        self.carry = b""

    def _cut(self, data: bytes) -> int:
        """End of the longest prefix that ends on a tag boundary (after a row if possible)."""
        i = data.rfind(self.row_close)
        if i >= 0:
            return i + len(self.row_close)
        lt = data.rfind(b"<")
        return lt if lt > data.rfind(b">") else len(data)

    def _process(self, seg: bytes) -> None:
        if self.state == "pre":
            if self.prefix is None:
                m = _ROOT_PREFIX.search(seg)
                if m:
                    self.prefix = m.group(1) or b""
                    if self.prefix:
                        self._compile(self.prefix)
            if b"sheetData" not in seg:
                return
            m = _SHEETDATA_START.search(seg)
            if not m:
                return
            self.state = "data"
            self.found_sheet = True
            seg = seg[m.end():]
        if self.state == "data":
            end = _SHEETDATA_END.search(seg) if b"sheetData" in seg else None
            self._cells(seg[:end.start()] if end else seg)
            if not end:
                return
            self.state = "post"
            seg = seg[end.end():]
        # after </sheetData>: calamine stops, but a fake end tag (in a comment, say) must not hide cells
        if _ANY_C.search(seg):
            self.irregular = True

    def _fast_extent(self, body: bytes) -> bool:
        """The extent of a piece of plain cells, without a Python object per cell: True when every cell tag
        is canonical, within the largest column seen so far and the row of the piece's last cell, holds
        a value, an inline string or nothing (no formula: those need :meth:`_uncached`) and is no error
        cell. One regex search over the piece finds the first cell that is not (~0.2 s for 80 MB, where
        the general path takes ~0.6 s); then the piece goes the general path, which finds the same."""
        if self.prefix or not self.max_col or (b":" in body and b":c" in body) or self.f_start in body:
            return False                    # a formula anywhere: the general path decides whether it has a value
        last = body.rfind(self.cell_start)
        if last < 0:
            return b"<c" not in body           # no cell at all (a tag like <cx> goes the general path)
        m = _LAST_REF.match(body, last)
        if m is None:
            return False
        row = max(self.max_row, int(m.group(1)))
        if self._plain is None or self._plain[0] != (row, self.max_letters):
            pattern = (rb'<c(?! r="' + _upto(self.max_letters, b"A", b"A", b"Z")
                       + _upto(b"%d" % row, b"1", b"0", b"9")
                       + rb'"(?: (?:s|cm|vm|ph)="[^"<>]*"| t="(?!e")[^"<>]*")*\s*(?:/>|>(?:<v>|<is>|</c>)))')
            self._plain = ((row, self.max_letters), re.compile(pattern))
        if self._plain[1].search(body) is not None:
            return False
        self.max_row = row
        if self.percent_styles:
            self._percent(body)
        return True

    def _cells(self, body: bytes) -> None:
        if self._fast_extent(body):
            return
        rows = self.cell_re.findall(body)
        if body.count(b"<c") + body.count(b":c") != len(rows) and len(_ANY_C.findall(body)) != len(rows):
            self.irregular = True
            return
        if not rows:
            return
        self.max_row = max(self.max_row, max(map(int, set(rows))))
        while self.col_re is not None:
            found = [m.group(1) for m in self.col_re.finditer(body)]
            if not found:
                break
            self.max_letters = max(found, key=lambda s: (len(s), s))
            self.max_col = _letters_to_col(self.max_letters)
            self._compile_cols()
        self._details(body)

    def _details(self, body: bytes) -> None:
        """Uncached formulas, percent-formatted cells and error cells of a piece of canonical cells."""
        if self.f_start in body:
            self._uncached(body)
        if self.percent_styles:
            self._percent(body)
        if b't="e"' in body:
            for m in self.error_re.finditer(body):
                self.errors[m.group(1).decode("ascii")] = m.group(2).decode("utf-8", "replace")

    def _percent(self, body: bytes) -> None:
        if len(self.percent) < MAX_PERCENT_CELLS:
            for m in self.styled_re.finditer(body):
                if int(m.group(2)) in self.percent_styles:
                    self.percent.append(m.group(1).decode("ascii"))
            del self.percent[MAX_PERCENT_CELLS:]

    def _uncached(self, body: bytes) -> None:
        found = []
        for regex in self.uncached_res:
            for m in regex.finditer(body):
                start = body.rfind(self.cell_start, 0, m.start())
                tag = self.tag_re.match(body, start) if start >= 0 else None
                if tag is None:
                    continue
                found.append((start, tag.group(1).decode("ascii")))
        self.uncached.extend(ref for _, ref in sorted(found))


_LAST_REF = re.compile(rb'<c r="[A-Z]{1,3}([1-9]\d{0,6})"')


def _letters_to_col(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col


class _ExpatSheet:
    """Exact used range of one worksheet part, following calamine's own rules, with expat.

    calamine starts at ``<sheetData>``, takes a cell's position from its ``r`` attribute or else
    from counters (``</row>`` moves to the next row), skips cells without content and stops at the
    first ``</sheetData>``. Positions are computed with Python integers, so nothing wraps around.
    """

    def __init__(self, sheet: str, bound: tuple[int, int] | None = None):
        self.sheet = sheet
        self.bound = bound  # (rows, cols) known to include every cell, from the fast scan
        self.state = "pre"
        self.row = 0  # 0-based, as calamine's row_index
        self.col = 0
        self.cells: list[list] = []  # open cells: [row, col, has content, has <f>, has <v>…</v>, in <v>]
        self.max_row = 0
        self.max_col = 0
        self.uncached: list[str] = []
        self.window = b""
        self.window_start = self.fed = 0
        self.parser = _new_expat()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end

    def feed(self, chunk: bytes, final: bool = False) -> None:
        # the bytes being parsed, with two bytes of the previous piece, for _self_closing()
        self.window = self.window[-2:] + chunk
        self.window_start = self.fed - (len(self.window) - len(chunk))
        self.fed += len(chunk)
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError:
            raise safety._Refused("corrupt") from None

    def _self_closing(self) -> bool:
        """In an end handler: was the element written as <x/>? (expat reports <x/> like <x></x>)"""
        end = self.parser.CurrentByteIndex - self.window_start
        return end >= 2 and self.window[end - 2:end] == b"/>"

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.state != "data":
            if self.state == "pre" and name.rpartition(":")[2] == "sheetData":
                self.state = "data"
            return
        local = name.rpartition(":")[2]
        if self.cells:
            cell = self.cells[-1]
            cell[2] = True
            if local == "f":
                cell[3] = True
            elif local == "v":
                cell[5] = True
        if local == "c":
            ref = attrs.get("r")
            if ref is not None:
                pos = _parse_ref(ref)
                if pos is None or pos[1] == 0:
                    self.state = "post"  # calamine fails on this sheet: nothing more is read
                    return
                row, col = pos[0] - 1, pos[1] - 1
            else:
                row, col = self.row, self.col
            self.col = col + 1
            self.cells.append([row, col, False, False, False, False])
        elif local == "row" and not self.cells:
            ref = attrs.get("r")
            if ref is not None:
                pos = _parse_ref(ref)
                if pos is None:
                    self.state = "post"
                    return
                self.row = pos[0] - 1

    def end(self, name: str) -> None:
        if self.state != "data":
            return
        local = name.rpartition(":")[2]
        if local == "c" and self.cells:
            row, col, content, has_f, has_v, _ = self.cells.pop()
            if content:
                self.max_row = max(self.max_row, row + 1)
                self.max_col = max(self.max_col, col + 1)
                if self.max_row * self.max_col > safety.MAX_CELLS or row >= safety.MAX_ROWS or col >= safety.MAX_COLUMNS:
                    extent = (self.max_row, self.max_col)
                    if row >= safety.MAX_ROWS or col >= safety.MAX_COLUMNS:
                        extent = (row + 1, col + 1)  # name the cell beyond the grid itself
                    safety._check_extent(self.sheet, *extent, at_least=extent != self.bound)
            if has_f and not has_v:
                self.uncached.append(f"{safety._column_letters(col + 1)}{row + 1}")
        elif local == "v" and self.cells:
            # <v/> is no value (openpyxl writes <v />); <v></v> is a cached empty string
            if not self._self_closing():
                self.cells[-1][4] = True
        elif local == "row" and not self.cells:
            self.row += 1
            self.col = 0
        elif local == "sheetData":
            self.state = "post"



# ------------------------------------------------------------------------------------------------ ods

_ODS_VALUE_ATTRS = (
    "office:value", "office:string-value", "office:date-value", "office:time-value",
    "office:boolean-value", "table:formula",
)
_ODS_CELLS = ("table:table-cell", "table:covered-table-cell")
_ODS_PLAIN_PARAGRAPH = re.compile(rb"<text:p(?:\s[^<>]*)?(?<!/)>[^<]*</text:p>")  # text only, no children


class _OdsScan:
    """Used range of every table in an ODS content.xml, following calamine's rules, with expat.

    A row's extent is the end of its last non-empty cell (a cell counts as non-empty when it carries
    a value or formula attribute); ``number-columns-repeated`` and ``number-rows-repeated`` multiply,
    so LibreOffice's repeated *empty* trailing cells and rows cost nothing, while a value repeated
    a million times does. As in calamine, a cell's content is skipped up to its own end tag, a table
    ends at the first ``</table:table>`` and names must carry the literal ``table:`` prefix. Row
    counts are not capped, so the result is never below calamine's.

    The handlers are closures over local state (this runs for every element of files with millions
    of cells), and ``<text:p …>…</text:p>`` paragraphs holding only text, which cannot change the
    structure, are cut out of each piece before expat sees it.
    """

    def __init__(self) -> None:
        self.cell_tags = 0
        self.sheet_cells: dict[str, int] = {}  # table name -> used range (calamine reads every table at once)
        self.parser = parser = _new_expat()
        # state: table name, tables seen, rows before this one, max row, max col, in row, row repeat,
        # column, end of last non-empty cell, open cell name, depth of same-name elements in that cell
        table: str | None = None
        tables = row = max_row = max_col = col = last = depth = 0
        in_row = False
        row_repeat = 1
        cell: str | None = None
        value_attrs = _ODS_VALUE_ATTRS
        cell_names = _ODS_CELLS

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal table, tables, row, max_row, max_col, in_row, row_repeat, col, last, cell, depth
            if cell is not None:  # inside a cell: calamine skips to the cell's own end tag
                if name == cell:
                    depth += 1
            elif in_row and name in cell_names:
                if attrs:
                    repeat = attrs.get("table:number-columns-repeated")
                    col += (_parse_int(repeat) or 1) if repeat else 1
                    # non-empty: any value type or value/formula attribute (calamine: a value or formula)
                    if "office:value-type" in attrs or any(key in attrs for key in value_attrs):
                        last = col
                else:
                    col += 1
                cell = name
                depth = 1
            elif name == "table:table-row":
                if table is not None:
                    in_row = True
                    row_repeat = _parse_int(attrs.get("table:number-rows-repeated")) or 1
                    col = last = 0
            elif name == "table:table" and table is None:
                tables += 1
                table = attrs.get("table:name") or f"Tabelle{tables}"
                row = max_row = max_col = 0
                in_row = False

        def end(name: str) -> None:
            nonlocal table, row, max_row, max_col, in_row, cell, depth
            if cell is not None:
                if name == cell:
                    depth -= 1
                    if depth == 0:
                        cell = None
            elif name == "table:table-row":
                if in_row:
                    in_row = False
                    if last:
                        max_row = row + row_repeat
                        max_col = max(max_col, last)
                        if max_row * max_col > safety.MAX_CELLS or max_row > safety.MAX_ROWS or last > safety.MAX_COLUMNS:
                            safety._check_extent(table or "", max_row, max(last, max_col) if last > safety.MAX_COLUMNS
                                          else max_col, at_least=True)
                    row += row_repeat
            elif name == "table:table":
                if table is not None:
                    self.sheet_cells[table] = max_row * max_col
                table = None
                in_row = False

        parser.StartElementHandler = start
        parser.EndElementHandler = end

    def feed(self, chunk: bytes, final: bool = False) -> None:
        self.cell_tags += chunk.count(b"<table:table-cell") + chunk.count(b"<table:covered-table-cell")
        if self.cell_tags > safety._MAX_ODS_CELL_TAGS:
            raise safety._Refused("too_many_cell_tags")
        try:
            self.parser.Parse(_ODS_PLAIN_PARAGRAPH.sub(b"", chunk) if b"<text:p" in chunk else chunk, final)
        except expat.ExpatError:
            raise safety._Refused("corrupt") from None


_SI_TAGS = (b"<si>", b"<si ", b"<si/", b":si>", b":si ", b":si/")  # start of one shared string (any prefix)


class _SharedStringScan:
    """Count ``<si>`` entries of a shared-string table while it streams by, with the size of each.

    Counting is done with ``bytes.count`` (C speed, 46 million tiny strings cost about a second); the
    size of one string is the distance between two ``<si`` starts, which only needs the first and last
    start of each piece (within a piece no distance exceeds the piece, and pieces are safety.CHUNK_BYTES, at
    most safety.MAX_SHARED_STRING_BYTES).
    """

    def __init__(self) -> None:
        self.count = 0
        self.fed = 0  # bytes seen
        self.last = -1  # stream position of the last <si start
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        base = self.fed - len(self.tail)
        found = sum(data.count(tag) for tag in _SI_TAGS) - sum(self.tail.count(tag) for tag in _SI_TAGS)
        if found:
            self.count += found
            if self.count > safety.MAX_SHARED_STRINGS:
                raise safety._Refused("shared_strings_count", count=self.count, at_least=True)
            starts = [p for p in (data.find(tag, max(0, len(self.tail) - len(tag) + 1)) for tag in _SI_TAGS)
                      if p >= 0]
            first = base + min(starts)
            if self.last >= 0:
                self._size(first - self.last)
            self.last = base + max(data.rfind(tag) for tag in _SI_TAGS)
        self.fed += len(chunk)
        self.tail = data[-8:]
        if self.count and self.fed > safety.MAX_SHARED_STRINGS_BYTES:
            raise safety._Refused("shared_strings_bytes", size=self.fed, at_least=True)
        if self.last >= 0:
            self._size(self.fed - self.last, at_least=True)

    def _size(self, size: int, at_least: bool = False) -> None:
        if size > safety.MAX_SHARED_STRING_BYTES:
            raise safety._Refused("shared_string_size", size=size, at_least=at_least)


