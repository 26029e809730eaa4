"""A 3x3 kernel sliding over a 5x5 input: without padding (stride 1), and with padding 1 and stride 2.

The numbers are real: the output is computed with torch.nn.functional.conv2d
(which, like every deep-learning "convolution", is a cross-correlation: the
kernel is not flipped).
"""

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from matplotlib.patches import Rectangle

COLOURS = ["tab:red", "tab:blue", "tab:green"]


def _grid(ax, values, title, grey_border=0):
    n_rows, n_cols = values.shape
    ax.imshow(torch.zeros_like(values), cmap="Greys", vmin=0, vmax=1)
    for i in range(n_rows):
        for j in range(n_cols):
            padded = grey_border and (i < grey_border or j < grey_border
                                      or i >= n_rows - grey_border or j >= n_cols - grey_border)
            if padded:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, color="0.88"))
            ax.text(j, i, f"{values[i, j]:g}", ha="center", va="center", fontsize=11,
                    color="0.45" if padded else "black")
    ax.set_xticks([x - 0.5 for x in range(n_cols + 1)], labels=[])
    ax.set_yticks([y - 0.5 for y in range(n_rows + 1)], labels=[])
    ax.grid(color="0.6", linewidth=0.8)
    ax.tick_params(length=0)
    ax.set_title(title, fontsize=11)


def _window(ax, row, col, size, colour, inset=0.0):
    ax.add_patch(Rectangle((col - 0.5 + inset, row - 0.5 + inset), size - 2 * inset, size - 2 * inset,
                           fill=False, edgecolor=colour, linewidth=2.5, clip_on=False))


def _row(axes, x, kernel, stride, padding, positions):
    out = F.conv2d(x[None, None], kernel[None, None], stride=stride, padding=padding)[0, 0]
    shown = F.pad(x, (padding,) * 4)
    _grid(axes[0], shown, f"input 5x5, padding={padding}", grey_border=padding)
    _grid(axes[1], kernel, "kernel 3x3")
    _grid(axes[2], out, f"output {out.shape[0]}x{out.shape[1]} (stride={stride})")
    for k, ((i, j), colour) in enumerate(zip(positions, COLOURS)):
        _window(axes[0], i * stride, j * stride, 3, colour, inset=0.06 * k)
        _window(axes[2], i, j, 1, colour, inset=0.05)


def figures():
    torch.manual_seed(0)
    x = torch.randint(0, 4, (5, 5)).float()
    kernel = torch.tensor([[1., 0., -1.], [1., 0., -1.], [1., 0., -1.]])
    fig, axes = plt.subplots(2, 3, figsize=(10, 6.5), gridspec_kw={"width_ratios": [6, 3, 3]})
    _row(axes[0], x, kernel, stride=1, padding=0, positions=[(0, 0), (0, 1), (1, 0)])
    _row(axes[1], x, kernel, stride=2, padding=1, positions=[(0, 0), (0, 1), (1, 0)])
    for ax in axes[:, 1]:
        ax.set_anchor("C")
    fig.suptitle("Each output value = sum(window * kernel): the window moves by the stride", fontsize=12)
    fig.tight_layout()
    return {"conv_sliding": fig}
