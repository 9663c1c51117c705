"""The resource budget (issue 14), in process: limits at their edges, CSV encodings and delimiters,
header scan and sheet choice, and the byte-bounded parse cache of the app."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kundenwert.errors import InputFileError
from kundenwert.ingest import safety, sheetscan
from kundenwert.ingest.csvfile import read_csv, sniff_delimiter
from kundenwert.ingest.encoding import decode
from kundenwert.ingest.reader import read_table
from kundenwert.ingest.safety import check_file
from tests import hostile_files as H


def refused(data: bytes, name: str, reader=check_file) -> str:
    with pytest.raises(InputFileError) as info:
        reader(data, name)
    message = str(info.value)
    assert "\n" not in message and f"„{name}“" in message, message
    return message


def far_cell(ref: bytes) -> bytes:
    row = ref.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return H.with_sheet_data(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="%s"><c r="%s"><v>1</v></c></row>'
                             % (row, ref))


# ------------------------------------------------------------------------------- grid and cell budget

def test_excel_grid_edges():
    assert check_file(far_cell(b"A1048576"), "x.xlsx").sheet_cells == {"Sheet": 1_048_576}
    message = refused(far_cell(b"A1048577"), "x.xlsx")
    assert "A1048577" in message and "jenseits der letzten Excel-Zeile 1.048.576" in message
    message = refused(H.with_sheet_data(b'<row r="1"><c r="XFE1"><v>1</v></c></row>'), "x.xlsx")
    assert "XFE1" in message and "Spalte XFD (16.384 Spalten)" in message


def test_cells_per_sheet_edge():
    # A1 .. H1000000 = 8,000,000 cells = MAX_CELLS: accepted; one row more is refused
    assert safety.MAX_CELLS == 8_000_000
    assert check_file(far_cell(b"H1000000"), "x.xlsx").sheet_cells["Sheet"] == safety.MAX_CELLS
    message = refused(far_cell(b"H1000001"), "x.xlsx")
    assert "H1000001" in message and "höchstens 8 Millionen" in message


def test_all_sheets_together_are_counted():
    """12 sheets each under the per-sheet limit, together far over what the reader may open."""
    message = refused(H.twelve_far_sheets_xlsx(far="XFD400"), "viele.xlsx")
    assert "in 13 Blättern zusammen" in message and "höchstens 24 Millionen" in message


def test_ods_tables_together_are_counted(monkeypatch):
    monkeypatch.setattr(safety, "MAX_CELLS", 1000)
    table = H.ods_row(H.ods_cell("Kunde")) + H.ods_row(H.ods_cell(1, repeat=20), repeat=30)  # 620 cells
    content = H.ods(table)
    two = content.replace(b"", b"")  # one table is fine …
    assert check_file(two, "x.ods").kind == "ods"
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        xml = zf.read("content.xml")
    doubled = xml.replace(b"</table:table>", b'</table:table><table:table table:name="Zwei">' + table.encode()
                          + b"</table:table>", 1)
    message = refused(H.rezip(content, {"content.xml": doubled}), "zwei.ods")  # … two are too many together
    assert "in 2 Blättern zusammen" in message


# ------------------------------------------------------------------------------------ shared strings

def sst(strings: list[bytes], unique: int = 3) -> bytes:
    body = b"".join(b"<si><t>" + s + b"</t></si>" for s in strings)
    xml = (b'<?xml version="1.0"?><sst ' + H.MAIN_NS + b' count="%d" uniqueCount="%d">' % (len(strings), unique)
           + body + b"</sst>")
    return H.rezip(H.shared_string_list_xlsx(), {"xl/sharedStrings.xml": xml})


def test_shared_string_count_is_counted_not_believed(monkeypatch):
    monkeypatch.setattr(safety, "MAX_SHARED_STRINGS", 1000)
    assert check_file(sst([b"a"] * 1000), "x.xlsx").kind == "xlsx"
    message = refused(sst([b"a"] * 1001), "x.xlsx")
    assert "mindestens 1.001 Texteinträge" in message and "höchstens 1.000" in message


@pytest.mark.parametrize("where", [0, 5, 9])
def test_one_long_shared_string(where):
    assert safety.CHUNK_BYTES <= safety.MAX_SHARED_STRING_BYTES  # what the scan relies on
    strings = [b"kurz"] * 10
    strings[where] = b"x" * (safety.MAX_SHARED_STRING_BYTES - 100)
    assert check_file(sst(strings), "x.xlsx").kind == "xlsx"
    strings[where] = b"x" * (safety.MAX_SHARED_STRING_BYTES + 100)
    assert "einzelnen Text von mehr als 1 MB" in refused(sst(strings), "x.xlsx")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=30), st.data())
def test_shared_string_scan_counts_across_any_chunking(lengths, data):
    xml = b"<sst>" + b"".join(b"<si><t>" + b"a" * n + b"</t></si>" for n in lengths) + b"</sst>"
    cuts = sorted(data.draw(st.lists(st.integers(min_value=0, max_value=len(xml)), max_size=8)))
    scan = sheetscan._SharedStringScan()
    last = 0
    for cut in [*cuts, len(xml)]:
        scan.feed(xml[last:cut])
        last = cut
    assert scan.count == len(lengths)


# -------------------------------------------------------------------------------------------- CSV

def test_csv_limits(monkeypatch):
    data = "Kunde;Bonität\n" + "".join(f"K{i};{i % 10}\n" for i in range(20))
    monkeypatch.setattr(safety, "MAX_ROWS", 21)
    assert len(read_csv(data.encode(), "x.csv")[0]) == 21
    monkeypatch.setattr(safety, "MAX_ROWS", 20)
    assert "mehr als 20 Zeilen" in refused(data.encode(), "x.csv", read_csv)
    monkeypatch.setattr(safety, "MAX_ROWS", 1000)
    monkeypatch.setattr(safety, "MAX_CELLS", 40)
    assert "bis Zeile 21" in refused(data.encode(), "x.csv", read_csv)


def test_csv_field_and_line_limits(monkeypatch):
    assert "Spalte B" in refused(H.long_field_csv(), "x.csv", read_csv)
    ok = H.long_field_csv(safety.MAX_FIELD_CHARS)
    assert len(read_csv(ok, "x.csv")[0][2][1]) == safety.MAX_FIELD_CHARS
    monkeypatch.setattr(safety, "MAX_LINE_CHARS", 1000)
    wide = ("Kunde" + ";x" * 2000 + "\n").encode()
    assert "Zeile 1" in refused(wide, "x.csv", read_csv) and "Zeichen" in refused(wide, "x.csv", read_csv)


def test_csv_nul_byte_is_no_traceback():
    data = b"Kunde;Bonit\xc3\xa4t\nA;1\n" + b"B\x00;2\n" + b"C;3\n" * 200
    rows, _, _ = read_csv(data, "x.csv")
    assert rows[2] == ["B\x00", "2"]


def test_comma_csv_with_quoted_semicolons_is_split_on_commas():
    rows, decimal_comma, _ = read_csv(H.comma_csv_with_quoted_semicolons(), "x.csv")
    assert rows[1] == ["K001", "Müller; Söhne GmbH", "7"]
    assert all(len(r) == 3 for r in rows)


@pytest.mark.parametrize(("delim", "expected_decimal_comma"), [(";", True), ("\t", False), ("|", False)])
def test_delimiters(delim, expected_decimal_comma):
    rows, decimal_comma, _ = read_csv(H.german_csv("utf-8", delimiter=delim), "x.csv")
    assert rows[0] == H.GERMAN_ROWS[0] and decimal_comma in (expected_decimal_comma, True)


CELL = st.text(alphabet="abcXYZ 0123456789äö;,|\t.-", max_size=12).map(lambda t: "k" + t)  # never blank


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([";", ",", "\t", "|"]), st.integers(min_value=2, max_value=6), st.data())
def test_sniffed_delimiter_is_the_one_written(delim, width, data):
    """Whatever the cells contain, a cell holding a separator is quoted (as Excel writes it), and the
    sniffer finds the delimiter the file was written with."""
    rows = data.draw(st.lists(st.lists(CELL, min_size=width, max_size=width), min_size=2, max_size=8))
    if data.draw(st.booleans()):
        rows.insert(0, [f"Spalte{j}" for j in range(width)])

    def cell(text: str) -> str:
        return f'"{text}"' if any(c in text for c in ';,|\t"') else text

    text = "".join(delim.join(cell(c) for c in row) + "\r\n" for row in rows)
    assert sniff_delimiter(text) == delim


def test_semicolon_csv_with_decimal_commas_is_split_on_semicolons():
    assert sniff_delimiter("Kunde;Umsatz\nA;1,5\nB;2,25\nC;3,75\n") == ";"


# ---------------------------------------------------------------------------------------- encodings

GERMAN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789;äöüÄÖÜß", min_size=1, max_size=60)


@settings(max_examples=80, deadline=None)
@given(st.lists(GERMAN, min_size=1, max_size=8), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le",
                                                                   "utf-16-be", "cp1252", "cp850"]))
def test_encodings_round_trip(lines, encoding):
    lines = [*lines, "Zeile mit Umlaut ä"]
    text = "\n".join(lines) + "\n"
    decoded = decode(text.encode(encoding))
    assert decoded is not None
    assert decoded.lines().read() == text
    assert not decoded.foreign_lines


def test_cp850_is_detected_by_its_umlauts():
    rows, _, notes = read_csv(H.cp850_csv(), "dos.csv")
    assert rows == H.GERMAN_ROWS
    assert notes == ["Die Datei wurde als DOS-Codepage 850 gelesen."]


def test_utf16_without_bom_is_csv():
    assert check_file(H.utf16_no_bom_csv(), "x.csv").kind == "csv"
    assert check_file(H.utf16_no_bom_csv(), "export.txt").kind == "csv"
    assert read_csv(H.german_csv("utf-16-be"), "x.csv")[0] == H.GERMAN_ROWS


def test_one_cp1252_line_in_utf8_is_decoded_per_line_and_reported():
    raw = read_table(H.utf8_with_one_cp1252_line_csv(), "gemischt.csv")
    assert [r[1] for r in raw.rows] == [row[1] for row in H.GERMAN_ROWS[1:]]
    assert any("Zeile 3" in n and "Windows-1252" in n for n in raw.notes), raw.notes


def test_text_in_no_known_encoding_is_refused_in_one_line():
    data = "\n".join(";".join(r) for r in H.GERMAN_ROWS).encode("utf-32")
    message = refused(data, "x.csv", read_table)
    assert "Zeichenkodierung" in message or "keine Excel-, ODS- oder CSV-Datei" in message


# ------------------------------------------------------------------------------ header and sheets

def test_header_below_the_scan_names_the_scan_and_the_row():
    message = refused(H.header_below_scan_xlsx(31), "tief.xlsx", read_table)
    assert "In den ersten 30 Zeilen" in message and "Zeile 31" in message
    assert read_table(H.header_below_scan_xlsx(30), "x.xlsx").header_row == 30


def test_no_header_at_all_names_the_scan():
    data = H.xlsx(lambda ws: [ws.append([i, i * 2]) for i in range(40)])
    assert "In den ersten 30 Zeilen" in refused(data, "zahlen.xlsx", read_table)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheet_is_not_chosen_over_a_visible_list(state):
    raw = read_table(H.hidden_list_and_visible_notes_xlsx(state), "x.xlsx")
    assert raw.sheet == "Kunden"


def test_hidden_sheet_is_used_only_without_visible_data_and_says_so():
    raw = read_table(H.hidden_list_and_visible_notes_xlsx(visible_has_data=False), "x.xlsx")
    assert raw.sheet == "Alt"
    assert any("ausgeblendet" in n and "kein sichtbares Blatt" in n for n in raw.notes)


# -------------------------------------------------------------------------------- app parse cache

def test_parse_cache_is_bounded_by_bytes():
    from kundenwert.bytecache import ByteLRU

    cache = ByteLRU(1000)
    for i in range(10):
        cache.put((i,), bytes(300))
        assert cache.size <= 1000
    assert cache.get((9,)) is not None and cache.get((0,)) is None
    cache.get((7,))
    cache.put((10,), bytes(300))
    assert cache.get((7,)) is not None and cache.get((8,)) is None  # least recently used goes first
    cache.put((11,), bytes(5000))  # larger than the budget: not kept, nothing else dropped for it
    assert cache.get((11,)) is None and cache.size <= 1000


UMLAUT_LINE = st.text(alphabet="abc XYZ;0123456789", max_size=20).flatmap(
    lambda t: st.sampled_from("äöüÄÖÜß").map(lambda u: t + u))


@settings(max_examples=80, deadline=None)
@given(st.lists(UMLAUT_LINE, min_size=1, max_size=10), UMLAUT_LINE, st.data())
def test_a_foreign_line_in_utf8_is_decoded_alone(lines, foreign, data):
    """Lines in UTF-8 and one line in Windows-1252 (or code page 850): every line reads right, and only
    the foreign one is reported."""
    codepage = data.draw(st.sampled_from(["cp1252", "cp850"]))
    at = data.draw(st.integers(min_value=0, max_value=len(lines)))
    encoded = [line.encode("utf-8") for line in lines]
    encoded.insert(at, foreign.encode(codepage))
    decoded = decode(b"\n".join(encoded) + b"\n")
    assert decoded is not None
    expected = [*lines[:at], foreign, *lines[at:]]
    assert decoded.lines().read() == "\n".join(expected) + "\n"
    assert decoded.foreign_lines == [at + 1]
