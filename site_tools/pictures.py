"""Draw the site's pictures with matplotlib; every number and shape in them is computed by torch.

    python site_tools/pictures.py OUT_DIR

Writes kernel-sliding.png, padding-stride-dilation.png, feature-maps.png and shape-flow.png. Seeded: the
same bytes every run.

Phone first: a picture is drawn at most WIDTH_IN inches wide with no text under MIN_FONT_PT points, so that
shown across a phone's 358-pixel column its smallest text is still 12 CSS pixels or more. Each PNG records the
height of its smallest text in image pixels (the text key SMALLEST_TEXT_KEY); the browser tests read it back
and measure the text as the page shows it.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from matplotlib.patches import FancyArrowPatch, Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from torch import nn  # noqa: E402

from grader.reference import reference  # noqa: E402  the ex07 solution: the pictures use the grader's numbers

SEED = 0
DPI = 200  # sharp on a phone's dense screen
WIDTH_IN = 4.3
MIN_FONT_PT = 11  # 11 pt over 4.3 in, shown 358 px wide: 11 / 72 * 358 / 4.3 = 12.7 CSS px
SMALLEST_TEXT_KEY = "Smallest text px"
TEXT = {"fontsize": MIN_FONT_PT}
MONO = {"fontsize": MIN_FONT_PT, "family": "monospace"}
COLOURS = {
    "input": "#bbdefb", "padding": "#e0e0e0", "kernel": "#e1bee7", "product": "#fff3e0",
    "output": "#fff3e0", "target": "#ffb74d", "window": "#e65100",
}


def shown(value: float) -> str:
    """A number as the pictures print it: no trailing .0, a true minus sign, no negative zero."""
    return f"{value + 0.0:g}".replace("-", "\u2212")


def drawn_texts(fig) -> list[Text]:
    """The texts of a figure that are drawn: its own, its axes' titles and texts, ticks only of visible axes."""
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        if ax.axison:
            texts += [ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels()]
    return [text for text in texts if text.get_visible() and text.get_text().strip()]


def save(fig, path: Path) -> None:
    """Save as PNG with the smallest text's size in pixels; refuse text too small for a phone."""
    smallest_pt = min(text.get_fontsize() for text in drawn_texts(fig))
    assert smallest_pt >= MIN_FONT_PT, f"{path.name}: {smallest_pt} pt text is unreadable on a phone"
    width_in = fig.get_size_inches()[0]
    assert width_in <= WIDTH_IN + 1e-9, f"{path.name}: {width_in} in wide, more than a phone can show"
    metadata = {"Software": None, SMALLEST_TEXT_KEY: f"{smallest_pt * DPI / 72:.1f}"}  # no version: same bytes
    fig.savefig(path, dpi=DPI, metadata=metadata)
    plt.close(fig)


def canvas(xlim: tuple[float, float], ylim: tuple[float, float]):
    """A figure WIDTH_IN wide with one frameless axes filling it, one data unit as tall as it is wide."""
    height = WIDTH_IN * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    fig.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def inch_axes(fig, left: float, top: float, width: float, height: float):
    """Frameless axes placed in inches from the figure's top-left corner."""
    fig_width, fig_height = fig.get_size_inches()
    ax = fig.add_axes((left / fig_width, 1 - (top + height) / fig_height, width / fig_width, height / fig_height))
    ax.axis("off")
    return ax


def synthetic_image(size: int = 64) -> torch.Tensor:
    """A (1, 3, size, size) image in [0, 1] drawn with numpy: a sky gradient, a red disc, a blue square, a green bar."""
    y, x = np.mgrid[0:size, 0:size] / (size - 1)
    red, green, blue = 0.25 + 0.2 * x, 0.35 + 0.2 * y, 0.75 - 0.3 * y  # a soft diagonal gradient
    disc = (x - 0.32) ** 2 + (y - 0.35) ** 2 < 0.2**2
    square = (abs(x - 0.7) < 0.15) & (abs(y - 0.68) < 0.15)
    bar = abs((x - y) - 0.45) < 0.06
    for mask, colour in ((bar, (0.1, 0.8, 0.2)), (disc, (0.9, 0.15, 0.1)), (square, (0.1, 0.2, 0.9))):
        red, green, blue = (np.where(mask, c, channel) for c, channel in zip(colour, (red, green, blue)))
    image = np.stack([red, green, blue]).astype(np.float32)  # (3, H, W)
    return torch.from_numpy(image).unsqueeze(0)  # (1, 3, H, W)


def seed_layer() -> nn.Conv2d:
    """The kit's seed convolution, with weights drawn from a fixed seed."""
    torch.manual_seed(SEED)
    return nn.Conv2d(in_channels=3, out_channels=8, kernel_size=3, padding=1)


def draw_grid(ax, values, left, top, colour, highlight=None, label=None):
    """A matrix of numbers as cells, row 0 at the top; `colour(r, c)` fills a cell; outline (row, col, h, w)."""
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            ax.add_patch(Rectangle((left + c, top - r - 1), 1, 1, facecolor=colour(r, c), edgecolor="#555", lw=0.6))
            ax.text(left + c + 0.5, top - r - 0.5, shown(values[r, c]), ha="center", va="center", **TEXT)
    if highlight is not None:
        r, c, h, w = highlight
        ax.add_patch(Rectangle((left + c, top - r - h), w, h, fill=False, edgecolor=COLOURS["window"], lw=2.5))
    if label is not None:
        ax.text(left + cols / 2, top + 0.25, label, ha="center", va="bottom", **TEXT)


# ── The kernel sliding: one output value, step by step ──────────────────────────────────────────────────────

def kernel_sliding_example() -> dict:
    """A 5x5 input, an asymmetric 3x3 kernel, padding 1, and the output computed by the grader's ex07 solution.

    The kernel is not symmetric under a half turn, so its flipped twin (a textbook convolution) gives another
    number at the position shown: the picture can show that Conv2d does not flip.
    """
    generator = torch.Generator().manual_seed(SEED)
    image = torch.randint(0, 4, (1, 1, 5, 5), generator=generator).float()  # (N, C_in, H, W)
    kernel = torch.tensor([[1.0, 2, 0], [0, 1, -1], [-2, 0, 1]]).view(1, 1, 3, 3)  # (C_out, C_in, K, K)
    output = reference("ex07_conv2d_loops").conv2d_loops(image, kernel, padding=1)  # (1, 1, 5, 5)
    assert torch.equal(output, F.conv2d(image, kernel, padding=1)), "ex07's solution disagrees with PyTorch"
    flipped = F.conv2d(image, kernel.flip(-2, -1), padding=1)  # the textbook convolution
    i, j = 2, 1
    assert flipped[0, 0, i, j] != output[0, 0, i, j], "pick a position where the flip shows"
    window = F.pad(image, (1, 1, 1, 1))[0, 0, i : i + 3, j : j + 3]  # (3, 3): output[i, j]'s window
    return {
        "image": image[0, 0], "kernel": kernel[0, 0], "output": output[0, 0], "position": (i, j),
        "window": window, "flipped value": flipped[0, 0, i, j].item(),
    }


def draw_kernel_sliding(path: Path) -> None:
    """The window of one output value on the padded input, the kernel as it is laid on it, and the sum."""
    example = kernel_sliding_example()
    kernel, window, output = example["kernel"].numpy(), example["window"].numpy(), example["output"].numpy()
    i, j = example["position"]
    padded = F.pad(example["image"], (1, 1, 1, 1)).numpy()  # (7, 7): a ring of zeros
    fig, ax = canvas((-0.1, 12.6), (-14.8, 1.1))

    def padding_or_input(r, c):
        return COLOURS["padding"] if r in (0, 6) or c in (0, 6) else COLOURS["input"]

    draw_grid(ax, padded, 0, 0, padding_or_input, highlight=(i, j, 3, 3), label="input, zero-padded")
    draw_grid(ax, kernel, 8.5, 0, lambda r, c: COLOURS["kernel"], label="kernel, as it is")
    draw_grid(ax, window * kernel, 8.5, -4.2, lambda r, c: COLOURS["product"], highlight=(0, 0, 3, 3),
              label="window \u00d7 kernel")
    draw_grid(ax, output, 0, -8.6, lambda r, c: COLOURS["target"] if (r, c) == (i, j) else COLOURS["output"],
              highlight=(i, j, 1, 1), label="output")

    terms = [
        " + ".join(f"{shown(w)}\u00b7{shown(k) if k >= 0 else f'({shown(k)})'}" for w, k in zip(w_row, k_row))
        for w_row, k_row in zip(window, kernel)
    ]
    lines = [f"output[{i}, {j}]", f"= {terms[0]}", *(f"+ {row}" for row in terms[1:]), f"= {shown(output[i, j])}"]
    ax.text(5.6, -8.4, "\n".join(lines), ha="left", va="top", linespacing=1.5, **MONO)
    ax.text(5.6, -12.9, f"A flipped kernel (a\ntextbook convolution)\nwould give {shown(example['flipped value'])}.",
            ha="left", va="top", linespacing=1.3, **TEXT)
    save(fig, path)


# ── Padding, stride and dilation: how each changes the output size ──────────────────────────────────────────

ROW = 8  # pixels in the row the windows slide along (a 64-pixel row would not fit a phone)
SETTINGS = [  # (title, Conv2d arguments beside kernel_size=3): the seed, then one change at a time
    ("the seed (padding=1)", {"padding": 1}),
    ("padding=0", {"padding": 0}),
    ("stride=2", {"padding": 1, "stride": 2}),
    ("dilation=2", {"padding": 1, "dilation": 2}),
]


def windows(size: int, kernel_size: int = 3, stride: int = 1, padding: int = 0, dilation: int = 1) -> list[list[int]]:
    """The padded-row positions each output's kernel taps, one list per output position."""
    span = dilation * (kernel_size - 1) + 1
    starts = range(0, size + 2 * padding - span + 1, stride)
    return [[start + dilation * tap for tap in range(kernel_size)] for start in starts]


def draw_padding_stride_dilation(path: Path) -> None:
    """Four panels: the seed layer, then padding 0, stride 2, dilation 2; each with its output size on 64x64."""
    xlim, ylim = (-0.1, 10.1), (-5.1, 2.8)  # data units: one pixel is one unit wide
    width = (WIDTH_IN - 0.15) / 2  # inches per panel, two panels a row
    height = width * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0])
    fig = plt.figure(figsize=(WIDTH_IN, 2 * height + 0.15))
    for number, (title, arguments) in enumerate(SETTINGS):
        ax = inch_axes(fig, 0.05 + (width + 0.05) * (number % 2), (height + 0.15) * (number // 2), width, height)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal")
        seed_like = nn.Conv2d(3, 8, kernel_size=3, **arguments)
        size_64 = seed_like(torch.zeros(1, 3, 64, 64)).shape[-1]  # (1, 8, H_out, W_out)
        size_row = seed_like(torch.zeros(1, 3, ROW, ROW)).shape[-1]
        taps = windows(ROW, kernel_size=3, **arguments)
        assert len(taps) == size_row, f"{title}: the drawing has {len(taps)} windows, PyTorch {size_row} outputs"
        padding = arguments["padding"]
        for x in range(ROW + 2 * padding):
            is_padding = x < padding or x >= ROW + padding
            ax.add_patch(Rectangle((x, 0), 1, 1, facecolor=COLOURS["padding" if is_padding else "input"],
                                   edgecolor="#555", lw=0.6))
        for row, window in enumerate(taps):
            y = -0.45 - 0.42 * row
            ax.plot([window[0] + 0.5, window[-1] + 0.5], [y, y], color=COLOURS["window"], lw=1.2)
            ax.plot([tap + 0.5 for tap in window], [y] * len(window), "o", color=COLOURS["window"], ms=3.2)
        bottom = -0.45 - 0.42 * len(taps) - 0.25
        for x in range(len(taps)):
            ax.add_patch(Rectangle((x, bottom - 0.9), 1, 0.9, facecolor=COLOURS["target"], edgecolor="#555", lw=0.6))
        ax.text(0, 2.7, title, ha="left", va="top", fontweight="bold", **TEXT)
        ax.text(0, 1.75, f"64\u00d764 \u2192 {size_64}\u00d7{size_64}", ha="left", va="top", **TEXT)
    save(fig, path)


# ── Feature maps before and after ReLU ──────────────────────────────────────────────────────────────────────

def draw_feature_maps(path: Path) -> None:
    """The seed layer's 8 feature maps on the synthetic image, four channels a row, each over its ReLU."""
    image = synthetic_image()
    with torch.no_grad():
        before = seed_layer()(image)[0]  # (8, 64, 64)
    after = torch.relu(before)
    size, pitch, title = 0.95, 1.06, 0.3  # inches: a map's side, the distance between columns, a title's height
    pair_top = 2.05  # the first conv row's title starts here
    pair_height = 2 * (title + size) + 0.2
    fig = plt.figure(figsize=(WIDTH_IN, pair_top + 2 * pair_height + 0.05))
    ax = inch_axes(fig, 0.05, title, 1.6, 1.6)
    ax.imshow(image[0].permute(1, 2, 0).numpy())  # (H, W, C) for matplotlib
    fig.text(0.05 / WIDTH_IN, 1, f"input {tuple(image.shape)}", ha="left", va="top", **TEXT)
    legend = ("red: positive\nblue: negative\nwhite: zero\n\n"
              "Under each conv map:\nthe same after ReLU,\nand its share of zeros")
    fig.text(1.95 / WIDTH_IN, 1 - title / fig.get_size_inches()[1], legend, ha="left", va="top", linespacing=1.3,
             **TEXT)
    for channel in range(before.shape[0]):
        limit = before[channel].abs().max().item()  # symmetric per channel: 0 is white in both rows
        left = 0.05 + pitch * (channel % 4)
        top = pair_top + pair_height * (channel // 4)
        zeros = (after[channel] == 0).float().mean().item()
        for maps, label, row in ((before, f"conv ch {channel}", 0), (after, f"{zeros:.1%} zero", 1)):
            ax = inch_axes(fig, left, top + row * (title + size) + title, size, size)
            ax.imshow(maps[channel].numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit)
            ax.set_title(label, pad=3, **TEXT)
    save(fig, path)


# ── The shapes through the block ────────────────────────────────────────────────────────────────────────────

def draw_shape_flow(path: Path) -> None:
    """The tensors' shapes through Conv2d and ReLU, top to bottom, as stacks of channel slabs."""
    layer, relu = seed_layer(), nn.ReLU()
    x = torch.zeros(1, 3, 64, 64)  # (N, C, H, W)
    y = layer(x)
    z = relu(y)
    stages = [
        (x, "input", ["#e53935", "#43a047", "#1e88e5"]),
        (y, "after Conv2d", ["#ffb74d"] * y.shape[1]),
        (z, "after ReLU", ["#ffb74d"] * z.shape[1]),
    ]
    weight, bias = tuple(layer.weight.shape), tuple(layer.bias.shape)
    steps = [f"Conv2d(3, 8, 3, padding=1)\nweight {weight}\nbias {bias}", "ReLU: element-wise,\nno parameters"]
    pitch, slab, step = 4.3, 1.6, 0.13  # a stage's height, a slab's side, the offset between slabs
    fig, ax = canvas((-0.1, 11.0), (-3 * pitch + 1.5, -0.6))
    for k, (tensor, name, colours) in enumerate(stages):
        base = -k * pitch - 2.6  # the front slab's lower edge
        for c, colour in enumerate(colours):  # one slab per channel, drawn back to front
            offset = step * (len(colours) - 1 - c)
            ax.add_patch(Rectangle((offset, base + offset), slab, slab, facecolor=colour, edgecolor="#333"))
        ax.text(3.0, base + slab / 2, f"{name}\n{tuple(tensor.shape)}", ha="left", va="center", linespacing=1.4,
                **TEXT)
        if k < len(steps):
            arrow_end = -(k + 1) * pitch + 0.05
            ax.add_patch(FancyArrowPatch((slab / 2, base - 0.15), (slab / 2, arrow_end), arrowstyle="-|>",
                                         mutation_scale=16, color="#333"))
            ax.text(3.0, (base + arrow_end) / 2, steps[k], ha="left", va="center", linespacing=1.3, **MONO)
    save(fig, path)


PICTURES = {
    "kernel-sliding.png": draw_kernel_sliding,
    "padding-stride-dilation.png": draw_padding_stride_dilation,
    "feature-maps.png": draw_feature_maps,
    "shape-flow.png": draw_shape_flow,
}


def main(out_dir: Path) -> None:
    """Draw every picture into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, draw in PICTURES.items():
        draw(out_dir / name)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
