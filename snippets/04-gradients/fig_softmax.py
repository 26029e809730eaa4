"""Softmax turns logits into probabilities that sum to 1 (the logits of softmax.pycon)."""

import matplotlib.pyplot as plt
import torch
from torch.nn import functional as F


def figures():
    logits = torch.tensor([2.0, 1.0, 0.1])
    p = F.softmax(logits, dim=0)
    names = ["$a_1$", "$a_2$", "$a_3$"]
    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(9, 3.2), width_ratios=[1, 0.4, 1])
    middle.axis("off")
    middle.annotate("", xy=(1, 0.5), xytext=(0, 0.5), xycoords="axes fraction",
                    arrowprops=dict(arrowstyle="-|>", lw=1.5))
    middle.text(0.5, 0.6, "softmax", ha="center", va="bottom", transform=middle.transAxes, fontsize=12)
    left.bar(range(3), logits.numpy(), color="tab:gray")
    for i, v in enumerate(logits.tolist()):
        left.text(i, v + 0.05, f"{v:.1f}", ha="center")
    left.set_xticks(range(3), names)
    left.set_title("logits $a_i$")
    left.set_ylim(0, 2.5)
    right.bar(range(3), p.numpy(), color="tab:orange")
    for i, v in enumerate(p.tolist()):
        right.text(i, v + 0.02, f"{v:.3f}", ha="center")
    right.set_xticks(range(3), ["$p_1$", "$p_2$", "$p_3$"])
    right.set_title(r"$p_i = e^{a_i} / \sum_j e^{a_j}$  (sum = 1)")
    right.set_ylim(0, 1)
    fig.tight_layout()
    return {"softmax": fig}
