"""Builders for hostile, broken and borderline input files, all made in memory during the test run.

No binary fixtures: every file is generated from scratch (openpyxl, xlsxwriter, odfpy or a zip written
by hand), so the tests document exactly what each file contains.
"""

from __future__ import annotations

import functools
import io
import random
import re
import struct
import zipfile
from collections.abc import Callable, Iterator

import openpyxl
from openpyxl.styles import Font

# ------------------------------------------------------------------------------------------- helpers


def xlsx(fill: Callable[[openpyxl.worksheet.worksheet.Worksheet], None] | None = None,
         title: str = "Sheet") -> bytes:
    """A real xlsx written by openpyxl; `fill` writes into the first sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    if fill is None:
        ws.append(["Kunde", "Umsatz"])
        ws.append(["Müller GmbH", 1200])
    else:
        fill(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """Copy a zip, replacing the content of some members and adding others."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


SHEET1 = "xl/worksheets/sheet1.xml"


def sheet_xml(data: bytes, member: str = SHEET1) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(member)


def with_sheet_data(sheet_data: bytes, base: bytes | None = None) -> bytes:
    """An openpyxl xlsx whose first sheet's <sheetData> is replaced by `sheet_data`."""
    base = base or xlsx()
    xml = sheet_xml(base)
    xml = re.sub(rb"<sheetData>.*</sheetData>|<sheetData\s*/>", lambda _: b"<sheetData>" + sheet_data + b"</sheetData>",
                 xml, flags=re.S)
    return rezip(base, {SHEET1: xml})


def ods(table_xml: str, name: str = "Kunden", manifest_extra: str = "") -> bytes:
    """An ODS written by hand as a zip (like LibreOffice: mimetype first and stored)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">{table_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}'
        "</manifest:file-entry></manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def ods_cell(value: float | str, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if isinstance(value, str):
        return f'<table:table-cell office:value-type="string"{rep}><text:p>{value}</text:p></table:table-cell>'
    return (f'<table:table-cell office:value-type="float" office:value="{value}"{rep}>'
            f"<text:p>{value}</text:p></table:table-cell>")


def ods_row(cells: str, repeat: int = 1) -> str:
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


# ------------------------------------------------------------------------------------- valid files


def valid_xlsx() -> bytes:
    return xlsx(lambda ws: [ws.append(r) for r in (["Kunde", "Umsatz"], ["A", 1], ["B", 2])], title="Kunden")


def valid_ods_odfpy() -> bytes:
    """A real ODS written by odfpy (what pandas uses)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Kunden")
    for row in (["Kunde", "Umsatz"], ["Müller", 1200.5], ["Schmidt", 800]):
        tr = TableRow()
        for value in row:
            if isinstance(value, str):
                cell = TableCell(valuetype="string")
            else:
                cell = TableCell(valuetype="float", value=value)
            cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


def libreoffice_style_ods() -> bytes:
    """Data plus the empty trailing cells and rows LibreOffice writes for formatted sheets."""
    rows = ods_row(ods_cell("Kunde") + ods_cell("Umsatz") + '<table:table-cell table:number-columns-repeated="16382"/>')
    rows += ods_row(ods_cell("Müller") + ods_cell(1200) + '<table:table-cell table:number-columns-repeated="16382"/>')
    rows += ods_row('<table:table-cell table:number-columns-repeated="16384"/>', repeat=1048574)
    return ods(rows)


def csv_bytes() -> bytes:
    return "Kunden-Nr.;Kunde;Umsatz\nK001;Müller GmbH;1.200,50\nK002;Schmidt KG;800\n".encode("cp1252")


# ----------------------------------------------------------------------------------- hostile files


def random_bytes(n: int = 4096, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def pdf() -> bytes:
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body/></w:document>')
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("kunden/liste.txt", "Kunde;Umsatz\nA;1\n")
        zf.writestr("kunden/foto.jpg", random_bytes(2000))
    return out.getvalue()


def truncated_xlsx() -> bytes:
    data = valid_xlsx()
    return data[: len(data) // 2]


def crc_corrupt_xlsx() -> bytes:
    """One byte of the stored (uncompressed) sheet XML changed: the CRC no longer matches."""
    base = valid_xlsx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    data = bytearray(out.getvalue())
    pos = data.index(b"<sheetData>")
    data[pos + 1] = ord("S")  # <SheetData>: same length, different CRC
    return bytes(data)


def ole2(*stream_names: str) -> bytes:
    """An OLE2 compound file header with the given stream names in its directory (enough for the check)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + bytes(64) for name in stream_names)
    return header + directory + bytes(1024)


def encrypted_xlsx() -> bytes:
    """What Excel writes for a password-protected workbook: an OLE2 file with an EncryptedPackage."""
    return ole2("Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")


def legacy_xls() -> bytes:
    return ole2("Root Entry", "Workbook", "\x05SummaryInformation")


def billion_laughs_xlsx() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    sst = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           "<si><t>&lol9;</t></si></sst>").encode()
    return rezip(valid_xlsx(), add={"xl/sharedStrings.xml": sst})


def external_entity_xlsx() -> bytes:
    xml = sheet_xml(valid_xlsx())
    xml = xml.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet', 1)
    xml = xml.replace(b"<v>1</v>", b"<v>&xxe;</v>", 1)
    return rezip(valid_xlsx(), {SHEET1: xml})


def zip_bomb_xlsx(megabytes: int, level: int = 9) -> bytes:
    """An xlsx whose sheet XML is `megabytes` MB of zeros, deflated (about 1 KB per MB on disk).

    Written with zipfile's streaming writer, so the test never holds the uncompressed data.
    """
    out = io.BytesIO()
    zeros = bytes(1 << 20)
    info = zipfile.ZipInfo(SHEET1)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(valid_xlsx())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for member in src.infolist():
            if member.filename == SHEET1:
                with dst.open(info, "w") as fh:
                    for _ in range(megabytes):
                        fh.write(zeros)
            else:
                dst.writestr(member.filename, src.read(member.filename))
    return out.getvalue()


def lying_size_xlsx() -> bytes:
    """The central directory claims the sheet is 100 bytes; its deflate stream holds 20 MB."""
    data = bytearray(zip_bomb_xlsx(20, level=1))
    pos = data.find(b"PK\x01\x02")
    while data[pos + 46:pos + 46 + len(SHEET1)] != SHEET1.encode():
        pos = data.find(b"PK\x01\x02", pos + 4)
    struct.pack_into("<I", data, pos + 24, 100)  # uncompressed size in the central directory
    return bytes(data)


def xfd_xlsx() -> bytes:
    """One cell at A1 and one at XFD1048576: calamine would allocate 17 billion cells."""

    def fill(ws):
        ws["A1"] = "Kunde"
        ws["XFD1048576"] = 1

    return xlsx(fill, title="Kunden")


def styled_far_cell_xlsx() -> bytes:
    """A formatted but empty cell at XFD1048576 (calamine skips empty cells: harmless)."""

    def fill(ws):
        ws.append(["Kunde", "Umsatz"])
        ws.append(["A", 1])
        ws["XFD1048576"].font = Font(bold=True)

    return xlsx(fill)


def inflated_dimension_xlsx() -> bytes:
    xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', sheet_xml(valid_xlsx()))
    assert b"XFD1048576" in xml
    return rezip(valid_xlsx(), {SHEET1: xml})


def uncached_formula_xlsx() -> bytes:
    def fill(ws):
        ws["A2"] = 3
        ws["B2"] = "=A2*2"

    return xlsx(fill)


# calamine crash vectors that a "last <row r=…>" scan would miss
def out_of_order_rows_xlsx() -> bytes:
    return with_sheet_data(b'<row r="1048576"><c r="ZZ1048576"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>')


def ref_in_wrong_row_xlsx() -> bytes:
    return with_sheet_data(b'<row r="1"><c r="A1"><v>1</v></c><c r="ZZ1048576"><v>1</v></c></row>')


def lowercase_ref_xlsx() -> bytes:
    return with_sheet_data(b'<row r="1"><c r="A1"><v>1</v></c><c r="xfd1048576"><v>1</v></c></row>')


def duplicate_r_xlsx() -> bytes:
    return with_sheet_data(b'<row r="1"><c r="A1"><v>1</v></c><c r="B1" r="XFD1048576"><v>1</v></c></row>')


def refless_cells_xlsx(columns: int = 20_000, rows: int = 2_000) -> bytes:
    """Cells without r attribute: calamine places them by counting (wider than Excel allows)."""
    wide = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    return with_sheet_data(wide + b"<row><c><v>1</v></c></row>" * rows)


def refless_valid_xlsx() -> bytes:
    """A small, legitimate sheet written without r attributes (allowed by the standard)."""
    rows = b"<row><c t=\"inlineStr\"><is><t>Kunde</t></is></c><c t=\"inlineStr\"><is><t>Wert</t></is></c></row>"
    rows += b"<row><c t=\"inlineStr\"><is><t>A</t></is></c><c><f>1+1</f></c></row>"
    return with_sheet_data(rows)


def prefixed_xlsx() -> bytes:
    """A sheet written with an x: prefix (as some .NET tools do)."""
    xml = (b'<?xml version="1.0" encoding="UTF-8"?>'
           b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
           b'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Kunde</x:t></x:is></x:c></x:row>'
           b'<x:row r="2"><x:c r="A2"><x:f>1+1</x:f></x:c><x:c r="B2"><x:v>7</x:v></x:c></x:row>'
           b"</x:sheetData></x:worksheet>")
    return rezip(valid_xlsx(), {SHEET1: xml})


def unique_count_xlsx() -> bytes:
    sst = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           b'count="1" uniqueCount="4000000000"><si><t>a</t></si></sst>')
    return rezip(valid_xlsx(), add={"xl/sharedStrings.xml": sst})


def utf16_sheet_xlsx() -> bytes:
    xml = sheet_xml(valid_xlsx()).decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return rezip(valid_xlsx(), {SHEET1: xml.encode("utf-16")})


def xlsb_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("xl/workbook.bin", bytes(64))
    return out.getvalue()


def ods_repeated_value(rows: int = 1_000_000, cols: int = 100) -> bytes:
    """A non-empty cell repeated `cols` times in a row repeated `rows` times: tiny file, 100 M cells."""
    return ods(ods_row(ods_cell("Kunde")) + ods_row(ods_cell(1, repeat=cols), repeat=rows))


def ods_rows_of_wide_values(rows: int = 5_000) -> bytes:
    """Many row *elements* each with a value repeated across all 16,384 columns (calamine builds each)."""
    return ods(ods_row(ods_cell(1, repeat=16_384)) * rows)


def ods_far_cell() -> bytes:
    return ods(ods_row(ods_cell("Kunde"))
               + ods_row('<table:table-cell table:number-columns-repeated="16384"/>', repeat=1_048_574)
               + ods_row('<table:table-cell table:number-columns-repeated="16383"/>' + ods_cell(9)))


def ods_encrypted() -> bytes:
    extra = ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
             '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/>'
             "</manifest:encryption-data>")
    return ods(ods_row(ods_cell("Kunde")), manifest_extra=extra)


def ods_doctype() -> bytes:
    data = ods(ods_row(ods_cell("Kunde")))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        content = zf.read("content.xml")
    content = content.replace(b"<office:document-content", b'<!DOCTYPE x [<!ENTITY a "b">]><office:document-content', 1)
    return rezip(data, {"content.xml": content})


def html_table() -> bytes:
    return b"<html><body><table><tr><td>Kunde</td><td>Umsatz</td></tr></table></body></html>"


def plain_text() -> bytes:
    return b"Das ist eine Notiz\nohne Spalten\nnur Text\n"


# ------------------------------------------------------------ issue 14: costly but small or legit-looking

MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _letters(col: int) -> bytes:
    """1-based column -> Excel letters as bytes."""
    text = ""
    while col:
        col, rem = divmod(col - 1, 26)
        text = chr(65 + rem) + text
    return text.encode()


def _sheet_doc(sheet_data: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + MAIN_NS + b"><sheetData>"
            + sheet_data + b"</sheetData></worksheet>")


def _streamed_zip(base: bytes, members: dict[str, Callable[[], Iterator[bytes]]], level: int = 1) -> bytes:
    """Copy `base`, writing some members from generators (never held whole in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        names = [info.filename for info in src.infolist()]
        for name in names:
            if name not in members:
                dst.writestr(name, src.read(name))
        for name, pieces in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(info, "w", force_zip64=True) as fh:
                for piece in pieces():
                    fh.write(piece)
    return out.getvalue()


def list_rows() -> list[list]:
    return [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Umsatz"], ["K001", "Müller GmbH", 7, 1200.5],
            ["K002", "Schmidt KG", 4, 800]]


@functools.cache
def twelve_far_sheets_xlsx(sheets: int = 12, far: str = "XFD1800") -> bytes:
    """`sheets` sheets with a value in A1 and one in XFD1800 (29.5 million cells each), the list after them."""
    wb = openpyxl.Workbook()
    wb.active.title = "Blatt1"
    for i in range(2, sheets + 1):
        wb.create_sheet(f"Blatt{i}")
    ws = wb.create_sheet("Kunden")
    for row in list_rows():
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    far_xml = _sheet_doc(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="%s"><c r="%s"><v>1</v></c></row>'
                         % (re.sub(rb"[A-Z]", b"", far.encode()), far.encode()))
    return rezip(buf.getvalue(), {f"xl/worksheets/sheet{i}.xml": far_xml for i in range(1, sheets + 1)})


def cell_beyond_excel_xlsx() -> bytes:
    """The list, plus one cell at C9999999 (Excel's last row is 1,048,576)."""
    return with_sheet_data(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Kunde</t></is></c><c r="B1" t="inlineStr"><is><t>Umsatz'
        b'</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><v>1</v></c></row>'
        b'<row r="9999999"><c r="C9999999"><v>1</v></c></row>')


def semicolon_line_csv() -> bytes:
    """64 KB: a header, one line of 50,000 ';' and 2,000 normal rows."""
    lines = ["Kunden-Nr.;Kunde;Bonität (0-10)", ";" * 50_000]
    lines += [f"K{i:04d};Kunde {i};{i % 11}" for i in range(2_000)]
    return "\n".join(lines).encode("cp1252")


def ods_value_repeated_wide(cols: int = 16_384, rows: int = 1_800) -> bytes:
    """One value repeated across all 16,384 columns in a row repeated 1,800 times: a few KB zipped."""
    return ods(ods_row(ods_cell("Kunde")) + ods_row(ods_cell(1, repeat=cols), repeat=rows))


@functools.cache
def wide_xlsx(cols: int = 16_384, rows: int = 1_799) -> bytes:
    """`cols` x `rows` cells, each holding a number (29.5 million for the defaults; 650 MB of XML)."""
    template = b"".join(b'<c r="' + _letters(c) + b'#"><v>1</v></c>' for c in range(1, cols + 1))

    def pieces() -> Iterator[bytes]:
        yield _sheet_doc(b"")[: -len(b"</sheetData></worksheet>")]
        for r in range(1, rows + 1):
            number = str(r).encode()
            yield b'<row r="' + number + b'">' + template.replace(b"#", number) + b"</row>"
        yield b"</sheetData></worksheet>"

    return _streamed_zip(valid_xlsx(), {SHEET1: pieces})


@functools.cache
def many_shared_strings_xlsx(count: int = 46_000_000) -> bytes:
    """A shared-string table of `count` one-letter strings while it claims uniqueCount="3" (780 MB of XML)."""
    block = b"<si><t>a</t></si>" * 100_000

    def pieces() -> Iterator[bytes]:
        yield (b'<?xml version="1.0" encoding="UTF-8"?><sst ' + MAIN_NS + b' count="%d" uniqueCount="3">' % count)
        for _ in range(count // 100_000):
            yield block
        yield b"<si><t>a</t></si>" * (count % 100_000) + b"</sst>"

    return _streamed_zip(shared_string_list_xlsx(), {"xl/sharedStrings.xml": pieces})


def shared_string_list_xlsx() -> bytes:
    """The list written by xlsxwriter (texts in a shared-string table, as Excel does)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Kunden")
    for r, row in enumerate(list_rows()):
        ws.write_row(r, 0, row)
    wb.close()
    return buf.getvalue()


@functools.cache
def one_huge_shared_string_xlsx(megabytes: int = 50) -> bytes:
    """One shared string of `megabytes` MB (an Excel cell holds at most 32,767 characters)."""
    rng = random.Random(14)
    letters = bytes.maketrans(bytes(range(256)), b"acgt" * 64)  # a random 1 KB pattern of 4 letters

    def pieces() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?><sst ' + MAIN_NS + b' count="1" uniqueCount="1"><si><t>'
        block = rng.randbytes(1024).translate(letters) * 1024  # deflate finds the 1 KB repeats: fast, about 250:1
        for _ in range(megabytes):
            yield block
        yield b"</t></si></sst>"

    base = shared_string_list_xlsx()
    return _streamed_zip(base, {"xl/sharedStrings.xml": pieces})


@functools.cache
def one_char_cells_csv(megabytes: int = 99) -> bytes:
    """`megabytes` MB of one-character cells, 15 to a line (3.3 million lines for 99 MB)."""
    line = b";".join([b"a"] * 15) + b"\n"
    return b"Kunde;Umsatz\n" + line * ((megabytes * 1_000_000 - 13) // len(line))


def long_field_csv(chars: int = 200_000) -> bytes:
    """A field of `chars` characters in row 3, column B (the csv module's own limit is 131,072)."""
    return ("Kunden-Nr.;Kunde;Bonität (0-10)\nK001;Müller;7\nK002;" + "x" * chars + ";5\n").encode("utf-8")


GERMAN_ROWS = [["Kunden-Nr.", "Kunde", "Bonität (0-10)", "Umsatz"],
               ["K001", "Müller Söhne GmbH", "7", "1.200,50"],
               ["K002", "Öztürk & Ähnliche KG", "4", "800"],
               ["K003", "Großhandel Überall", "9", "15.000"]]


def german_csv(encoding: str, bom: bool = False, delimiter: str = ";") -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in GERMAN_ROWS) + "\r\n"
    data = text.encode(encoding)
    if bom:
        data = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding] + data
    return data


def cp850_csv() -> bytes:
    """A German CSV from an old DOS ERP system: code page 850 (ü = 0x81, ä = 0x84, ö = 0x94, ß = 0xE1)."""
    return german_csv("cp850")


def utf16_no_bom_csv() -> bytes:
    return german_csv("utf-16-le")


def utf8_with_one_cp1252_line_csv() -> bytes:
    """UTF-8, except line 3, which someone pasted from a Windows-1252 file."""
    lines = [";".join(row).encode("utf-8") for row in GERMAN_ROWS]
    lines[2] = ";".join(GERMAN_ROWS[2]).encode("cp1252")
    return b"\n".join(lines) + b"\n"


def comma_csv_with_quoted_semicolons() -> bytes:
    rows = ['Kunden-Nr.,Kunde,Bonität (0-10)', 'K001,"Müller; Söhne GmbH",7', 'K002,"Schmidt; Partner",4',
            "K003,Meier AG,9"]
    return ("\n".join(rows) + "\n").encode("utf-8")


def header_below_scan_xlsx(header_row: int = 31) -> bytes:
    def fill(ws):
        ws["A1"] = "Bericht Kundenbewertung"
        for i, row in enumerate(list_rows()):
            for j, value in enumerate(row):
                ws.cell(row=header_row + i, column=j + 1, value=value)

    return xlsx(fill, title="Kunden")


def hidden_list_and_visible_notes_xlsx(state: str = "veryHidden", visible_has_data: bool = True) -> bytes:
    """A hidden sheet with a rated list first, a visible sheet with a list (or nothing) after it."""
    wb = openpyxl.Workbook()
    hidden = wb.active
    hidden.title = "Alt"
    for row in list_rows():
        hidden.append(row)
    hidden.sheet_state = state
    ws = wb.create_sheet("Kunden")
    if visible_has_data:
        ws.append(["Kunden-Nr.", "Kunde", "Umsatz"])
        ws.append(["K009", "Neu GmbH", 10])
    wb.active = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@functools.cache
def max_rows_xlsx(rows: int = 1_048_575) -> bytes:
    """Excel's own limit: a header and `rows` customers in 3 columns (id, name, one rating)."""
    def pieces() -> Iterator[bytes]:
        yield _sheet_doc(b"")[: -len(b"</sheetData></worksheet>")]
        yield (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Kunden-Nr.</t></is></c><c r="B1" t="inlineStr"><is><t>'
               b'Kunde</t></is></c><c r="C1" t="inlineStr"><is><t>Bonit\xc3\xa4t (0-10)</t></is></c></row>')
        batch = []
        for r in range(2, rows + 2):
            batch.append(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>K%d</t></is></c>'
                         b'<c r="C%d"><v>%d</v></c></row>' % (r, r, r, r, r, r, r % 11))
            if len(batch) == 10_000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch) + b"</sheetData></worksheet>"

    return _streamed_zip(valid_xlsx(), {SHEET1: pieces})


# name -> (builder, file name, expected): ("refused", key words) or ("read", rows read)
ISSUE14 = {
    "12_far_sheets": (twelve_far_sheets_xlsx, "blaetter.xlsx", ("refused", ["Blatt1", "XFD1800", "8 Millionen"])),
    "c9999999": (cell_beyond_excel_xlsx, "fern.xlsx", ("refused", ["C9999999", "1.048.576"])),
    "semicolon_line": (semicolon_line_csv, "semikolon.csv", ("refused", ["Zeile 2", "50.001 Spalten", "16.384"])),
    "ods_16384x1800": (ods_value_repeated_wide, "breit.ods", ("refused", ["XFD", "8 Millionen"])),
    "xlsx_16384x1799": (wide_xlsx, "breit.xlsx", ("refused", ["XFD", "8 Millionen"])),
    "46m_shared_strings": (many_shared_strings_xlsx, "texte.xlsx", ("refused", ["Texte", "256 MB"])),
    "50mb_shared_string": (one_huge_shared_string_xlsx, "text.xlsx", ("refused", ["einzelnen Text", "1 MB"])),
    "99mb_one_char_csv": (one_char_cells_csv, "zeichen.csv", ("refused", ["8 Millionen Zellen"])),
    "long_field_csv": (long_field_csv, "feld.csv", ("refused", ["Zeile 3", "Spalte B", "200.000 Zeichen", "32.767"])),
    "cp850_csv": (cp850_csv, "dos.csv", ("read", 3)),
    "utf16_no_bom_csv": (utf16_no_bom_csv, "utf16.csv", ("read", 3)),
    "max_rows_xlsx": (max_rows_xlsx, "million.xlsx", ("read", 1_048_575)),
}
