"""Broadcasting diagram: a [3, 1] column and a [1, 4] row both expand to [3, 4]."""

import matplotlib.pyplot as plt
import torch


def figures():
    a = torch.arange(3.).unsqueeze(1)       # [3, 1]
    b = torch.arange(4.).unsqueeze(0) * 10  # [1, 4]
    panels = [("a: [3, 1]", a), ("b: [1, 4]", b), ("a + b: [3, 4]", a + b)]
    fig, axes = plt.subplots(1, 3, figsize=(9, 3))
    for ax, (title, t) in zip(axes, panels):
        ax.imshow(t.expand(3, 4), cmap="Oranges", vmin=-10, vmax=50, alpha=1.0)
        for (i, j), v in ((ij, t.expand(3, 4)[ij]) for ij in [(i, j) for i in range(3) for j in range(4)]):
            real = i < t.shape[0] and j < t.shape[1]
            ax.text(j, i, f"{v:g}", ha="center", va="center", color="black" if real else "grey",
                    fontstyle="normal" if real else "italic")
        ax.set_title(title)
        ax.set_xticks([]); ax.set_yticks([])
    return {"broadcast": fig}
