"""Draw a question of each kind with new numbers; PyTorch (oracle.py) answers it.

The derivation shown after the answer is the textbook formula, written out with the question's
numbers: it explains, while the expected answer itself always comes from PyTorch.
"""

from __future__ import annotations

import random

from grader.drill import oracle
from grader.drill.question import KINDS, Question, conv_text, shape_text

SIZE_FORMULA = "floor((L + 2p - d(k - 1) - 1) / s) + 1"


def draw(kind: str, rng: random.Random) -> Question:
    return DRAWERS[kind](rng)


def _conv(rng: random.Random, in_channels: int, *, groups: bool = False, bias: bool = True) -> dict:
    kwargs = {"in_channels": in_channels, "out_channels": rng.choice([4, 8, 16, 24, 32, 64, 128]),
              "kernel_size": rng.choice([1, 3, 3, 5, 7]), "stride": rng.choice([1, 1, 2, 2, 3]),
              "padding": rng.choice([0, 0, 1, 2, 3]), "dilation": rng.choice([1, 1, 1, 2])}
    if groups and rng.random() < 0.25:
        common = [g for g in (2, 4, 8) if in_channels % g == 0 and kwargs["out_channels"] % g == 0]
        if common:
            kwargs["groups"] = rng.choice(common)
    if not bias:
        kwargs["bias"] = False
    return kwargs


def _input(rng: random.Random, channels: int) -> tuple[int, int, int, int]:
    h = rng.randint(5, 64)
    return (rng.choice([1, 2, 4, 8, 16, 32]), channels, h, h if rng.random() < 0.7 else rng.randint(5, 64))


def _axis(size: int, kwargs: dict) -> str:
    """`floor((31 + 2*2 - 1*(5 - 1) - 1) / 2) + 1`: the size formula with one axis's numbers."""
    k, s, p, d = (kwargs.get(n, dflt) for n, dflt in
                  (("kernel_size", 1), ("stride", 1), ("padding", 0), ("dilation", 1)))
    return f"floor(({size} + 2*{p} - {d}*({k} - 1) - 1) / {s}) + 1"


def _shape_derivation(layers: list[dict], input_shape: tuple, expected) -> str:
    n, c, h, w = input_shape
    steps = []
    for kwargs in layers:
        if kwargs["in_channels"] != c:
            return f"the input has {c} channels but {conv_text(kwargs)} expects {kwargs['in_channels']}: PyTorch refuses it"
        nh, nw = oracle.output_size(h, *_ksdp(kwargs)), oracle.output_size(w, *_ksdp(kwargs))
        if oracle.INVALID in (nh, nw):
            k, _, p, d = _ksdp(kwargs)
            return (f"a kernel spanning {d}*({k} - 1) + 1 = {d * (k - 1) + 1} pixels does not fit in "
                    f"{min(h, w)} + 2*{p} = {min(h, w) + 2 * p} padded pixels: PyTorch refuses it")
        steps.append(f"H = {_axis(h, kwargs)} = {nh}" + (f", W = {_axis(w, kwargs)} = {nw}" if w != h else ", W alike"))
        c, h, w = kwargs["out_channels"], nh, nw
    return f"N = {n} passes through, C = out_channels = {c}; " + "; then ".join(steps) + f": {shape_text(expected)}"


def _ksdp(kwargs: dict) -> tuple[int, int, int, int]:
    return kwargs["kernel_size"], kwargs.get("stride", 1), kwargs.get("padding", 0), kwargs.get("dilation", 1)


def output_shape(rng: random.Random) -> Question:
    shape = _input(rng, rng.choice([1, 3, 8, 16, 32, 64]))
    layers = [_conv(rng, shape[1], groups=True)]
    if rng.random() < 0.35:
        layers.append(_conv(rng, layers[0]["out_channels"], groups=True))
    expected = oracle.shape_after(layers, shape)
    text = " then ".join(conv_text(k) for k in layers)
    return Question("output_shape", f"{text} on a {shape_text(shape)} batch: output shape? (or 'invalid')",
                    expected, _shape_derivation(layers, shape, expected),
                    layers[0] if len(layers) == 1 else layers, shape)


def output_size(rng: random.Random) -> Question:
    while True:  # an axis PyTorch accepts: the size formula is the question
        size, k = rng.randint(5, 200), rng.choice([1, 2, 3, 4, 5, 7, 11])
        kwargs = {"kernel_size": k, "stride": rng.randint(1, 4), "padding": rng.randint(0, 3),
                  "dilation": rng.choice([1, 1, 2, 3])}
        expected = oracle.output_size(size, *_ksdp(kwargs))
        if expected != oracle.INVALID:
            break
    prompt = (f"One axis of {size} pixels, kernel_size={k}, stride={kwargs['stride']}, padding={kwargs['padding']}, "
              f"dilation={kwargs['dilation']}: output size?")
    return Question("output_size", prompt, expected, f"{SIZE_FORMULA} = {_axis(size, kwargs)} = {expected}",
                    kwargs, None, extra={"input_size": size})


def parameters(rng: random.Random) -> Question:
    bias = rng.random() < 0.7
    if rng.random() < 0.7:
        kwargs = _conv(rng, rng.choice([1, 3, 8, 16, 32, 64]), bias=bias)
        kwargs = {k: kwargs[k] for k in ("in_channels", "out_channels", "kernel_size", *(("bias",) if not bias else ()))}
        expected = oracle.parameters("Conv2d", kwargs)
        c_in, c_out, k = kwargs["in_channels"], kwargs["out_channels"], kwargs["kernel_size"]
        derivation = (f"{c_out} filters x ({c_in} x {k} x {k}) weights" + (f" + {c_out} biases" if bias else ", no bias")
                      + f" = {expected}")
        return Question("parameters", f"{conv_text(kwargs)}: how many parameters?", expected, derivation, kwargs)
    c, h = rng.choice([1, 3, 8]), rng.choice([4, 8, 16, 32])
    c_out = rng.choice([4, 8, 16])
    kwargs = {"in_features": c * h * h, "out_features": c_out * h * h, **({} if bias else {"bias": False})}
    expected = oracle.parameters("Linear", kwargs)
    prompt = (f"The fully connected equivalent of a conv from ({c}, {h}, {h}) to ({c_out}, {h}, {h}): "
              f"Linear({kwargs['in_features']}, {kwargs['out_features']}" + ("" if bias else ", bias=False")
              + "): how many parameters?")
    derivation = (f"{kwargs['in_features']} x {kwargs['out_features']} weights"
                  + (f" + {kwargs['out_features']} biases" if bias else ", no bias") + f" = {expected}")
    return Question("parameters", prompt, expected, derivation, kwargs, module="Linear")


def macs(rng: random.Random) -> Question:
    while True:  # a layer PyTorch runs on this input
        shape = _input(rng, rng.choice([1, 3, 8, 16, 32]))
        kwargs = _conv(rng, shape[1])
        out = oracle.shape_after([kwargs], shape)
        if out != oracle.INVALID:
            break
    expected = oracle.macs(kwargs, shape)
    n, c_out, h, w = out
    c_in, k = kwargs["in_channels"], kwargs["kernel_size"]
    derivation = (f"each of the {c_out} x {c_in} x {k} x {k} = {c_out * c_in * k * k} weights is used once per output "
                  f"position: x N {n} x H_out {h} x W_out {w} = {expected} (biases are additions, not MACs)")
    return Question("macs", f"{conv_text(kwargs)} on a {shape_text(shape)} batch: how many multiply-accumulates (MACs)?",
                    expected, derivation, kwargs, shape)


def receptive_field(rng: random.Random) -> Question:
    """Two or three convs; a stride only in the first, as interviewers ask it."""
    layers = [{"kernel_size": rng.choice([1, 3, 3, 5, 7]), "stride": rng.choice([1, 1, 2])}]
    layers += [{"kernel_size": rng.choice([3, 3, 5, 7])} for _ in range(rng.choice([1, 1, 2]))]
    expected = oracle.receptive_field(layers)
    text = " then ".join(f"a {l['kernel_size']}x{l['kernel_size']} conv" + (f" with stride {l['stride']}" if l.get("stride", 1) > 1 else "")
                         for l in layers)
    jump, terms = 1, ["1"]
    for l in layers:
        terms.append(f"({l['kernel_size']} - 1)" + (f"*{jump}" if jump > 1 else ""))
        jump *= l.get("stride", 1)
    derivation = f"1 + each layer's (k - 1) times the product of the strides before it: {' + '.join(terms)} = {expected}"
    return Question("receptive_field", f"{text[0].upper()}{text[1:]}, no padding: how many input pixels wide is the "
                    "receptive field of one output pixel?", expected, derivation, layers)


def valid(rng: random.Random) -> Question:
    shape = _input(rng, rng.choice([1, 3, 8, 16]))
    kwargs = _conv(rng, shape[1], groups=True)
    flaw = rng.choice(["none", "none", "channels", "small", "groups"])
    if flaw == "channels":
        kwargs["in_channels"] = rng.choice([c for c in (1, 3, 4, 8, 16, 32) if c != shape[1]])
    elif flaw == "small":
        shape = (*shape[:2], rng.randint(1, 6), rng.randint(1, 6))
        kwargs["kernel_size"] = rng.choice([5, 7, 9])
    elif flaw == "groups":
        kwargs["groups"] = rng.choice([g for g in (3, 5, 6) if kwargs["out_channels"] % g or kwargs["in_channels"] % g])
    expected = oracle.shape_after([kwargs], shape) != oracle.INVALID
    derivation = _shape_derivation([kwargs], shape, oracle.shape_after([kwargs], shape))
    if kwargs.get("groups", 1) > 1 and (kwargs["in_channels"] % kwargs["groups"] or kwargs["out_channels"] % kwargs["groups"]):
        derivation = f"groups={kwargs['groups']} must divide in_channels and out_channels: PyTorch refuses the layer"
    return Question("valid", f"Does {conv_text(kwargs)} run on a {shape_text(shape)} batch? (yes/no)",
                    expected, derivation if expected else derivation, kwargs, shape)


def _values(rng: random.Random) -> list[float]:
    values = [float(rng.choice([-3, -2, -1.5, -1, -0.5, 0.5, 1, 2, 2.5, 4])) for _ in range(rng.randint(3, 6))]
    values[rng.randrange(len(values))] = 0.0  # exactly 0 shows the gradient's convention
    return values


def relu(rng: random.Random) -> Question:
    values = _values(rng)
    return Question("relu", f"x = {values}: relu(x)?", oracle.relu(values),
                    "max(x, 0), element by element: negatives become 0, the rest stay", None, None,
                    module="ReLU", extra={"values": values})


def relu_gradient(rng: random.Random) -> Question:
    values = _values(rng)
    return Question("relu_gradient", f"x = {values}: the gradient of relu(x).sum() with respect to x?",
                    oracle.relu_gradient(values), "1 where x > 0, else 0; PyTorch takes 0 at exactly x = 0",
                    None, None, module="ReLU", extra={"values": values})


DRAWERS = {"output_shape": output_shape, "output_size": output_size, "parameters": parameters, "macs": macs,
           "receptive_field": receptive_field, "valid": valid, "relu": relu, "relu_gradient": relu_gradient}
assert tuple(DRAWERS) == KINDS
