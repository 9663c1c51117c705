"""The zip container of an xlsx or ods, streamed once: bombs, CRCs, encryption, DOCTYPE, and the scans.

Part of :mod:`.safety` (which holds the limits, the sentences and the entry point): every member is
decompressed in pieces of ``CHUNK_BYTES`` and handed to the byte guards below and to the sheet,
ODS and shared-string scans of :mod:`.sheetscan`. Limits are read from :mod:`.safety` when used.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

from . import safety
from .sheetscan import _ExpatSheet, _OdsScan, _SharedStringScan, _SheetScan

# ------------------------------------------------------------------------------------------------ zip

_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error,
    NotImplementedError, RuntimeError, KeyError, IndexError, OverflowError, zlib.error, UnicodeDecodeError,
)


class _Budget:
    """Decompressed bytes still allowed for the whole file (zip-bomb guard)."""

    def __init__(self) -> None:
        self.left = safety.MAX_UNCOMPRESSED_BYTES

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise safety._Refused("bomb")


def _zip_member_count(data: bytes) -> int | None:
    """Number of members declared in the end-of-central-directory record (None: not found)."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if pos < 0 or pos + 22 > len(data):
        return None
    count = struct.unpack_from("<H", data, pos + 10)[0]
    if count == 0xFFFF and pos >= 20 and data[pos - 20:pos - 16] == b"PK\x06\x07":  # zip64
        offset = struct.unpack_from("<Q", data, pos - 12)[0]
        if offset + 40 <= len(data) and data[offset:offset + 4] == b"PK\x06\x06":
            count = struct.unpack_from("<Q", data, offset + 32)[0]
    return count


def _member_chunks(data: bytes, info: zipfile.ZipInfo, budget: _Budget | None) -> Iterator[bytes]:
    """Decompress one member in pieces of at most safety.CHUNK_BYTES, checking size and CRC.

    Decompression does not stop at the declared size (a lying header must not hide a bomb): more
    output than declared, a stream that ends early, or a CRC mismatch is a corrupt file.
    """
    if info.flag_bits & 0x1:
        raise safety._Refused("encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise safety._Refused("unusual")
    off = info.header_offset
    if off < 0 or data[off:off + 4] != b"PK\x03\x04":
        raise safety._Refused("corrupt")
    name_len, extra_len = struct.unpack_from("<HH", data, off + 26)
    start = off + 30 + name_len + extra_len
    end = start + info.compress_size
    if end > len(data):
        raise safety._Refused("corrupt")
    raw = memoryview(data)[start:end]
    total = 0
    crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = (bytes(raw[i:i + safety.CHUNK_BYTES]) for i in range(0, len(raw), safety.CHUNK_BYTES))
    else:
        pieces = _inflate(raw)
    for piece in pieces:
        total += len(piece)
        if total > info.file_size:
            raise safety._Refused("corrupt")
        if budget is not None:
            budget.take(len(piece))
        crc = zlib.crc32(piece, crc)
        yield piece
    if total != info.file_size or crc != info.CRC:
        raise safety._Refused("corrupt")


def _inflate(raw: memoryview) -> Iterator[bytes]:
    decomp = zlib.decompressobj(-15)
    pos = 0
    pending: bytes | memoryview = b""
    try:
        while not decomp.eof:
            if not pending:
                if pos >= len(raw):
                    raise safety._Refused("corrupt")  # deflate stream ends before its end marker
                pending = raw[pos:pos + safety._INPUT_BYTES]
                pos += safety._INPUT_BYTES
            out = decomp.decompress(pending, safety.CHUNK_BYTES)
            pending = decomp.unconsumed_tail
            if out:
                yield out
    except zlib.error:
        raise safety._Refused("corrupt") from None


def _read_member(data: bytes, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """A small member as a whole (callers check the declared size first)."""
    guard = _XmlGuard(xml=True)
    parts = []
    for chunk in _member_chunks(data, info, budget):
        guard.feed(chunk)
        parts.append(chunk)
    return b"".join(parts)


def _check_zip(data: bytes, name: str) -> safety.FileCheck:
    count = _zip_member_count(data)
    if count is not None and count > safety._MAX_MEMBERS:
        raise safety._Refused("unusual")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except _ZIP_ERRORS:
        raise safety._Refused("corrupt") from None
    if len(infos) > safety._MAX_MEMBERS:
        raise safety._Refused("unusual")
    budget = _Budget()
    kind = _zip_kind(data, infos, budget)

    declared = sum(info.file_size for info in infos)
    if declared > safety.MAX_UNCOMPRESSED_BYTES:
        raise safety._Refused("bomb")
    for info in infos:
        if info.file_size > safety._RATIO_MIN_BYTES and info.file_size > safety._MAX_RATIO * max(info.compress_size, 1):
            raise safety._Refused("bomb")

    if kind == "ods":
        for info in infos:
            is_manifest = info.filename == "META-INF/manifest.xml" and info.file_size <= safety._MAX_META_BYTES
            if is_manifest and b"encryption-data" in _read_member(data, info, budget):
                raise safety._Refused("encrypted", app="LibreOffice")
    uncached, cells, errors, percent = _check_members(data, infos, budget, kind)
    return safety.FileCheck(kind, uncached, cells, errors, percent)


def _zip_kind(data: bytes, infos: list[zipfile.ZipInfo], budget: _Budget) -> str:
    names = {info.filename.lower() for info in infos}
    if "xl/workbook.bin" in names:  # checked first: calamine falls back to xlsb when xlsx fails to open
        raise safety._Refused("xlsb")
    if "xl/workbook.xml" in names:
        return "xlsx"
    mimetype = ""
    for info in infos:
        if info.filename == "mimetype" and info.file_size <= 1024:
            mimetype = _read_member(data, info, budget).decode("ascii", "replace")
    if "opendocument.spreadsheet" in mimetype and "content.xml" in names:
        return "ods"
    if "opendocument.text" in mimetype or "word/document.xml" in names:
        what = "text_document"
    elif "opendocument.presentation" in mimetype or "ppt/presentation.xml" in names:
        what = "presentation"
    else:
        what = "zip"
    raise safety._Refused("no_spreadsheet", what=what)


def _is_binary(lower_name: str) -> bool:
    return lower_name.endswith(safety._BINARY_EXTENSIONS)


# -------------------------------------------------------------------------------------- XML guards

_DTD_RE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_UNIQUE_COUNT_RE = re.compile(rb"uniqueCount\s*=\s*[\"']\s*\+?(\d+)")


class _XmlGuard:
    """Byte-level checks on every piece of an XML part: encoding, DOCTYPE/ENTITY, uniqueCount."""

    def __init__(self, xml: bool = True, unique_count: bool = False):
        self.xml = xml
        self.unique_count = unique_count
        self.first = True
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        if self.xml:
            if self.first:
                start = chunk[:4]
                # UTF-16/32 parts: the byte patterns of the scanners would not see the markup (calamine
                # would); no real workbook has them.
                if start.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in start and b"<" in start):
                    raise safety._Refused("unusual")
            # real Excel/LibreOffice parts never have a DOCTYPE: refusing it rules out entity bombs and
            # external entities for every XML parser that may read the file later
            if (b"!" in chunk or b"!" in self.tail) and (
                _DTD_RE.search(self.tail + chunk[:16]) or _DTD_RE.search(chunk)
            ):
                raise safety._Refused("doctype")
        self.first = False
        if self.unique_count and (b"uniqueCount" in chunk or b"uniqueCount" in self.tail + chunk[:16]):
            for value in _UNIQUE_COUNT_RE.findall(self.tail + chunk):
                if int(value) > safety.MAX_SHARED_STRINGS:  # calamine reserves uniqueCount strings up front
                    raise safety._Refused("shared_strings_count", count=int(value))
        self.tail = chunk[-16:]



def _sheet_names(data: bytes, infos: list[zipfile.ZipInfo], budget: _Budget) -> dict[str, str]:
    """Lower-case zip path of each worksheet part -> sheet name (from workbook.xml and its rels)."""
    by_name = {info.filename.lower(): info for info in infos}
    texts = {}
    for path in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        info = by_name.get(path)
        if info is None or info.file_size > safety._MAX_META_BYTES:
            return {}
        texts[path] = _read_member(data, info, budget)
    try:
        workbook = ElementTree.fromstring(texts["xl/workbook.xml"])
        rels = ElementTree.fromstring(texts["xl/_rels/workbook.xml.rels"])
    except ElementTree.ParseError:
        return {}
    targets = {}
    for rel in rels.iter():
        if rel.tag.rpartition("}")[2] == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = rel.get("Target", "").replace("\\", "/")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            targets[rel.get("Id")] = path.lower()
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.rpartition("}")[2] != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.rpartition("}")[2] == "id" and k != "sheetId"), None)
        if rid in targets and sheet.get("name"):
            names[targets[rid]] = sheet.get("name", "")
    return names



_PERCENT_BUILTIN = frozenset({9, 10})   # Excel's built-in number formats "0%" and "0.00%"


def _percent_styles(data: bytes, infos: list[zipfile.ZipInfo], budget: _Budget) -> frozenset[int]:
    """Indices of the cell styles (``s="…"``) whose number format shows a percent (75 % for 0.75)."""
    info = next((i for i in infos if i.filename.lower() == "xl/styles.xml"), None)
    if info is None or info.file_size > safety._MAX_META_BYTES:
        return frozenset()
    text = _read_member(data, info, budget)
    if _DTD_RE.search(text):
        raise safety._Refused("doctype")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return frozenset()
    percent_ids = set(_PERCENT_BUILTIN)
    for el in root.iter():
        if el.tag.rpartition("}")[2] == "numFmt":
            code = re.sub(r'"[^"]*"|\\.', "", el.get("formatCode", ""))  # quoted text is no percent sign
            if "%" in code and (el.get("numFmtId") or "").isdigit():
                percent_ids.add(int(el.get("numFmtId", "0")))
    xfs = next((el for el in root.iter() if el.tag.rpartition("}")[2] == "cellXfs"), None)
    if xfs is None:
        return frozenset()
    out = set()
    for i, xf in enumerate(x for x in xfs if x.tag.rpartition("}")[2] == "xf"):
        fmt = xf.get("numFmtId", "0")
        if fmt.isdigit() and int(fmt) in percent_ids:
            out.add(i)
    return frozenset(out)


def _check_members(data: bytes, infos: list[zipfile.ZipInfo], budget: _Budget,
                   kind: str) -> tuple[dict[str, list[str]], dict[str, int]]:
    """Stream every zip member once (bomb, CRC, encoding and DOCTYPE checks) and scan the sheets.

    xlsx: every XML part goes through :class:`_SheetScan` (a worksheet is recognised by its
    ``<sheetData>``, whatever its name); irregular or too large ones are re-read with
    :class:`_ExpatSheet`. A ``content.xml`` is scanned as ODS in both kinds, because calamine tries
    ODS when a file fails to open as xlsx. Every XML part of an xlsx is also counted as a possible
    shared-string table (calamine finds it through the relationships, whatever its name).
    Returns the uncached formulas (xlsx) and the cells of each sheet's used range.
    """
    names = _sheet_names(data, infos, budget) if kind == "xlsx" else {}
    percent_styles = _percent_styles(data, infos, budget) if kind == "xlsx" else frozenset()
    percent: dict[str, list[str]] = {}
    uncached: dict[str, list[str]] = {}
    errors: dict[str, dict[str, str]] = {}
    cells: dict[str, int] = {}
    for info in infos:
        lower = info.filename.lower()
        xml = lower in names or not _is_binary(lower)
        if kind == "xlsx" and lower.endswith("sharedstrings.xml") and info.file_size > safety.MAX_SHARED_STRINGS_BYTES:
            raise safety._Refused("shared_strings_bytes", size=info.file_size)  # declared size: refused before inflating
        guard = _XmlGuard(xml=xml, unique_count=lower.endswith("sharedstrings.xml"))
        # without a sheet map (broken workbook.xml or rels) any member could be a sheet for calamine
        scan = _SheetScan(percent_styles) if kind == "xlsx" and (xml or not names) else None
        strings = _SharedStringScan() if kind == "xlsx" and xml and lower not in names else None
        ods = _OdsScan() if info.filename == "content.xml" else None
        big = info.file_size > safety._MAX_SLOW_SHEET_BYTES  # too large for an exact re-read: the fast scan decides
        for chunk in _member_chunks(data, info, budget):
            guard.feed(chunk)
            if scan is not None:
                scan.feed(chunk)
                if big and not scan.irregular and safety._over_budget(scan.max_row, scan.max_col):
                    sheet = names.get(lower) or posixpath.splitext(posixpath.basename(info.filename))[0]
                    safety._check_extent(sheet, scan.max_row, scan.max_col, at_least=True)  # refused early
            if strings is not None:
                strings.feed(chunk)
            if ods is not None:
                ods.feed(chunk)
        if ods is not None:
            ods.feed(b"", final=True)
            total = sum(ods.sheet_cells.values())
            if total > safety.MAX_CELLS:  # calamine reads every table of an ODS when it opens the file
                raise safety._Refused("workbook_cells", sheets=len(ods.sheet_cells), cells=total, limit=safety.MAX_CELLS)
            if kind == "ods":
                cells.update(ods.sheet_cells)
        if scan is None:
            continue
        scan.finish()
        if not scan.found_sheet:
            continue
        sheet = names.get(lower) or posixpath.splitext(posixpath.basename(info.filename))[0] or info.filename
        refs = scan.uncached
        if scan.errors:
            errors[sheet] = dict(scan.errors)
        if scan.percent:
            percent[sheet] = list(scan.percent)
        extent = (scan.max_row, scan.max_col)
        if scan.irregular or safety._over_budget(*extent):
            if info.file_size > safety._MAX_SLOW_SHEET_BYTES:
                if scan.irregular:
                    raise safety._Refused("unusual")
                safety._check_extent(sheet, *extent)
            exact = _ExpatSheet(sheet, None if scan.irregular else extent)
            for chunk in _member_chunks(data, info, None):
                exact.feed(chunk)
            exact.feed(b"", final=True)
            refs = exact.uncached
            extent = (exact.max_row, exact.max_col)
        if refs:
            uncached.setdefault(sheet, []).extend(refs)
        cells[sheet] = cells.get(sheet, 0) + extent[0] * extent[1]
    total = sum(cells.values()) if kind == "xlsx" else 0  # each sheet is within safety.MAX_CELLS: the scan is bounded
    if total > safety.MAX_WORKBOOK_CELLS:
        raise safety._Refused("workbook_cells", sheets=len(cells), cells=total, limit=safety.MAX_WORKBOOK_CELLS)
    return uncached, cells, errors, percent


