"""The fork server: a process that imports torch once, then forks one supervisor per run.

Started by the grader (`python -m grader.sandbox.zygote FD`) before any submission is
graded, so it never holds the grader's memory (references, hidden checks, results).
Requests arrive on a Unix socket as JSON plus an input blob, with the run's four pipe
ends attached (SCM_RIGHTS): answers, output, the supervisor's status, and the grader's
control; the reply is the supervisor's pid. No pickle either way.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys

_PR_SET_PDEATHSIG = 1
MAX_REQUEST = 256 << 20
FDS_PER_RUN = 4  # answers, output, status (write ends); control (read end)


def serve(sock: socket.socket, many_runs: bool = False) -> None:
    import grader.sandbox.preload  # noqa: F401 - torch and the runner, imported once here
    from grader.sandbox import huge_pages, supervisor

    if many_runs:  # a fifth of a second now, a few ms off every run's forks and exits
        huge_pages.collapse()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps finished supervisors
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle: it closes us
    sock.sendall(b"R")  # ready
    while True:
        message, fds = _receive(sock)
        if message is None:
            return  # the grader closed the socket: done
        if len(fds) != FDS_PER_RUN:
            raise ValueError(f"a run needs {FDS_PER_RUN} pipe ends, got {len(fds)}")
        request = json.loads(message[0])
        request["inputs"] = message[1]
        pid = os.fork()
        if pid == 0:
            sock.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            supervisor.supervise(request, *fds)  # never returns
        for fd in fds:
            os.close(fd)
        sock.sendall(struct.pack("<q", pid))


def _receive(sock: socket.socket):
    header, fds, _, _ = socket.recv_fds(sock, 16, FDS_PER_RUN)
    if not header:
        return None, []
    while len(header) < 16:
        more = sock.recv(16 - len(header))
        if not more:
            return None, []
        header += more
    json_len, blob_len = struct.unpack("<QQ", header)
    if json_len + blob_len > MAX_REQUEST:
        raise ValueError("request too large")
    body = _exactly(sock, json_len + blob_len)
    return (body[:json_len], body[json_len:]), fds


def _exactly(sock: socket.socket, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError("grader went away mid-request")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# What the fork server, and so every run forked from it, may see of the grader's environment:
# what Python, torch and the device need. Not the instructor's tokens, paths or settings.
KEPT_VARIABLES = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONPATH", "PYTHONHASHSEED", "VIRTUAL_ENV",
                  "LD_LIBRARY_PATH", "CUDA_VISIBLE_DEVICES", "CUDA_HOME", "NVIDIA_VISIBLE_DEVICES")
KEPT_PREFIXES = ("CNN_KIT_", "CNN_TEST_")  # the kit's own switches, and the test suite's run marker


def sandbox_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k in KEPT_VARIABLES or k.startswith(KEPT_PREFIXES)}


class Zygote:
    """The grader's handle on the fork server.

    Starting it costs an interpreter and a torch import, so it starts first (before the
    grader imports torch itself) and is waited for only when the first run needs it.
    many_runs: a class is graded, so the server prepares its memory for cheap forks (huge_pages.py)."""

    def __init__(self, many_runs: bool = False) -> None:
        import subprocess
        import threading

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock = ours
        self.lock = threading.Lock()
        self._ready = False
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grader.sandbox.zygote", str(theirs.fileno())] + (["many"] if many_runs else []),
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=sandbox_environment(),
        )
        theirs.close()

    def wait_ready(self) -> None:
        with self.lock:
            if not self._ready:
                if self.sock.recv(1) != b"R":
                    raise RuntimeError("the grader's fork server failed to start (see the error above)")
                self._ready = True

    def alive(self) -> bool:
        return self.process.poll() is None

    def fork(self, request: dict, inputs: bytes, fds: list[int]) -> int:
        """Start one run; fds: the run's ends of its answers, output, status and control pipes."""
        self.wait_ready()
        body = json.dumps(request).encode()
        header = struct.pack("<QQ", len(body), len(inputs))
        with self.lock:  # one request at a time on the socket, whichever thread asks
            socket.send_fds(self.sock, [header], fds)
            self.sock.sendall(body + inputs)
            return struct.unpack("<q", _exactly(self.sock, 8))[0]

    def close(self, wait: bool = True) -> None:
        """Closing the socket ends the server; runs in flight end with their control pipes.
        wait=False: do not wait for it to go (a command about to exit; it dies with us anyway)."""
        self.sock.close()
        if not wait:
            return
        try:
            self.process.wait(timeout=2)
        except Exception:  # noqa: BLE001 - it must go, whatever state it is in
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    from grader.sandbox import facilities

    # Die with the grader. Where there is no prctl (macOS), the grader's end closes the socket,
    # and the server leaves at its next read: no run starts after its grader is gone.
    facilities.libc_prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    try:
        serve(socket.socket(fileno=int(sys.argv[1])), many_runs=sys.argv[2:] == ["many"])
    except (BrokenPipeError, ConnectionResetError, EOFError):
        pass  # the grader went away: nothing left to serve
