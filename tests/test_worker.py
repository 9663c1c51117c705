"""The worker process (issue 14): every hostile input of the issue ends in one German line or a correct
read, within the time limit and under 1 GB peak RSS of the worker; a crash, a hang or memory exhaustion
in the worker becomes a clear message and the next call works; the app session survives an abort."""

from __future__ import annotations

import os
import resource
import time

import pytest

from kundenwert.errors import InputFileError
from kundenwert.ingest import load_raw, read_path, worker
from kundenwert.ingest.worker import parse_in_worker, unpickle_table
from tests import hostile_files as H
from tests.session_kit import list_of

PEAK_RSS_LIMIT = 1024**3  # the issue's memory goal for any one input
SECONDS_LIMIT = worker.TIME_LIMIT_SECONDS


def _children_peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


@pytest.mark.parametrize("key", list(H.ISSUE14))
def test_issue14_input_in_the_worker(key):
    builder, name, (outcome, expected) = H.ISSUE14[key]
    data = builder()
    start = time.perf_counter()
    if outcome == "refused":
        with pytest.raises(InputFileError) as info:
            parse_in_worker(data, name)
        message = str(info.value)
        assert "\n" not in message and f"„{name}“" in message, message
        for word in expected:
            assert word in message, (word, message)
        assert "Error" not in message and "Traceback" not in message
        peak = info.value.peak_rss_bytes
    else:
        result = parse_in_worker(data, name)
        raw = unpickle_table(result.blob)
        assert raw.rows_read == expected
        peak = result.peak_rss_bytes
    assert time.perf_counter() - start < SECONDS_LIMIT
    assert peak is not None and peak <= PEAK_RSS_LIMIT, f"{key}: {peak / 2**20:.0f} MB"
    assert _children_peak_rss() <= PEAK_RSS_LIMIT


def test_cp850_and_utf16_read_with_their_umlauts():
    for data in (H.cp850_csv(), H.utf16_no_bom_csv(), H.german_csv("utf-16-le", bom=True),
                 H.german_csv("utf-8", bom=True), H.german_csv("cp1252")):
        raw = load_raw(data, "liste.csv")
        assert raw.headers == H.GERMAN_ROWS[0]
        assert [r[1] for r in raw.rows] == [row[1] for row in H.GERMAN_ROWS[1:]]


def test_result_is_the_same_as_in_process():
    data = H.cp850_csv()
    assert load_raw(data, "dos.csv") == load_raw(data, "dos.csv", in_process=True)


def test_worker_overhead_on_the_sample_is_small():
    """The 250-row sample: the worker (a fresh interpreter) costs well under 300 ms more than in-process."""
    from tests.conftest import ROOT

    data = (ROOT / "sample_data" / "kundenliste_beispiel.xlsx").read_bytes()
    best = min(_timed(lambda: load_raw(data, "k.xlsx")) for _ in range(3))
    inproc = min(_timed(lambda: load_raw(data, "k.xlsx", in_process=True)) for _ in range(3))
    assert best - inproc < 0.3 * 3, (best, inproc)  # generous on the shared machine; see BENCHMARKS.md


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# -------------------------------------------------------------------------------- the worker fails

@pytest.mark.parametrize(("hook", "words"), [
    ("abort", ["abgestürzt", "App läuft weiter"]),
    ("memory", ["Arbeitsspeicher", "1,5 GB"]),
])
def test_worker_failure_is_one_message_and_the_next_call_works(monkeypatch, hook, words):
    data = H.valid_xlsx()
    monkeypatch.setenv(worker.TEST_HOOK_ENV, hook)
    with pytest.raises(InputFileError) as info:
        load_raw(data, "liste.xlsx")
    message = str(info.value)
    assert "„liste.xlsx“" in message and "\n" not in message
    for word in words:
        assert word in message, message
    monkeypatch.delenv(worker.TEST_HOOK_ENV)
    assert load_raw(data, "liste.xlsx").rows_read == 2


def test_worker_over_time_is_killed(monkeypatch):
    monkeypatch.setattr(worker, "TIME_LIMIT_SECONDS", 1.0)
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "sleep")
    start = time.perf_counter()
    with pytest.raises(InputFileError) as info:
        load_raw(H.valid_xlsx(), "langsam.xlsx")
    assert time.perf_counter() - start < 5
    assert "länger als 1 Sekunde gedauert" in str(info.value)
    monkeypatch.delenv(worker.TEST_HOOK_ENV)
    assert load_raw(H.valid_xlsx(), "langsam.xlsx").rows_read == 2


def test_hook_is_ignored_outside_pytest(monkeypatch):
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "abort")
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    assert load_raw(H.valid_xlsx(), "liste.xlsx").rows_read == 2


def test_unpickling_allows_only_table_classes():
    import pickle

    class Evil:
        def __reduce__(self):
            return (os.system, ("true",))

    with pytest.raises(pickle.UnpicklingError):
        unpickle_table(pickle.dumps(Evil()))


# ---------------------------------------------------------------------------------- files on disk

def test_only_regular_files_are_read(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    link = tmp_path / "null.xlsx"
    link.symlink_to("/dev/zero")
    cases = {
        str(fifo): "eine Pipe (FIFO)",
        str(link): "ein Gerät",
        str(tmp_path): "ein Ordner",
        str(tmp_path / "fehlt.xlsx"): "gibt es nicht",
    }
    for path, words in cases.items():
        start = time.perf_counter()
        with pytest.raises(InputFileError) as info:
            read_path(path)
        assert time.perf_counter() - start < 2
        message = str(info.value)
        assert words in message and "\n" not in message, message
        assert "directory" not in message.lower() and "No such" not in message


def test_file_over_the_limit_states_the_same_unit(tmp_path):
    from kundenwert.ingest import limits

    path = tmp_path / "gross.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(limits.MAX_FILE_BYTES + 1)
    message = str(pytest.raises(InputFileError, read_path, str(path)).value)
    assert "mehr als 100 MB" in message and "höchstens 100 MB" in message and "105" not in message


def test_unreadable_file_message_is_german(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "geheim.xlsx"
    path.write_bytes(H.valid_xlsx())
    path.chmod(0)
    message = str(pytest.raises(InputFileError, read_path, str(path)).value)
    assert "keine Leseberechtigung" in message


# -------------------------------------------------------------------------------------------- app

def test_app_session_survives_a_worker_abort_and_the_next_upload_works(app_upload, md_unescape, monkeypatch):
    from kundenwert.ui import state

    state._parse_cache.clear()
    at = app_upload()
    at.run()
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "abort")
    at.upload("absturz.xlsx", H.valid_xlsx())
    assert not at.exception
    errors = [md_unescape(e.value) for e in at.error]
    assert any("„absturz.xlsx“" in e and "abgestürzt" in e for e in errors), errors
    assert list_of(at) is None
    monkeypatch.delenv(worker.TEST_HOOK_ENV)
    at.upload("liste.csv", H.cp850_csv())
    assert not at.exception
    assert not at.error
    assert list_of(at) is not None
    assert list_of(at).rows_read == 3


# -------------------------------------------------------------------------------------------- CLI

@pytest.mark.parametrize(("target", "words"), [("/dev/zero", "ein Gerät"), ("fifo", "eine Pipe (FIFO)"),
                                               ("dir", "ein Ordner")])
def test_cli_refuses_what_is_no_regular_file_in_one_line(tmp_path, target, words):
    import subprocess
    import sys

    from tests.conftest import ROOT

    path = {"fifo": tmp_path / "pipe.csv", "dir": tmp_path}.get(target, target)
    if target == "fifo":
        os.mkfifo(path)
    done = subprocess.run([sys.executable, "-m", "kundenwert", "validate", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], done.stderr


def test_at_most_max_workers_at_once(monkeypatch):
    """Parallel uploads (threads, as in the app server) share MAX_WORKERS slots; a caller that waits
    longer than SLOT_WAIT_SECONDS for a slot gets a message, not an unbounded number of workers."""
    import threading

    monkeypatch.setattr(worker, "TIME_LIMIT_SECONDS", 3.0)
    monkeypatch.setattr(worker, "SLOT_WAIT_SECONDS", 1.0)
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "sleep")
    messages: list[str] = []

    def upload():
        try:
            load_raw(H.valid_xlsx(), "parallel.xlsx")
        except InputFileError as exc:
            messages.append(str(exc))

    threads = [threading.Thread(target=upload) for _ in range(worker.MAX_WORKERS + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum("länger als 3 Sekunden" in m for m in messages) == worker.MAX_WORKERS
    assert sum("zu viele Dateien gleichzeitig" in m for m in messages) == 1
    monkeypatch.delenv(worker.TEST_HOOK_ENV)
    assert load_raw(H.valid_xlsx(), "danach.xlsx").rows_read == 2


def test_a_wait_for_a_free_slot_does_not_count_against_the_time_limit(monkeypatch):
    """A third upload waits while two workers run; once it has a slot its worker gets the whole time limit
    (was: the limit ran from the start of the wait, and a file that parses in 0.3 s was refused as too slow)."""
    import threading

    monkeypatch.setattr(worker, "TIME_LIMIT_SECONDS", 3.0)
    taken = [worker._SLOTS.acquire(timeout=1) for _ in range(worker.MAX_WORKERS)]
    assert all(taken)
    timer = threading.Timer(2.9, worker._SLOTS.release)          # one running worker ends after 2.9 s
    timer.start()
    try:
        start = time.perf_counter()
        assert load_raw(H.valid_xlsx(), "wartet.xlsx").rows_read == 2
        assert time.perf_counter() - start >= 2.9
    finally:
        timer.join()
        for _ in range(worker.MAX_WORKERS - 1):
            worker._SLOTS.release()


def test_app_parse_cache_stays_within_its_byte_budget(app_upload, monkeypatch):
    from kundenwert.ui import state

    state._parse_cache.clear()
    monkeypatch.setattr(state._parse_cache, "budget", 3 * len(state.parse_in_worker(H.valid_xlsx(), "x").blob))
    at = app_upload()
    at.run()
    for i in range(6):
        data = H.xlsx(lambda ws, i=i: [ws.append(r) for r in (["Kunde", "Bonität"], [f"K{i}", i])])
        at.upload(f"liste{i}.xlsx", data)
        assert not at.exception
        assert state._parse_cache.size <= state._parse_cache.budget
    assert state._parse_cache.size > 0


def test_cli_parses_in_the_worker_and_survives_its_abort(tmp_path):
    """The CLI's `_load` goes through the worker: an abort there is exit status 2 and one German line."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    path = tmp_path / "liste.xlsx"
    path.write_bytes(H.valid_xlsx())
    env = {**os.environ, worker.TEST_HOOK_ENV: "abort"}
    done = subprocess.run([sys.executable, "-m", "kundenwert", "validate", str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "abgestürzt" in lines[0] and "„liste.xlsx“" in lines[0]


def test_a_parse_leaves_no_file_open_in_the_caller():
    """The input goes to the worker through an in-memory file: the server must not keep one per upload."""
    before = sorted(os.listdir("/proc/self/fd"))
    assert load_raw(H.valid_xlsx(), "liste.xlsx").rows_read == 2
    with pytest.raises(InputFileError):
        load_raw(b"%PDF-1.4", "liste.xlsx")
    assert sorted(os.listdir("/proc/self/fd")) == before


# ------------------------------------------------------------------- the scan runs while calamine parses

def test_a_refusal_comes_at_once_while_calamine_still_parses(monkeypatch):
    """calamine's place in the worker sleeps for ever (hook ``parse-sleep``): a file the scan refuses gets
    its sentence at once; a file it passes waits for the parse and runs into the time limit."""
    monkeypatch.setattr(worker, "TIME_LIMIT_SECONDS", 8.0)
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "parse-sleep")
    builder, name, (_, words) = H.ISSUE14["c9999999"]
    start = time.perf_counter()
    message = str(pytest.raises(InputFileError, load_raw, builder(), name).value)
    assert time.perf_counter() - start < 6, message
    assert all(word in message for word in words), message
    monkeypatch.setattr(worker, "TIME_LIMIT_SECONDS", 1.0)
    message = str(pytest.raises(InputFileError, load_raw, H.valid_xlsx(), "liste.xlsx").value)
    assert "länger als 1 Sekunde gedauert" in message


@pytest.mark.parametrize(("hook", "valid"), [("abort", "abgestürzt"), ("parse-abort", "abgestürzt"),
                                             ("memory", "Arbeitsspeicher"), ("parse-memory", None)])
def test_a_crash_before_the_scan_is_done_still_gives_the_scans_sentence(monkeypatch, hook, valid):
    """The worker aborts or runs out of memory (as calamine does on a hostile file) before its scan has
    spoken, or the scan itself runs short of memory calamine holds (``parse-memory``): a worker that only
    scans the same bytes gives the precise refusal. For a file that scan passes, the crash or memory
    message stays; a MemoryError in the parse ahead only means the sheet is parsed again after the scan."""
    monkeypatch.setenv(worker.TEST_HOOK_ENV, hook)
    builder, name, (_, words) = H.ISSUE14["12_far_sheets"]
    error = pytest.raises(InputFileError, parse_in_worker, builder(), name).value
    assert all(word in str(error) for word in words), str(error)
    assert error.peak_rss_bytes is not None            # the scan's worker's own figure
    if valid is None:
        assert load_raw(H.valid_xlsx(), "liste.xlsx").rows_read == 2
        return
    message = str(pytest.raises(InputFileError, load_raw, H.valid_xlsx(), "liste.xlsx").value)
    assert valid in message, message


def test_the_worker_reads_csv_without_a_parse_ahead(monkeypatch):
    """Only a zip-based file is parsed while the scan runs: a CSV never reaches calamine's place."""
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "parse-abort")
    assert load_raw(H.cp850_csv(), "dos.csv").rows_read == 3


@pytest.mark.parametrize("builder", [H.truncated_xlsx, H.crc_corrupt_xlsx])
def test_a_refusal_memory_could_have_caused_is_decided_by_a_scan_alone(builder, monkeypatch):
    """"corrupt" (like "unusual") may come from memory calamine held while the scan ran: the worker hands
    it to a scan-only worker, whose sentence is the one the scan gives in this process."""
    from kundenwert.ingest import safety

    started, spawn = [], worker._spawn
    monkeypatch.setattr(worker, "_spawn", lambda data, meta: started.append(meta) or spawn(data, meta))
    data = builder()
    expected = pytest.raises(InputFileError, safety.check_file, data, "kaputt.xlsx").value
    assert safety.refusal_key(expected) == "corrupt"
    assert str(pytest.raises(InputFileError, load_raw, data, "kaputt.xlsx").value) == str(expected)
    assert [meta.get("scan_only", False) for meta in started] == [False, True]
    started.clear()
    pytest.raises(InputFileError, load_raw, H.pdf(), "kaputt.xlsx")   # refused for good: one worker
    assert len(started) == 1


@pytest.mark.parametrize("builder", [H.truncated_xlsx, H.crc_corrupt_xlsx])
def test_the_first_scans_sentence_stands_when_the_scan_alone_does_not_finish(builder, monkeypatch):
    """Should the scan-only worker not finish (time limit, no process), the sentence the first scan gave stays:
    a corrupt file is never reported as "out of memory"."""
    from kundenwert.ingest import safety

    monkeypatch.setattr(worker.StartedWorker, "_scan_alone", lambda self: (None, None, None))
    data = builder()
    expected = pytest.raises(InputFileError, safety.check_file, data, "kaputt.xlsx").value
    assert str(pytest.raises(InputFileError, load_raw, data, "kaputt.xlsx").value) == str(expected)


def test_running_out_of_memory_after_the_scan_passed_needs_no_second_worker(monkeypatch):
    """The scan had passed in that worker when the read ran out of memory: the memory sentence at once,
    without a scan-only worker (it could only pass the file again, and takes seconds at 100 MB)."""
    started, spawn = [], worker._spawn
    monkeypatch.setattr(worker, "_spawn", lambda data, meta: started.append(meta) or spawn(data, meta))
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "read-memory")
    message = str(pytest.raises(InputFileError, load_raw, H.valid_xlsx(), "liste.xlsx").value)
    assert "Arbeitsspeicher" in message, message
    assert [meta.get("scan_only", False) for meta in started] == [False]


def test_the_worker_keeps_one_malloc_arena(monkeypatch):
    """glibc would give the scan's thread a malloc arena of its own (64 MB of address space), taken from the
    worker's RLIMIT_AS that calamine needs for a large valid list."""
    monkeypatch.setenv(worker.TEST_HOOK_ENV, "sleep")       # alive while its environment is read
    w = worker.start_worker(H.valid_xlsx(), "liste.xlsx")
    try:
        proc = f"/proc/{w._proc.pid}"
        for _ in range(500):             # until the fork has become the worker (before exec: this process's copy)
            with open(f"{proc}/cmdline", "rb") as fh:
                if b"worker_main" in fh.read():
                    break
            time.sleep(0.01)
        with open(f"{proc}/environ", "rb") as fh:
            assert b"MALLOC_ARENA_MAX=1" in fh.read().split(b"\0")
    finally:
        w.stop()
