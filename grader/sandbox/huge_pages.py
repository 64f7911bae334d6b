"""Make the fork server cheap to fork: its heap in 2 MB pages.

Every run forks the server's address space twice (supervisor, then worker) and unmaps it
twice on exit. With torch loaded that is ~150 MB of 4 kB pages: the page tables copied and
torn down are most of a run's own CPU. In 2 MB pages there are 512 times fewer entries; a
page a run writes is still copied 4 kB at a time (the kernel splits the huge page first),
so a run uses no more memory. Linux 6.1+ (MADV_COLLAPSE); elsewhere nothing happens.
"""

from __future__ import annotations

import ctypes
import sys

MADV_COLLAPSE = 25  # only these pages: memory a run allocates later stays in 4 kB pages, as before
HUGE = 2 << 20


def collapse() -> int:
    """Back the server's writable private memory with huge pages where the kernel can: bytes collapsed."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        with open("/proc/self/maps") as maps:
            regions = [line.split() for line in maps]
    except (OSError, AttributeError):
        return 0
    done = 0
    for fields in regions:
        # Anonymous (the malloc heap, big allocations): a file's pages are shared, not copied, by fork.
        if fields[1] != "rw-p" or (len(fields) > 5 and fields[5] != "[heap]"):
            continue
        low, high = (int(x, 16) for x in fields[0].split("-"))
        low, high = (low + HUGE - 1) & ~(HUGE - 1), high & ~(HUGE - 1)
        if high - low < HUGE:
            continue
        if libc.madvise(low, high - low, MADV_COLLAPSE) == 0:
            done += high - low
    return done
