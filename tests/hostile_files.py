"""Builders for hostile, broken and borderline input files, all made in memory during the test run.

No binary fixtures: every file is generated from scratch (openpyxl, xlsxwriter, odfpy or a zip written
by hand), so the tests document exactly what each file contains.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Callable

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
