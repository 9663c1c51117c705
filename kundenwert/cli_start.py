"""The command line's input file goes to the worker before the command imports pandas (issue 12).

``python -m kundenwert score|validate|matrix FILE`` spends about half a second importing pandas,
pyarrow and the engine before it would read FILE, and the worker (safety scan, then calamine, in its
own limited process, see :mod:`kundenwert.ingest.worker`) then takes longer than that. So
``__main__`` calls :func:`start_early` first, with nothing but the ingest package imported and no
thread running: it guesses the input file and ``--sheet`` from the arguments, reads the file (regular
files only, as always) and starts the one worker, which then works on the other core while the
command imports. The command's own argument parser stays the judge: :func:`read_path` hands over
the started worker's table only when its arguments name the same file and sheet; otherwise, and
whenever the command ends without asking (a usage error, a refused ``--out``), :func:`discard`
stops the worker. One worker at a time, with its usual memory and time limits.
"""

from __future__ import annotations

from .ingest import worker
from .ingest.files import read_file_bytes

_COMMANDS = ("score", "validate", "matrix")   # the commands that read one list file
_FLAGS = ("--json",)                          # their options without a value; any other --option takes one

_started: list[tuple[str, str | None, worker.StartedWorker]] = []


def guess_input(argv: list[str]) -> tuple[str, str | None] | None:
    """(input file, --sheet) of a list command, as far as the arguments tell without the real parser;
    None when in doubt (then nothing is started early)."""
    args = iter(argv)
    command = None
    for arg in args:                     # options before the command: --lang only
        if arg == "--lang":
            next(args, None)
        elif arg.startswith("--lang="):
            continue
        else:
            command = arg
            break
    if command not in _COMMANDS:
        return None
    inputs, sheet = [], None
    for arg in args:
        if arg in _FLAGS:
            continue
        if arg.startswith("--") and arg != "--":
            name, eq, value = arg.partition("=")
            value = value if eq else next(args, None)
            if value is None:
                return None
            if name == "--sheet":
                sheet = value
            continue
        if arg.startswith("-"):              # -h, "--", "-": the parser decides
            return None
        inputs.append(arg)
    return (inputs[0], sheet) if len(inputs) == 1 else None


def start_early(argv: list[str]) -> None:
    """Start the worker on the command's input file, if the arguments name one that can be read."""
    guess = guess_input(argv)
    if guess is None:
        return
    path, sheet = guess
    try:
        data, name = read_file_bytes(path)
        started = worker.start_worker(data, name, sheet)
    except Exception:  # noqa: BLE001 - the command reads the file again and reports what is wrong
        return
    _started.append((path, sheet, started))


def read_path(path: str, sheet: str | None = None):  # noqa: ANN201 - a RawTable
    """The RawTable of `path` (see :func:`kundenwert.ingest.read_path`): from the worker started early
    when it was started on the same file and sheet, else read now."""
    if _started:
        early_path, early_sheet, started = _started.pop()
        if (early_path, early_sheet) == (path, sheet):
            return worker.unpickle_table(started.result().blob)
        started.stop()
    return worker.read_path(path, sheet)


def discard() -> None:
    """Stop a worker started early and not asked for."""
    while _started:
        _started.pop()[2].stop()
