"""Broadcasting diagram for a + b with a: [3, 1] and b: [4] (the data of broadcast_add.pycon).

Shapes are aligned on the right: b's missing leading dim counts as 1, so b is
[1, 4]; then every size-1 dim is stretched to the other operand's size, giving
[3, 4]. Solid cells hold the tensor's real elements; dashed, faded cells are
the virtual copies that broadcasting reads without allocating memory.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle
import torch

ROWS, COLS = 3, 4


def _grid(ax, values, real_shape, title, color):
    """Draw a ROWS x COLS grid; cells outside real_shape are virtual copies."""
    for i in range(ROWS):
        for j in range(COLS):
            real = i < real_shape[0] and j < real_shape[1]
            ax.add_patch(Rectangle((j, ROWS - 1 - i), 1, 1,
                                   facecolor=color if real else "white",
                                   edgecolor="black" if real else "grey",
                                   linestyle="-" if real else "--",
                                   linewidth=1.2 if real else 0.8))
            ax.text(j + 0.5, ROWS - 0.5 - i, f"{values[i, j].item():g}", ha="center", va="center",
                    fontsize=12, color="black" if real else "grey",
                    fontstyle="normal" if real else "italic")
    ax.set_xlim(-0.1, COLS + 0.1)
    ax.set_ylim(-0.1, ROWS + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=12)


def figures():
    a = torch.arange(3.).unsqueeze(1)   # shape [3, 1]
    b = torch.arange(4.) * 10           # shape [4], treated as [1, 4]
    result = a + b                      # shape [3, 4]
    assert result.shape == (ROWS, COLS)

    fig, axes = plt.subplots(1, 3, figsize=(10, 3.4))
    _grid(axes[0], a.expand(ROWS, COLS), (3, 1), "a: [3, 1] -> [3, 4]", "#ffcc80")
    _grid(axes[1], b.expand(ROWS, COLS), (1, 4), "b: [4] -> [1, 4] -> [3, 4]", "#90caf9")
    _grid(axes[2], result, (3, 4), "a + b: [3, 4]", "#c5e1a5")
    fig.subplots_adjust(wspace=0.3, bottom=0.12)
    for left, right, sign in ((axes[0], axes[1], "+"), (axes[1], axes[2], "=")):
        x = (left.get_position().x1 + right.get_position().x0) / 2
        fig.text(x, 0.5, sign, fontsize=22, ha="center", va="center")
    fig.text(0.5, 0.12,
             "align shapes on the right:  a [3, 1]  b [_, 4] -> [1, 4];  "
             "each dim: equal, 1 or missing  ->  [3, 4]",
             ha="center", va="bottom", fontsize=10, family="monospace")
    return {"broadcast": fig}
