"""Hostile uploads for the browser journeys and the load test, built in memory (no binary fixtures).

Thin names over tests/hostile_files.py, which the engine's safety tests use too.
"""

from __future__ import annotations

from pathlib import Path

from tests import hostile_files as H


def pdf_renamed() -> bytes:
    """A PDF document; the journeys upload it as `….xlsx`."""
    return H.pdf()


def xml_bomb_xlsx() -> bytes:
    """Billion laughs in the shared strings of a real xlsx."""
    return H.billion_laughs_xlsx()


def zip_bomb_xlsx(megabytes: int = 1100) -> bytes:
    """A real xlsx whose sheet XML is `megabytes` MB of zeros (about 1 KB per MB once deflated)."""
    return H.zip_bomb_xlsx(megabytes)


def write_oversized(path: Path, megabytes: int = 101) -> Path:
    """A file larger than the upload limit (100 MB), written in 1 MB pieces."""
    block = bytes(range(256)) * 4096
    with open(path, "wb") as fh:
        for _ in range(megabytes):
            fh.write(block)
    return path
