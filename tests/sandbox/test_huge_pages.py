"""The fork server's heap moved to huge pages keeps its contents, and a fork still copies on write."""

from __future__ import annotations

import os
import sys

import pytest

from grader.sandbox import huge_pages


def _anon_huge_kb() -> int:
    with open("/proc/self/smaps") as smaps:
        return sum(int(line.split()[1]) for line in smaps if line.startswith("AnonHugePages:"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="MADV_COLLAPSE is Linux's")
def test_collapse_keeps_the_heap_and_a_child_writes_its_own_copy(in_child):
    def collapse_then_fork() -> list:
        data = [bytearray(os.urandom(64)) * 4096 for _ in range(64)]  # 16 MB of heap, written
        before = [bytes(d[:64]) for d in data]
        collapsed = huge_pages.collapse()
        huge = _anon_huge_kb()
        pid = os.fork()
        if pid == 0:  # the child writes: the parent's pages must not change
            data[0][:64] = b"x" * 64
            os._exit(0 if bytes(data[0][:64]) == b"x" * 64 else 1)
        _, status = os.waitpid(pid, 0)
        return [collapsed, huge, [bytes(d[:64]) for d in data] == before, os.waitstatus_to_exitcode(status)]

    collapsed, huge, kept, child = in_child(collapse_then_fork)[0]
    assert kept and child == 0
    assert collapsed % huge_pages.HUGE == 0
    if collapsed:  # kernels before 6.1 refuse MADV_COLLAPSE: nothing is done, nothing breaks
        assert huge > 0
