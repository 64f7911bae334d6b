"""Draw the site's pictures with matplotlib; every number and shape in them is computed by torch.

    python site_tools/pictures.py OUT_DIR

Writes kernel-sliding.png, feature-maps.png and shape-flow.png. Seeded: the same bytes every run.
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
from torch import nn  # noqa: E402

SEED = 0
PNG_OPTIONS = {"dpi": 110, "metadata": {"Software": None}}  # no version stamp: reproducible bytes


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


def draw_grid(ax, values, left, top, cell_colour, highlight=None, blank=None):
    """Draw a matrix of numbers as cells, row 0 at the top; outline the (row, col, rows, cols) highlight."""
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            shown = blank is None or not blank[r, c]
            face = cell_colour(r, c) if shown else "white"
            ax.add_patch(Rectangle((left + c, top - r - 1), 1, 1, facecolor=face, edgecolor="#555", lw=0.6))
            if shown:
                ax.text(left + c + 0.5, top - r - 0.5, f"{values[r, c]:g}", ha="center", va="center", fontsize=8)
    if highlight is not None:
        r, c, h, w = highlight
        ax.add_patch(Rectangle((left + c, top - r - h), w, h, fill=False, edgecolor="#e65100", lw=2.5))


def draw_kernel_sliding(path: Path) -> None:
    """A 3x3 kernel sliding over a zero-padded 5x5 input, filling the 5x5 output cell by cell."""
    generator = torch.Generator().manual_seed(SEED)
    image = torch.randint(0, 4, (1, 1, 5, 5), generator=generator).float()  # (N, C, H, W)
    kernel = torch.tensor([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]]).view(1, 1, 3, 3)  # a Laplacian
    padded = F.pad(image, (1, 1, 1, 1))[0, 0].numpy()  # (7, 7): a ring of zeros
    output = F.conv2d(image, kernel, padding=1)[0, 0].numpy()  # (5, 5): same size as the input
    steps = [(0, 0), (0, 1), (2, 3)]
    fig, axes = plt.subplots(1, len(steps), figsize=(12, 3.6))
    for ax, (i, j) in zip(axes, steps):
        filled = np.arange(25).reshape(5, 5) > i * 5 + j  # the cells not computed yet

        def input_colour(r, c):
            return "#e0e0e0" if r in (0, 6) or c in (0, 6) else "#bbdefb"

        draw_grid(ax, padded, 0, 7, input_colour, highlight=(i, j, 3, 3))
        draw_grid(ax, output, 9, 6, lambda r, c: "#ffe0b2" if (r, c) == (i, j) else "#fff3e0",
                  highlight=(i, j, 1, 1), blank=filled)
        ax.add_patch(FancyArrowPatch((7.2, 3.5), (8.8, 3.5), arrowstyle="-|>", mutation_scale=14))
        ax.set_title(f"output[{i}, {j}] = sum(window x kernel) = {output[i, j]:g}", fontsize=9)
        ax.set_xlim(-0.2, 14.2)
        ax.set_ylim(-0.2, 7.6)
        ax.set_aspect("equal")
        ax.axis("off")
    axes[0].text(3.5, -0.1, "zero-padded input (grey: padding)", ha="center", va="top", fontsize=8)
    axes[0].text(11.5, 0.9, "output", ha="center", va="top", fontsize=8)
    kernel_text = "kernel\n" + "\n".join(" ".join(f"{v:>2g}" for v in row) for row in kernel[0, 0].tolist())
    fig.text(0.995, 0.5, kernel_text, ha="right", va="center", family="monospace", fontsize=9)
    fig.tight_layout(rect=(0, 0, 0.94, 1))
    fig.savefig(path, bbox_inches="tight", **PNG_OPTIONS)
    plt.close(fig)


def draw_feature_maps(path: Path) -> None:
    """The seed layer's 8 feature maps on the synthetic image, before and after ReLU."""
    image = synthetic_image()
    with torch.no_grad():
        before = seed_layer()(image)[0]  # (8, 64, 64)
    after = torch.relu(before)
    fig = plt.figure(figsize=(13, 3.6))
    grid = fig.add_gridspec(2, 9, width_ratios=[1.6] + [1] * 8)
    ax = fig.add_subplot(grid[:, 0])
    ax.imshow(image[0].permute(1, 2, 0).numpy())  # (H, W, C) for matplotlib
    ax.set_title(f"input {tuple(image.shape)}", fontsize=9)
    ax.axis("off")
    for row, (maps, name) in enumerate(((before, "conv"), (after, "ReLU"))):
        for channel in range(maps.shape[0]):
            ax = fig.add_subplot(grid[row, channel + 1])
            limit = before[channel].abs().max().item()  # symmetric per channel: 0 is white in both rows
            ax.imshow(maps[channel].numpy(), cmap="RdBu_r", vmin=-limit, vmax=limit)
            zeros = (maps[channel] <= 0).float().mean().item()
            ax.set_title(f"{name} ch {channel}" + (f"\n{zeros:.1%} zero" if row else ""), fontsize=8)
            ax.axis("off")
    fig.text(0.5, 0.08, "red: positive, blue: negative, white: zero", ha="center", fontsize=9)
    fig.savefig(path, bbox_inches="tight", **PNG_OPTIONS)
    plt.close(fig)


STAGE_WIDTH = 5.0  # room for a stack of slabs and the arrow after it


def draw_shape_flow(path: Path) -> None:
    """The tensors' shapes through Conv2d and ReLU, as stacks of channel slabs."""
    layer, relu = seed_layer(), nn.ReLU()
    x = torch.zeros(1, 3, 64, 64)  # (N, C, H, W)
    y = layer(x)
    z = relu(y)
    stages = [
        (x, "input", ["#e53935", "#43a047", "#1e88e5"]),
        (y, "after Conv2d", ["#ffb74d"] * y.shape[1]),
        (z, "after ReLU", ["#ffb74d"] * z.shape[1]),
    ]
    fig, ax = plt.subplots(figsize=(11, 3.4))
    for k, (tensor, name, colours) in enumerate(stages):
        left = k * STAGE_WIDTH
        for c, colour in enumerate(colours):  # one slab per channel, drawn back to front
            offset = 0.12 * (len(colours) - 1 - c)
            ax.add_patch(Rectangle((left + offset, 0.6 + offset), 1.6, 1.6, facecolor=colour, edgecolor="#333"))
        ax.text(left + 0.8, 0.35, f"{name}\n{tuple(tensor.shape)}", ha="center", va="top", fontsize=10)
    weight, bias = tuple(layer.weight.shape), tuple(layer.bias.shape)
    labels = [f"Conv2d(3, 8, 3,\npadding=1)\nweight {weight}\nbias {bias}", "ReLU\nelement-wise,\nno parameters"]
    for k, label in enumerate(labels):
        start = k * STAGE_WIDTH + 2.7
        ax.add_patch(FancyArrowPatch((start, 1.4), (start + 2.0, 1.4), arrowstyle="-|>", mutation_scale=18))
        ax.text(start + 1.0, 1.7, label, ha="center", va="bottom", fontsize=9)
    ax.set_xlim(-0.3, 2 * STAGE_WIDTH + 2.7)
    ax.set_ylim(-0.9, 4.1)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.savefig(path, bbox_inches="tight", **PNG_OPTIONS)
    plt.close(fig)


PICTURES = {
    "kernel-sliding.png": draw_kernel_sliding,
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
