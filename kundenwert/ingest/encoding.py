"""Character encoding of a text (CSV) file: UTF-8 (with or without BOM), UTF-16 (with or without BOM),
Windows-1252 and DOS code page 850 (old German ERP exports).

Pure functions, no messages: :mod:`.safety` uses :func:`head_text` to tell text from binary, and
:mod:`.csvfile` uses :func:`decode` for the whole file.

How the encoding is decided:

* a BOM decides (UTF-8, UTF-16 LE/BE);
* UTF-16 without BOM shows as NUL bytes in every other position (LE: odd positions, BE: even ones);
  German text has a NUL in nearly every such position, other text almost never;
* otherwise the bytes are UTF-8 if they decode as UTF-8;
* if not, and other lines hold valid non-ASCII UTF-8 (at least as many as the lines that fail), the
  file is UTF-8 with a few lines from elsewhere: each failing line is decoded on its own and reported;
* else it is one single-byte code page for the whole file: code page 850 if the bytes typical of its
  umlauts (0x81 ü, 0x84 ä, 0x94 ö, 0x8E Ä, 0x99 Ö, 0x9A Ü, 0xE1 ß) outnumber those of Windows-1252
  (0xE4 ä, 0xF6 ö, 0xFC ü, 0xC4 Ä, 0xD6 Ö, 0xDC Ü, 0xDF ß), or if a byte undefined in Windows-1252
  occurs; else Windows-1252.

A decoded text with many control characters (other than tab, line breaks, form feed) is no text in
any of these encodings: :func:`decode` returns None for it.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass, field

LABELS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252", "cp850": "cp850",   # cp850 is worded from the catalogue (csvfile._label)
}

_CP850_MARKS = bytes((0x81, 0x84, 0x94, 0x8E, 0x99, 0x9A, 0xE1))
_CP1252_MARKS = bytes((0xE4, 0xF6, 0xFC, 0xC4, 0xD6, 0xDC, 0xDF))
_CP1252_UNDEFINED = bytes((0x81, 0x8D, 0x8F, 0x90, 0x9D))
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a")


@dataclass
class Decoded:
    """A text file's bytes with the codec that reads them; read as a stream of lines (never a copy of
    the whole text: ``io.StringIO`` would keep 4 bytes a character)."""

    data: bytes
    encoding: str  # Python codec (key of LABELS)
    # 1-based line numbers that were not UTF-8 in a UTF-8 file, and the code page used for them
    foreign_lines: list[int] = field(default_factory=list)
    foreign_encoding: str | None = None

    def lines(self) -> io.TextIOWrapper:
        """The text, line by line (line ends kept, as the csv module wants with newline='')."""
        return io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, newline="")

    def head(self, size: int = 65536) -> str:
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="replace")
        return decoder.decode(self.data[:size], final=len(self.data) <= size)


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' if the NUL bytes sit in every other position, else None."""
    head = head[: len(head) // 2 * 2]
    if len(head) < 4 or b"\x00" not in head:
        return None
    pairs = len(head) // 2
    nul_even, nul_odd = head[0::2].count(0), head[1::2].count(0)
    if nul_odd >= 0.5 * pairs and nul_even <= 0.02 * pairs:
        return "utf-16-le"
    if nul_even >= 0.5 * pairs and nul_odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def single_byte_codepage(data: bytes) -> str:
    """cp850 or cp1252 for bytes that are not UTF-8 (see the module text)."""
    if any(data.count(b) for b in _CP1252_UNDEFINED):
        return "cp850"
    cp850 = sum(data.count(b) for b in _CP850_MARKS)
    cp1252 = sum(data.count(b) for b in _CP1252_MARKS)
    return "cp850" if cp850 > cp1252 else "cp1252"


def _too_many_controls(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    return controls > max(2, len(sample) // 100)


def head_text(data: bytes, size: int = 8192) -> str | None:
    """The first `size` bytes as text, or None if they are binary (or text in no known encoding)."""
    head = data[:size]
    final = len(data) <= len(head)
    try:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = codecs.getincrementaldecoder("utf-16")().decode(head, final=final)
        elif (wide := utf16_without_bom(head)) is not None:
            text = codecs.getincrementaldecoder(wide)().decode(head, final=final)
        elif b"\x00" in head:
            return None
        else:
            try:
                text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=final)
            except UnicodeDecodeError:
                text = head.decode(single_byte_codepage(head))
    except UnicodeDecodeError:
        return None
    return None if _too_many_controls(text) else text


def decode(data: bytes) -> Decoded | None:
    """How to read the whole file (see the module text); None if it is text in no supported encoding."""
    result = _decode(data)
    if result is None or _too_many_controls(result.head()):
        return None
    return result


def _validate(data: bytes, encoding: str) -> None:
    """Raise UnicodeDecodeError unless `data` decodes; in 1 MB pieces (no copy of the whole text, which
    would take 4 bytes a character as soon as one character is outside Latin-1)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    step = 1 << 20
    for start in range(0, len(data), step):
        decoder.decode(view[start:start + step])
    decoder.decode(b"", final=True)


def _decode(data: bytes) -> Decoded | None:
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            _validate(data, "utf-16")  # the text itself is streamed later
            return Decoded(data, "utf-16")
        wide = utf16_without_bom(data[:8192])
        if wide is not None:
            _validate(data, wide)
            return Decoded(data, wide)
    except UnicodeDecodeError:
        return None
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        _validate(data, encoding)
        return Decoded(data, encoding)
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    good = 0
    bad: list[int] = []
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad.append(i)
    if good == 0 or good < len(bad):
        return Decoded(data, single_byte_codepage(data))
    codepage = single_byte_codepage(b"\n".join(lines[i] for i in bad))
    for i in bad:
        lines[i] = lines[i].decode(codepage).encode("utf-8")
    return Decoded(b"\n".join(lines), encoding, [i + 1 for i in bad], codepage)
