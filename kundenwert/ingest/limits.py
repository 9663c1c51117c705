"""The one limit checked before the worker starts: the size of an input file.

A module of its own, without imports, so that the command line can read a file and start the worker
(:mod:`kundenwert.cli_start`) before anything heavy is imported: :mod:`.safety` needs the catalogues
(:mod:`kundenwert.i18n`, which imports numpy). The size is checked here, in :mod:`.files` and by the
safety scan; its sentence is :mod:`.safety`'s ``too_large``. Read it as ``limits.MAX_FILE_BYTES`` (tests
change it there).
"""

MAX_FILE_BYTES = 100 * 1024 * 1024  # 100 MB
