"""The fork server: a process that imports torch once, then forks one supervisor per run.

Started by the grader (`python -m grader.sandbox.zygote FD`) before any submission is
graded, so it never holds the grader's memory (references, hidden checks, results).
Requests arrive on a Unix socket as JSON plus an input blob, with the run's two pipe
ends attached (SCM_RIGHTS); the reply is the supervisor's pid. No pickle either way.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import struct
import sys

_PR_SET_PDEATHSIG = 1
MAX_REQUEST = 256 << 20


def serve(sock: socket.socket) -> None:
    import grader.sandbox.preload  # noqa: F401 - torch and the runner, imported once here
    from grader.sandbox import supervisor

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps finished supervisors
    sock.sendall(b"R")  # ready
    while True:
        message, fds = _receive(sock)
        if message is None:
            return  # the grader closed the socket: done
        request = json.loads(message[0])
        request["inputs"] = message[1]
        pid = os.fork()
        if pid == 0:
            sock.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            supervisor.supervise(request, fds[0], fds[1])  # never returns
        for fd in fds:
            os.close(fd)
        sock.sendall(struct.pack("<q", pid))


def _receive(sock: socket.socket):
    header, fds, _, _ = socket.recv_fds(sock, 16, 2)
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


class Zygote:
    """The grader's handle on the fork server."""

    def __init__(self) -> None:
        import subprocess

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock = ours
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grader.sandbox.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
        )
        theirs.close()
        if self.sock.recv(1) != b"R":
            raise RuntimeError("the grader's fork server failed to start (see the error above)")

    def fork(self, request: dict, inputs: bytes, result_fd: int, output_fd: int) -> int:
        body = json.dumps(request).encode()
        header = struct.pack("<QQ", len(body), len(inputs))
        socket.send_fds(self.sock, [header], [result_fd, output_fd])
        self.sock.sendall(body + inputs)
        return struct.unpack("<q", _exactly(self.sock, 8))[0]

    def close(self) -> None:
        self.sock.close()
        self.process.wait(timeout=30)


if __name__ == "__main__":
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # die with the grader
    serve(socket.socket(fileno=int(sys.argv[1])))
