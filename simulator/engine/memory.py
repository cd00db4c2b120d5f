"""Keep glibc from handing the engine's large temporary arrays back to the OS each time.

A week of a block allocates and frees hundreds of arrays of a few hundred kilobytes. Above
glibc's default thresholds each one is a fresh ``mmap`` (and page faults) and each free trims
the heap, which made array arithmetic 3–8× slower than the arithmetic itself. Raising the mmap
and trim thresholds keeps those blocks in the heap for reuse. Elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
THRESHOLD_BYTES = 32 * 1024 * 1024  # glibc's largest allowed mmap threshold on 64-bit


@cache
def keep_freed_memory_for_reuse() -> bool:
    """Raise glibc's mmap and trim thresholds for this process (once); True if it took effect."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    trimmed = mallopt(M_TRIM_THRESHOLD, THRESHOLD_BYTES)
    mapped = mallopt(M_MMAP_THRESHOLD, THRESHOLD_BYTES)
    return bool(trimmed and mapped)
