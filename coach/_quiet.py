"""Silence native libraries that print on their own (MediaPipe's C++ and TFLite logs, FFmpeg's warnings).

They ignore Python's logging and TF_CPP_MIN_LOG_LEVEL, and TFLite's "INFO: Created ... delegate" goes through C stdio's
buffered stdout, surfacing at exit. So: point fd 1 and fd 2 at /dev/null around the calls that talk, and flush C stdio
before restoring them. Python exceptions are unaffected: they propagate after the descriptors are restored.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator

try:  # the running process's own symbols, libc's fflush among them (find_library would spawn ldconfig and gcc)
    _libc: ctypes.CDLL | None = ctypes.CDLL(None)
except OSError:
    _libc = None


def _flush_c_stdio() -> None:
    if _libc is not None and hasattr(_libc, "fflush"):
        _libc.fflush(None)


@contextlib.contextmanager
def native_output_silenced() -> Iterator[None]:
    """Send whatever native code writes to fd 1 and fd 2 to /dev/null for the duration of the block."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = {fd: os.dup(fd) for fd in (1, 2)}
    except (OSError, ValueError):
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in saved:
            os.dup2(devnull, fd)
        yield
    finally:
        _flush_c_stdio()
        for fd, copy in saved.items():
            os.dup2(copy, fd)
            os.close(copy)
        os.close(devnull)
