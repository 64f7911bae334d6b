"""Frames from a child, read incrementally, every byte treated as hostile.

A frame is an 8-byte JSON length, the JSON, an 8-byte blob length and a safetensors blob
(see protocol.pack). The reader accepts a frame only within bounds: JSON size, blob size,
frame count, total bytes, nesting depth and item count of the JSON value. Anything else
raises ProtocolError, which spoils only the run it came from, never the grader.
"""

from __future__ import annotations

import json
import struct

from grader.sandbox.protocol import ProtocolError

MAX_JSON = 1 << 20  # structure and small values only: tensors travel in the blob
MAX_BLOB = 32 << 20
MAX_TOTAL = 64 << 20
MAX_FRAMES = 10_000
MAX_DEPTH = 24
MAX_NODES = 200_000


class FrameReader:
    def __init__(self) -> None:
        self._buffer = bytearray()
        self.total = 0
        self.frames = 0

    def feed(self, chunk: bytes) -> list[tuple[object, bytes]]:
        """Complete frames in the bytes so far; raises ProtocolError past any bound."""
        self.total += len(chunk)
        if self.total > MAX_TOTAL:
            raise ProtocolError(f"more than {MAX_TOTAL >> 20} MB of answers")
        self._buffer += chunk
        found = []
        while True:
            frame = self._next()
            if frame is None:
                return found
            found.append(frame)

    def _next(self) -> tuple[object, bytes] | None:
        buffer = self._buffer
        if len(buffer) < 8:
            return None
        (json_len,) = struct.unpack_from("<Q", buffer, 0)
        if json_len > MAX_JSON:
            raise ProtocolError(f"a frame of {json_len:,} bytes of JSON (the limit is {MAX_JSON:,})")
        if len(buffer) < 16 + json_len:
            return None
        (blob_len,) = struct.unpack_from("<Q", buffer, 8 + json_len)
        if blob_len > MAX_BLOB:
            raise ProtocolError(f"a frame of {blob_len:,} bytes of tensors (the limit is {MAX_BLOB:,})")
        end = 16 + json_len + blob_len
        if len(buffer) < end:
            return None
        node = parse_json(bytes(buffer[8 : 8 + json_len]))
        blob = bytes(buffer[16 + json_len : end])
        del buffer[:end]
        self.frames += 1
        if self.frames > MAX_FRAMES:
            raise ProtocolError(f"more than {MAX_FRAMES:,} frames")
        return node, blob


def parse_json(data: bytes) -> object:
    """json.loads, then a check of depth and size without recursion."""
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError, MemoryError):
        raise ProtocolError("unreadable or too deeply nested JSON") from None
    check_shape(value)
    return value


def check_shape(value: object) -> None:
    stack, nodes = [(value, 0)], 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH or nodes > MAX_NODES:
            raise ProtocolError("a JSON value nested too deeply or too large")
        if type(item) is dict:
            stack.extend((v, depth + 1) for v in item.values())
        elif type(item) is list:
            stack.extend((v, depth + 1) for v in item)
