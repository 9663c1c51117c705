"""Hostile uploads for the browser journeys and the load test, built in memory (no binary fixtures)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.files import simple_rows, xlsx_bytes

SHEET1 = "xl/worksheets/sheet1.xml"


def valid_xlsx() -> bytes:
    return xlsx_bytes(simple_rows(5))


def pdf_renamed() -> bytes:
    """A (tiny) PDF document; the journeys upload it as `….xlsx`."""
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def xml_bomb_xlsx() -> bytes:
    """Billion laughs: nine levels of ten-fold entity expansion in the shared strings of a real xlsx."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    sst = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           "<si><t>&lol9;</t></si></sst>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(valid_xlsx())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for member in src.infolist():
            if member.filename != "xl/sharedStrings.xml":
                dst.writestr(member, src.read(member.filename))
        dst.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def zip_bomb_xlsx(megabytes: int = 1100) -> bytes:
    """A real xlsx whose sheet XML is `megabytes` MB of zeros (about 1 KB per MB once deflated).

    Streamed into the zip, so building it never holds the uncompressed data.
    """
    out = io.BytesIO()
    zeros = bytes(1 << 20)
    info = zipfile.ZipInfo(SHEET1)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(valid_xlsx())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for member in src.infolist():
            if member.filename == SHEET1:
                with dst.open(info, "w") as fh:
                    for _ in range(megabytes):
                        fh.write(zeros)
            else:
                dst.writestr(member.filename, src.read(member.filename))
    return out.getvalue()


def write_oversized(path: Path, megabytes: int = 101) -> Path:
    """A file larger than the upload limit (100 MB), written in 1 MB pieces."""
    block = bytes(range(256)) * 4096
    with open(path, "wb") as fh:
        for _ in range(megabytes):
            fh.write(block)
    return path
