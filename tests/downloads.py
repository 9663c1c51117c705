"""Capture what st.download_button hands to the browser (AppTest has no browser to download into).

`capture(monkeypatch)` records every file a download button registers during AppTest runs:
eager data (bytes) and deferred data (the callable the button calls on click), by file name.
"""

from __future__ import annotations

from streamlit.runtime.media_file_manager import MediaFileManager


class Downloads(dict):
    """file name -> bytes (eager) or callable (built on click)."""

    def data(self, file_name: str) -> bytes:
        value = self[file_name]
        value = value() if callable(value) else value
        return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def capture(monkeypatch) -> Downloads:
    seen = Downloads()
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def record_add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if file_name:
            seen[file_name] = path_or_data
        return add(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            seen[file_name] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", record_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return seen
