"""The fast safetensors writer makes what safetensors' own loader reads back exactly, dtype and shape."""

from __future__ import annotations

import pytest
import torch
from safetensors.torch import load

from grader.sandbox import protocol, tensor_blob

SHAPES = [(), (0,), (5,), (2, 0, 3), (2, 3, 4)]


def _example(dtype: torch.dtype, shape: tuple[int, ...]) -> torch.Tensor:
    values = torch.randn(shape) * 50
    if dtype is torch.bool:
        return values > 0
    if dtype is torch.complex64:
        return torch.complex(values, -values)
    return values.to(dtype)


@pytest.mark.parametrize("dtype", list(tensor_blob.DTYPES), ids=str)
def test_every_dtype_and_shape_reads_back_equal(dtype):
    tensors = {f"t{i}": _example(dtype, shape) for i, shape in enumerate(SHAPES)}
    back = load(tensor_blob.save(tensors))
    assert set(back) == set(tensors)
    for name, tensor in tensors.items():
        assert back[name].dtype == tensor.dtype and back[name].shape == tensor.shape
        assert torch.equal(back[name], tensor)


def test_views_and_grads_are_written_as_their_values():
    base = torch.randn(6, 4, requires_grad=True)
    tensors = {"transposed": base.t(), "sliced": base[2:5, 1], "mixed": torch.arange(7)}
    back = load(tensor_blob.save(tensors))
    for name, tensor in tensors.items():
        assert torch.equal(back[name], tensor.detach())


def test_a_dtype_outside_the_table_goes_through_the_library():
    odd = next((d for d in (getattr(torch, "uint16", None), getattr(torch, "float8_e4m3fn", None)) if d), None)
    if odd is None:
        pytest.skip("this torch has no dtype outside the table")
    tensors = {"odd": torch.zeros(3, dtype=odd), "plain": torch.ones(2)}
    back = load(tensor_blob.save(tensors))
    assert back["odd"].dtype == odd and torch.equal(back["plain"], torch.ones(2))


def test_a_frame_round_trips_through_the_grader_reader():
    value = {"out": torch.randn(2, 3), "n": 4}
    tensors: dict = {}
    node = protocol.encode(value, tensors)
    [(back_node, back_tensors)] = protocol.unpack_frames(protocol.pack(node, tensors))
    decoded = protocol.decode(back_node, back_tensors)
    assert decoded["n"] == 4 and torch.equal(decoded["out"].tensor, value["out"])
