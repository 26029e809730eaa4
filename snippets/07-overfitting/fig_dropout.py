"""Dropout on a small fully connected network: all units (eval) and one training step's mask.

The mask is what torch.nn.Dropout(p=0.5) draws in training mode after torch.manual_seed(3),
applied to the two hidden layers, as in the chapter's net_dropped.
"""

import matplotlib.pyplot as plt
import torch

SIZES = [4, 6, 6, 3]  # input, hidden, hidden, output


def _draw(ax, masks, title):
    xs = range(len(SIZES))
    pos = [[(x, (n - 1) / 2 - i) for i in range(n)] for x, n in zip(xs, SIZES)]
    for layer in range(len(SIZES) - 1):
        for i, a in enumerate(pos[layer]):
            for j, b in enumerate(pos[layer + 1]):
                if masks[layer][i] and masks[layer + 1][j]:
                    ax.plot([a[0], b[0]], [a[1], b[1]], color="grey", linewidth=0.7, zorder=1)
    for layer, points in enumerate(pos):
        for (x, y), kept in zip(points, masks[layer]):
            if kept:
                ax.scatter(x, y, s=260, color="tab:orange", edgecolor="black", zorder=2)
            else:
                ax.scatter(x, y, s=260, color="white", edgecolor="lightgrey", zorder=2)
                ax.plot([x - 0.12, x + 0.12], [y - 0.25, y + 0.25], color="tab:red", linewidth=1.5, zorder=3)
                ax.plot([x - 0.12, x + 0.12], [y + 0.25, y - 0.25], color="tab:red", linewidth=1.5, zorder=3)
    ax.set_title(title, fontsize=10)
    ax.set_xticks(list(xs), ["input", "hidden 1", "hidden 2", "output"])
    ax.set_yticks([])
    ax.set_xlim(-0.5, len(SIZES) - 0.5)
    ax.set_ylim(-3.5, 3.5)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def figures():
    torch.manual_seed(3)  # a seed whose mask keeps about half of each layer, as p = 0.5 does on average
    drop = torch.nn.Dropout(p=0.5)  # a new module is in training mode
    hidden = [(drop(torch.ones(n)) != 0).tolist() for n in SIZES[1:-1]]
    all_units = [[True] * n for n in SIZES]
    dropped = [all_units[0], *hidden, all_units[-1]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    _draw(left, all_units, "model.eval(): every unit and connection")
    _draw(right, dropped, "model.train(): one random mask, p = 0.5\n(kept outputs scaled by 1/(1-p) = 2)")
    fig.tight_layout()
    return {"dropout": fig}
