"""Entry point of the worker process: ``python -m kundenwert.ingest.worker_main`` (see :mod:`.worker`).

A module of its own, so that ``-m`` does not run :mod:`.child` a second time as ``__main__``.
"""

from .child import main

if __name__ == "__main__":
    main()
