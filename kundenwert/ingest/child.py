"""The worker process (see :mod:`.worker`): read the input, scan and parse it, write one result, exit.

A zip-based file (xlsx, xlsm, ods) is scanned and parsed at the same time: the safety scan
(:func:`.safety.check_file`, pure Python) runs in a thread while the main thread has calamine open
the workbook and parse the sheet the reader will most likely read (the one asked for, else the first
visible worksheet, see :func:`.workbook.open_workbook`). calamine releases the GIL while it works, so on
two cores the scan costs almost no wall time (100k rows: 1.45 s -> 0.96 s for both). CSV and every
other file are scanned first and then read, as before.

The scan's verdict decides, and :func:`_finish` is the one place that writes a result:

* The scan refuses: its thread writes the refusal and ends the process at once, even while calamine
  is still parsing (the parse's result is never looked at).
* The scan passes: :func:`.reader.read_table` goes on with the scan's findings and the workbook
  calamine opened meanwhile (a sheet other than the one parsed ahead is parsed then, as always). A
  calamine error during the parse ahead is not reported there: read_table meets it again and words it.
* calamine aborts the whole process before the scan is done (a Rust allocation failure on a hostile
  file, see :mod:`.safety`), or the scan's refusal may be owed to memory calamine held at the same
  time (a MemoryError becomes "unusual", a failed zlib allocation "corrupt"): then the caller runs
  this process again with ``scan_only`` on the same bytes and limits, and that scan, alone, decides.

Both share the process's address-space limit; the caller's time limit covers both.
"""

from __future__ import annotations

import gc
import io
import json
import os
import resource
import struct
import sys
import threading
import time

from ..errors import InputFileError
from . import safety
from .worker import (
    _FAILED,
    _HEADER,
    _MEMORY,
    _OK,
    _REFUSED,
    _RESCAN,
    MEMORY_LIMIT_BYTES,
    TEST_HOOK_ENV,
    TIME_LIMIT_SECONDS,
    _pickled,
)

# Refusals that memory held by calamine in the same process could have caused: decided by a scan alone.
_MEMORY_SENSITIVE = ("unusual", "corrupt")
_WRITING = threading.Lock()   # held by the one result written; never released (the process ends)


def main() -> None:
    """The worker's entry point (``python -m kundenwert.ingest.worker_main``)."""
    gc.disable()  # a short-lived process building millions of objects without cycles
    _limit_child()
    stdin = sys.stdin.buffer
    (size,) = struct.unpack("<I", stdin.read(4))
    meta = json.loads(stdin.read(size))
    if meta.get("scan_only"):
        _finish(*_scan_only(stdin, meta["filename"]))
    _finish(*_parse(stdin, meta["filename"], meta["sheet"]))


def _bytes(stdin: io.BufferedReader) -> bytes:
    """The file's bytes: the rest of stdin (read by the function that works on them, so that it alone
    holds them and can free them)."""
    data = stdin.read()
    stdin.close()   # the caller's in-memory input file is freed now, not when this process ends
    return data


def _scan_only(stdin: io.BufferedReader, filename: str) -> tuple[bytes, bytes]:
    data = _bytes(stdin)
    try:
        safety.check_file(data, filename)
    except InputFileError as exc:
        return _REFUSED, safety.encode_refusal(exc)
    return _OK, b""


def _parse(stdin: io.BufferedReader, filename: str, sheet: str | None) -> tuple[bytes, bytes]:
    """Scan and read the file: (status, body) of the result."""
    data = _bytes(stdin)
    check = None                           # the scan's findings, once it has passed
    try:
        _test_hook(filename)
        from . import reader

        if safety.zip_based(data):
            scan = threading.Thread(target=_scan_in_thread, args=(data, filename), daemon=True)
            scan.start()
            try:
                ahead = _parse_ahead(data, filename, sheet)
            finally:
                scan.join()                # the verdict first: a refusal has ended the process by now
            if not _passed:                # the scan thread failed without a verdict: a scan alone decides
                _finish(_RESCAN, b"")
            check = _passed.pop()
            _test_hook(filename, "read")
            raw = reader.read_table(data, filename, sheet, check=check, workbook=ahead)
        else:
            raw = reader.read_table(data, filename, sheet)
        del data
        return _OK, _pickled(raw)
    except InputFileError as exc:
        return _REFUSED, safety.encode_refusal(exc)
    except MemoryError:   # after the scan passed, the read ran out of memory; before (or a CSV): a scan alone decides
        return (_MEMORY if check is not None else _RESCAN), b""
    except Exception:  # noqa: BLE001 - a bug must not become a traceback for the user
        return _FAILED, b""


_passed: list[safety.FileCheck] = []   # the scan's findings, handed from its thread to the main thread


def _scan_in_thread(data: bytes, filename: str) -> None:
    """The safety scan; a refusal is written at once and ends the process (see the module docstring)."""
    try:
        try:
            _passed.append(safety.check_file(data, filename))
        except InputFileError as exc:
            status = _RESCAN if safety.refusal_key(exc) in _MEMORY_SENSITIVE else _REFUSED
            _finish(status, safety.encode_refusal(exc))
    except BaseException:  # noqa: BLE001 - check_file words every error; nothing else may pass a file, and a
        _finish(_RESCAN, b"")    # refusal that could not be written (memory) is left to a scan alone


def _parse_ahead(data: bytes, filename: str, sheet: str | None):  # noqa: ANN202 - a workbook._Workbook
    """The workbook with its likely sheet parsed, or None if calamine failed (read_table tries again)."""
    try:
        _test_hook(filename, "parse")
        from .workbook import open_workbook

        return open_workbook(data, filename, sheet)
    except Exception:  # noqa: BLE001 - MemoryError included: the scan's verdict comes first
        return None


def _finish(status: bytes, body: bytes) -> None:
    """Write the one result of this process and end it (without tearing down millions of objects)."""
    _WRITING.acquire()
    try:
        out = sys.stdout.buffer
        out.write(_HEADER.pack(status, _peak_rss_kb()))
        out.write(body)
        out.flush()
    finally:        # written or not, the process ends here (a half-written result is a crash to the caller)
        os._exit(0)


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort must not write a core file
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = 2 * int(TIME_LIMIT_SECONDS) + 5  # a backstop should the caller be gone (two threads may work)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _peak_rss_kb() -> int:
    """This process's own peak RSS. VmHWM belongs to the address space made by exec; getrusage's
    ru_maxrss would also carry the parent's size at the time of the fork."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _test_hook(filename: str, stage: str = "") -> None:
    """``abort``/``sleep``/``memory`` for every file, or ``abort@name.xlsx`` for that file name only, before
    anything is read; ``parse-…`` in calamine's place while the scan runs, ``read-…`` once the scan has passed
    (zip files)."""
    hook = os.environ.get(TEST_HOOK_ENV)
    if not hook or "PYTEST_CURRENT_TEST" not in os.environ:
        return
    hook, _, only = hook.partition("@")
    prefix, _, hook = hook.rpartition("-")
    if (only and only != filename) or prefix != stage:
        return
    if hook == "abort":
        os.abort()
    if hook == "sleep":
        time.sleep(3600)
    if hook == "memory":
        hog = []
        while True:
            hog.append(bytearray(64 * 1024 * 1024))
