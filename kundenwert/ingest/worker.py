"""Parse an untrusted file in a separate, limited process and return its RawTable.

The spreadsheet parser (calamine, Rust) aborts the whole process when an allocation fails, and a
hostile file can make any parser spend minutes. So the app and the CLI never parse in their own
process: :func:`load_raw` starts ``python -m kundenwert.ingest.worker_main`` for each file, with

* an address-space limit (``RLIMIT_AS`` = :data:`MEMORY_LIMIT_BYTES`) and no core dumps,
* a wall-clock limit (:data:`TIME_LIMIT_SECONDS`; the parent kills the child after it),

hands it the bytes on stdin and reads the pickled RawTable from stdout. A refusal in the child comes
back as its German sentence; a MemoryError, a crash (signal, e.g. calamine's abort) or the time limit
becomes one German :class:`~kundenwert.errors.InputFileError` in the caller, which keeps running.

Why a fresh ``subprocess`` and not ``multiprocessing``: the app server is threaded (fork is unsafe
there, and ``preexec_fn`` too, so the child sets its own limits first thing), a fresh interpreter
inherits nothing (no other session's data, no server memory) and costs about 60 ms here (the
reader imports in 40 ms), below the 300 ms budget. The result is unpickled with an allow-list
(the RawTable class, date/time types and float64 arrays only), so even a compromised child cannot
make the caller run code.

``in_process=True`` parses in the calling process (tests and benchmarks that measure the parser).
A test hook (environment variable :data:`TEST_HOOK_ENV`, honoured only while pytest runs a test)
makes the child abort, sleep or exhaust memory, to test the caller's handling.
"""

from __future__ import annotations

import atexit
import gc
import io
import json
import os
import pickle
import resource
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from ..errors import InputFileError
from . import early, safety

MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024  # RLIMIT_AS of the worker (address space, not RSS)
TIME_LIMIT_SECONDS = 20.0  # wall clock, from start to result
MAX_WORKERS = 2  # workers at the same time in one server process (each may use MEMORY_LIMIT_BYTES)
SLOT_WAIT_SECONDS = 20.0  # how long an upload waits for a free worker slot before it gets a message
TEST_HOOK_ENV = "KUNDENWERT_TEST_WORKER_HOOK"  # "abort" | "sleep" | "memory"; only under pytest

_HEADER = struct.Struct("<cQ")  # status, peak RSS of the child in KB
_OK, _REFUSED, _MEMORY, _FAILED = b"R", b"E", b"M", b"U"
_SLOTS = threading.BoundedSemaphore(MAX_WORKERS)  # ten hostile uploads at once must not take 10 x 1.5 GB


@dataclass
class WorkerResult:
    """A parse done in the worker: the pickled RawTable and what it cost."""

    blob: bytes  # pickled RawTable (see :func:`unpickle_table`)
    seconds: float  # wall clock in the caller, start to result
    peak_rss_bytes: int | None  # the worker's own peak RSS (None if it crashed)


class _RefusedInWorker(InputFileError):
    """An InputFileError whose sentence came from the worker; carries the worker's figures."""

    def __init__(self, message: str, seconds: float, peak_rss_bytes: int | None, render=None):  # noqa: ANN001
        super().__init__(message, render=render)
        self.seconds = seconds
        self.peak_rss_bytes = peak_rss_bytes


# ------------------------------------------------------------------------------------------- caller

def load_raw(data: bytes, filename: str, sheet: str | None = None, *, in_process: bool = False):
    """The RawTable of an uploaded file (bytes + its name), parsed in the worker process.

    Raises InputFileError with one German sentence for every file that cannot be read.
    """
    if in_process:
        from .reader import read_table

        return read_table(data, filename, sheet)
    return unpickle_table(_parse(data, filename, sheet).blob)


def read_path(path: str, sheet: str | None = None, *, in_process: bool = False):
    """The RawTable of a file on disk (regular files only, see :mod:`.files`), parsed in the worker
    (one started early for the same bytes, see :mod:`.early`, if there is one)."""
    from .files import read_file_bytes

    data, name = read_file_bytes(path)
    started = None if in_process else early.take(name, sheet, data)
    if started is not None:
        started.stdin_done()
        with _slot(name):
            return unpickle_table(_finish(started.proc, None, name, time.perf_counter()).blob)
    return load_raw(data, name, sheet, in_process=in_process)


def parse_in_worker(data: bytes, filename: str, sheet: str | None = None) -> WorkerResult:
    """Run the reader on `data` in a fresh, limited process; the pickled RawTable and its cost.

    The app's entry: from its first call on, one worker is kept started ahead (see :func:`keep_ready`).
    """
    keep_ready()
    return _parse(data, filename, sheet)


def _parse(data: bytes, filename: str, sheet: str | None = None) -> WorkerResult:
    name = filename or "ohne Namen"
    if len(data) > safety.MAX_FILE_BYTES:  # refused here: no need to hand 100 MB to a process
        raise safety.refusal("too_large", name, size=len(data))
    payload = early.worker_payload(data, name, sheet)
    start = time.perf_counter()
    with _slot(name):
        try:
            proc = _ready_worker() or early.spawn_worker()
        except OSError:
            raise safety.refusal("worker_failed", name) from None
        try:
            return _finish(proc, payload, name, start)
        finally:
            _refill()


# One worker started ahead, waiting for its file (the app only, via parse_in_worker): the next upload does
# not wait for an interpreter to start and import the reader (~0.2-0.3 s). It has seen no data; each file
# still gets a process of its own, used once. The test hook's setting is the worker's from its start: a
# worker started under another setting is not used.
_ready: list[tuple[subprocess.Popen, tuple]] = []
_ready_lock = threading.Lock()
_keep_ready = [False]


def keep_ready() -> None:
    """Keep one worker started ahead from now on (the command line does not: it reads one file)."""
    if not _keep_ready[0]:
        _keep_ready[0] = True
        atexit.register(_end_ready)
    _refill()


def _hook_setting() -> tuple:
    return os.environ.get(TEST_HOOK_ENV), "PYTEST_CURRENT_TEST" in os.environ


def _ready_worker() -> subprocess.Popen | None:
    with _ready_lock:
        proc, setting = _ready.pop() if _ready else (None, None)
    if proc is not None and (proc.poll() is not None or setting != _hook_setting()):  # ended, or not as now
        _discard(proc)
        return None
    return proc


def _refill() -> None:
    if not _keep_ready[0]:
        return
    with _ready_lock:
        if not _ready:
            with suppress(OSError):     # no process now: the next file starts its own
                _ready.append((early.spawn_worker(), _hook_setting()))


def _discard(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.communicate()


def _end_ready() -> None:
    with _ready_lock:
        while _ready:
            _discard(_ready.pop()[0])


@contextmanager
def _slot(name: str) -> Iterator[None]:
    """One of the MAX_WORKERS slots, for as long as a worker runs."""
    if not _SLOTS.acquire(timeout=SLOT_WAIT_SECONDS):
        raise safety.refusal("busy", name)
    try:
        yield
    finally:
        _SLOTS.release()


def _finish(proc: subprocess.Popen, payload: bytes | None, name: str, start: float) -> WorkerResult:
    """Hand a started worker its payload (None: it has it already), wait for the result within the time limit."""
    try:
        out, err = proc.communicate(payload, timeout=TIME_LIMIT_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        err = safety.refusal("timeout", name, seconds=TIME_LIMIT_SECONDS)
        raise _RefusedInWorker(str(err), time.perf_counter() - start, None, err.render) from None
    except BaseException:  # Ctrl-C in the CLI, a broken pipe: never leave the child behind
        proc.kill()
        proc.wait()
        raise
    seconds = time.perf_counter() - start
    if proc.returncode != 0 or len(out) < _HEADER.size:
        memory = proc.returncode == -signal.SIGABRT and b"memory allocation" in err
        key = "memory" if memory else "crashed"
        err = safety.refusal(key, name, limit=MEMORY_LIMIT_BYTES)
        raise _RefusedInWorker(str(err), seconds, None, err.render)
    status, rss_kb = _HEADER.unpack_from(out)
    body = out[_HEADER.size:]
    rss = rss_kb * 1024
    if status == _OK:
        return WorkerResult(body, seconds, rss)
    if status == _REFUSED:
        err = safety.decode_refusal(bytes(body))
    elif status == _MEMORY:
        err = safety.refusal("memory", name, limit=MEMORY_LIMIT_BYTES)
    else:
        err = safety.refusal("unusual", name)
    raise _RefusedInWorker(str(err), seconds, rss, err.render)


def _float_array(buffer, dtype, shape, order="C"):  # noqa: ANN001, ANN202 - numpy's pickle arguments
    """A float column of the table (numpy's array pickle), and nothing else: no object arrays."""
    import numpy as np

    if np.dtype(dtype) != np.float64:
        raise pickle.UnpicklingError(f"array of {dtype} is not allowed")
    return np.frombuffer(buffer, dtype=np.float64).reshape(shape, order=order).copy()


_ALLOWED_CLASSES = {
    ("kundenwert.ingest.reader", "RawTable"), ("numpy", "dtype"),
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timedelta"),
    ("datetime", "timezone"),
    # the reader's notes are Phrases (catalogue key + parameters): rebuilding one only looks the key up
    ("kundenwert.i18n", "_make_phrase"),
}


_SCAN_FIELDS = {"kind", "uncached", "error_cells", "percent_cells"}


class _TableUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):  # noqa: ANN201 - pickle's signature
        if (module, name) in _ALLOWED_CLASSES:
            return super().find_class(module, name)
        if (module, name) == ("numpy._core.numeric", "_frombuffer"):
            return _float_array
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed")


def unpickle_table(blob: bytes):
    """A RawTable from the worker's pickle, allowing only the classes a RawTable is made of.

    A second pickled object after the table, if any, is a dict of what the safety scan found (see
    :func:`_parse_beside_scan`: kind, uncached, error_cells, percent_cells), set on the table.

    The cyclic garbage collector is paused meanwhile: a table is millions of fresh objects without
    cycles, and the collections they would trigger cost three times the unpickling (1M rows: 2 s -> 0.5 s).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        stream = io.BytesIO(blob)
        unpickler = _TableUnpickler(stream)
        raw = unpickler.load()
        if stream.tell() < len(blob):
            fields = unpickler.load()
            if not isinstance(fields, dict) or not set(fields) <= _SCAN_FIELDS:
                raise pickle.UnpicklingError("scan fields do not fit")
            raw.__dict__.update(fields)
        return raw
    finally:
        if enabled:
            gc.enable()


# -------------------------------------------------------------------------------------------- child

def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort must not write a core file
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = int(TIME_LIMIT_SECONDS) + 5  # a backstop should the caller be gone
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


def _test_hook(filename: str) -> None:
    """``abort``/``sleep``/``memory`` for every file, or ``abort@name.xlsx`` for that file name only."""
    hook = os.environ.get(TEST_HOOK_ENV)
    if not hook or "PYTEST_CURRENT_TEST" not in os.environ:
        return
    hook, _, only = hook.partition("@")
    if only and only != filename:
        return
    if hook == "abort":
        os.abort()
    if hook == "sleep":
        time.sleep(3600)
    if hook == "memory":
        hog = []
        while True:
            hog.append(bytearray(64 * 1024 * 1024))


def _pickled(raw) -> memoryview:  # noqa: ANN001 - a RawTable (not imported here before it is needed)
    """The table pickled without a memo: its cells are millions of distinct objects without cycles,
    which the memo would only track (1M rows: 0.45 s -> 0.07 s)."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(raw)
    return buf.getbuffer()


def _parse_beside_scan(data: bytes, filename: str, sheet: str | None) -> list:
    """A workbook's pickled table (the pieces to write one after the other), parsed by calamine in a forked child while this process runs the
    safety scan (on two cores the two take the time of the longer one, not of both).

    The scan still decides first: when it refuses, the child is killed and its work never used. The
    child parses without the scan's list of empty sheets; should it have looked at a sheet the scan
    found empty, or failed in any way (an error, a crash, the limits), the result is not used and the
    file is parsed again here, as :func:`~.reader.read_table` does after the scan: same table, same messages.
    The child inherits this process's limits and dies with it (``PR_SET_PDEATHSIG``).
    """
    from .reader import read_workbook, scan_fields

    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, pickle, write, exit without running any of the parent's cleanup
        code = 1
        try:
            os.close(rfd)
            _die_with_parent()
            raw, col_offset, seen = read_workbook(data, filename, sheet)
            head = json.dumps({"sheet": raw.sheet, "col_offset": col_offset, "seen": seen}).encode()
            body = _pickled(raw)
            with os.fdopen(wfd, "wb") as out:
                out.write(_FORKED.pack(len(head), len(body)) + head)
                out.write(body)
            code = 0
        finally:
            os._exit(code)
    os.close(wfd)
    try:
        check = safety.check_file(data, filename)   # a refusal: the finally below ends the child
        with os.fdopen(rfd, "rb") as pipe:
            rfd = -1
            got = _forked_result(pipe)
        _, status, usage = os.wait4(pid, 0)
        pid = 0
        _forked_peak_kb[0] = usage.ru_maxrss     # reported with this process's own peak (see _child)
        if os.waitstatus_to_exitcode(status) == 0 and got is not None:
            head, body = got
            if not any(check.sheet_cells.get(s, 1) == 0 for s in head["seen"]):
                fields = scan_fields(check, head["sheet"], head["col_offset"])
                # the table without the scan's findings, then them (unpickle_table puts them in)
                return [body, pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL)]
        raw, col_offset, _ = read_workbook(data, filename, sheet, check.sheet_cells)   # as read_table does
        raw.__dict__.update(scan_fields(check, raw.sheet, col_offset))
        return [_pickled(raw)]
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if rfd >= 0:
            os.close(rfd)


_FORKED = struct.Struct("<IQ")  # the child's result: length of its JSON head, length of the pickled table


def _forked_result(pipe) -> tuple[dict, memoryview] | None:  # noqa: ANN001 - a binary file
    """The child's head and pickled table, read into one buffer of the announced size (a large table is
    held once, not in pieces and then joined); None when the child wrote less (it failed)."""
    prefix = pipe.read(_FORKED.size)
    if len(prefix) < _FORKED.size:
        return None
    size, length = _FORKED.unpack(prefix)
    head = pipe.read(size)
    buf = bytearray(length)
    view = memoryview(buf)
    done = 0
    while done < length:
        n = pipe.readinto(view[done:])
        if not n:
            return None
        done += n
    return json.loads(head), view


_forked_peak_kb = [0]   # peak RSS of the child that parsed beside the scan


def _die_with_parent() -> None:
    """Linux: this process gets SIGKILL when its parent (the worker) ends, e.g. killed at the time limit."""
    import ctypes

    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _child() -> None:
    gc.disable()  # a short-lived process building millions of objects without cycles
    _limit_child()
    from . import reader  # noqa: F401 - imported before the file comes (a worker started ahead is ready)

    stdin = sys.stdin.buffer
    (size,) = struct.unpack("<I", stdin.read(4))
    meta = json.loads(stdin.read(size))
    data = stdin.read()
    try:
        _test_hook(meta["filename"])
        if data[:4] in safety._ZIP_MAGICS and hasattr(os, "fork"):
            status, body = _OK, _parse_beside_scan(data, meta["filename"], meta["sheet"])
        else:
            from .reader import read_table

            raw = read_table(data, meta["filename"], meta["sheet"])
            del data
            status, body = _OK, [_pickled(raw)]
    except InputFileError as exc:
        status, body = _REFUSED, [safety.encode_refusal(exc)]
    except MemoryError:
        status, body = _MEMORY, []
    except Exception:  # noqa: BLE001 - a bug must not become a traceback for the user
        status, body = _FAILED, []
    rss_kb = max(_peak_rss_kb(), _forked_peak_kb[0])
    out = sys.stdout.buffer
    out.write(_HEADER.pack(status, rss_kb))
    for part in body:
        out.write(part)
    out.flush()
