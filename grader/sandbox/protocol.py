"""Plain data across the trust boundary: JSON for structure, safetensors for tensors.

encode() turns a Python value into (node, tensors); decode() checks a node strictly and
turns it back. The child encodes what a submission returned; the grader decodes it and
never unpickles anything. A frame on the wire is: 8-byte JSON length, JSON, 8-byte
tensor-blob length, safetensors blob.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass

import torch
from safetensors.torch import load as load_tensors

from grader.sandbox import tensor_blob

MAX_DEPTH = 8
MAX_ITEMS = 10_000
MAX_STR = 2_000


@dataclass(frozen=True)
class Unsupported:
    """A value the child could not send as plain data (a tensor subclass, an object...)."""

    type_name: str
    note: str = ""

    def __repr__(self) -> str:
        return f"<{self.type_name}{': ' + self.note if self.note else ''}>"


class ProtocolError(ValueError):
    """The data from the child is malformed: treated as a broken answer."""


def qualname(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}" if cls.__module__ != "builtins" else cls.__qualname__


def encode(value: object, tensors: dict[str, torch.Tensor], depth: int = 0) -> dict:
    """Child side: describe value as JSON, moving tensors into `tensors`."""
    if depth > MAX_DEPTH:
        return {"t": "unsupported", "type": qualname(value), "note": "nested too deeply"}
    if type(value) is torch.Tensor:
        key = f"t{len(tensors)}"
        tensors[key] = value.detach().to("cpu", copy=True).contiguous()
        return {"t": "tensor", "key": key, "device": value.device.type, "requires_grad": value.requires_grad}
    if isinstance(value, torch.Tensor):  # a subclass can rig comparisons: refuse it by name
        return {"t": "unsupported", "type": qualname(value), "note": "a subclass of torch.Tensor"}
    if value is None:
        return {"t": "none"}
    if type(value) is bool:
        return {"t": "bool", "v": value}
    if type(value) is int:
        return {"t": "int", "v": str(value)}  # as text: JSON readers may round huge ints
    if type(value) is float:
        return {"t": "float", "v": repr(value)}  # repr keeps nan and inf, which JSON cannot
    if type(value) is str:
        return {"t": "str", "v": value[:MAX_STR]}
    if type(value) in (tuple, list):
        items = [encode(v, tensors, depth + 1) for v in list(value)[:MAX_ITEMS]]
        return {"t": type(value).__name__, "items": items}
    if type(value) is dict and all(type(k) is str for k in value):
        return {"t": "dict", "items": {k: encode(v, tensors, depth + 1) for k, v in list(value.items())[:MAX_ITEMS]}}
    return {"t": "unsupported", "type": qualname(value)}


def decode(node: object, tensors: dict[str, torch.Tensor], depth: int = 0) -> object:
    """Grader side: rebuild a value from a node, accepting only the shapes encode() makes."""
    if depth > MAX_DEPTH + 1 or type(node) is not dict or type(node.get("t")) is not str:
        raise ProtocolError("malformed value")
    kind = node["t"]
    try:
        if kind == "tensor":
            tensor = tensors[node["key"]]
            if type(tensor) is not torch.Tensor:
                raise ProtocolError("not a plain tensor")
            return Received(tensor, str(node["device"]), bool(node["requires_grad"]))
        if kind == "none":
            return None
        if kind == "bool" and type(node["v"]) is bool:
            return node["v"]
        if kind == "int" and type(node["v"]) is str and len(node["v"]) < 400:
            return int(node["v"])
        if kind == "float" and type(node["v"]) is str:
            return float(node["v"])  # repr() text, nan and inf included
        if kind == "str" and type(node["v"]) is str:
            return node["v"]
        if kind in ("tuple", "list") and type(node["items"]) is list:
            items = [decode(v, tensors, depth + 1) for v in node["items"][:MAX_ITEMS]]
            return tuple(items) if kind == "tuple" else items
        if kind == "dict" and type(node["items"]) is dict:
            return {str(k): decode(v, tensors, depth + 1) for k, v in list(node["items"].items())[:MAX_ITEMS]}
        if kind == "unsupported":
            return Unsupported(str(node.get("type", "?"))[:200], str(node.get("note", ""))[:200])
    except (KeyError, TypeError, ValueError) as exc:
        raise ProtocolError(f"malformed {kind}: {exc}") from None
    raise ProtocolError(f"unknown kind {kind!r}")


@dataclass(frozen=True)
class Received:
    """A tensor that came back, with the device it was on in the child."""

    tensor: torch.Tensor
    device: str
    requires_grad: bool


def pack(node: object, tensors: dict[str, torch.Tensor]) -> bytes:
    """One frame: JSON then tensors, each length-prefixed."""
    head = json.dumps(node, allow_nan=False).encode()
    blob = tensor_blob.save(tensors) if tensors else b""  # read back by safetensors' own loader
    return struct.pack("<Q", len(head)) + head + struct.pack("<Q", len(blob)) + blob


def load_blob(blob: bytes) -> dict[str, torch.Tensor]:
    """The tensors of one frame, read by safetensors (no code runs, no pickle)."""
    if not blob:
        return {}
    try:
        return load_tensors(blob)
    except Exception:  # safetensors raises its own error types on corrupt data
        raise ProtocolError("unreadable tensors") from None


def unpack_frames(data: bytes, max_json: int = 4 << 20) -> list[tuple[object, dict[str, torch.Tensor]]]:
    """Split a byte stream into complete frames; a torn last frame is dropped."""
    frames, pos = [], 0
    while pos + 8 <= len(data):
        (n,) = struct.unpack_from("<Q", data, pos)
        if n > max_json or pos + 8 + n + 8 > len(data):
            break
        try:
            node = json.loads(data[pos + 8 : pos + 8 + n])
        except (ValueError, UnicodeDecodeError):
            raise ProtocolError("unreadable frame") from None
        pos += 8 + n
        (m,) = struct.unpack_from("<Q", data, pos)
        if pos + 8 + m > len(data):
            break
        blob = data[pos + 8 : pos + 8 + m]
        pos += 8 + m
        try:
            tensors = load_tensors(blob) if m else {}
        except Exception:  # safetensors raises its own error types on corrupt data
            raise ProtocolError("unreadable tensors") from None
        frames.append((node, tensors))
    return frames
