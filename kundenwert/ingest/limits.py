"""What the input checks need before the worker starts: the size limit of an input file, and the refusal.

A module of its own, without imports at the top, so that the command line can read a file and start the worker
(:mod:`kundenwert.cli_start`) before anything heavy is imported: :mod:`.safety` needs the catalogues
(:mod:`kundenwert.i18n`, which imports numpy). The size is checked here, in :mod:`.files` and by the
safety scan; its sentence is :mod:`.safety`'s ``too_large``. Read it as ``limits.MAX_FILE_BYTES`` (tests
change it there).
"""

MAX_FILE_BYTES = 100 * 1024 * 1024  # 100 MB


def refusal(key: str, name: str, **details: object) -> Exception:
    """:func:`.safety.refusal`, imported when a refusal is made: reading a file and starting the worker do not
    wait for the catalogues."""
    from .safety import refusal

    return refusal(key, name, **details)
