"""Diagrams: single-output and multi-output perceptrons, and a two-layer MLP with its deltas."""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch


def node(ax, xy, text, color="white", r=0.32, fontsize=11):
    ax.add_patch(Circle(xy, r, facecolor=color, edgecolor="black", lw=1.2, zorder=3))
    ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, zorder=4)


def arrow(ax, a, b, label=None, color="black", shrink=22, frac=0.35, ls="-", offset=(0, 0.12)):
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=12, color=color, lw=1,
                                 shrinkA=shrink, shrinkB=shrink, ls=ls, zorder=2))
    if label:
        x = a[0] + (b[0] - a[0]) * frac + offset[0]
        y = a[1] + (b[1] - a[1]) * frac + offset[1]
        ax.text(x, y, label, fontsize=9, color=color, ha="center", va="bottom",
                bbox=dict(facecolor="white", edgecolor="none", pad=0.5))


def box(ax, xy, text, w=2.6, h=0.7):
    ax.add_patch(FancyBboxPatch((xy[0] - w / 2, xy[1] - h / 2), w, h, boxstyle="round,pad=0.05",
                                facecolor="#fff3e0", edgecolor="black"))
    ax.text(*xy, text, ha="center", va="center", fontsize=11)


def canvas(width, height):
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def inputs(ax, x=0.0, middle="1"):
    ys = {"0": 3.0, middle: 2.0, "n": 0.0}
    for j, y in ys.items():
        node(ax, (x, y), rf"$x_{j}^0$", "#e3f2fd")
    ax.text(x, 1.05, r"$\vdots$", ha="center", va="center", fontsize=14)
    ax.text(x, 3.75, "input layer 0", ha="center", fontsize=10)
    return ys


def single():
    fig, ax = canvas(9, 4.2)
    ys = inputs(ax)
    out = (3.5, 1.5)
    node(ax, out, r"$\Sigma$", "#fff9c4", r=0.4)
    ax.text(out[0], out[1] + 0.62, r"$x_0^1 = \sum_j w_{j0}^1 x_j^0$", ha="center", fontsize=10)
    for j, y in ys.items():
        arrow(ax, (0, y), out, rf"$w_{{{j}0}}^1$", frac=0.45)
    sig = (5.6, 1.5)
    node(ax, sig, r"$O_0^1$", "#c8e6c9", r=0.4)
    arrow(ax, out, sig, r"$\sigma$", frac=0.5)
    box(ax, (8.1, 1.5), r"$E = \frac{1}{2}(O_0^1 - t)^2$")
    arrow(ax, sig, (6.8, 1.5), shrink=14)
    ax.set_xlim(-0.6, 9.6)
    ax.set_ylim(-0.6, 4.1)
    return fig


def multi():
    fig, ax = canvas(9.5, 4.6)
    ys = inputs(ax, middle="j")
    outs = {"0": 3.0, "k": 1.8, "K-1": 0.0}  # K outputs: 0, ..., K - 1
    for k, y in outs.items():
        size = 11 if len(k) == 1 else 9
        node(ax, (3.6, y), rf"$x_{{{k}}}^1$", "#fff9c4", fontsize=size)
        node(ax, (5.6, y), rf"$O_{{{k}}}^1$", "#c8e6c9", fontsize=size)
        arrow(ax, (3.6, y), (5.6, y), r"$\sigma$", frac=0.5)
        arrow(ax, (5.6, y), (6.75, y), shrink=14)
        for j, yj in ys.items():
            highlight = (j, k) == ("j", "k")
            arrow(ax, (0, yj), (3.6, y), r"$w_{jk}^1$" if highlight else None,
                  color="tab:red" if highlight else "0.55", frac=0.5)
    ax.text(3.6, 0.95, r"$\vdots$", ha="center", va="center", fontsize=14)
    ax.text(5.6, 0.95, r"$\vdots$", ha="center", va="center", fontsize=14)
    ax.text(3.6, 3.75, "layer 1", ha="center", fontsize=10)
    box(ax, (8.3, 1.5), r"$E = \frac{1}{2}\sum_k (O_k^1 - t_k)^2$", w=3.0, h=3.6)
    ax.set_xlim(-0.6, 10)
    ax.set_ylim(-0.6, 4.1)
    return fig


def mlp():
    fig, ax = canvas(10, 4.8)
    layers = [("I", 0.0, ["i"]), ("J", 3.2, ["j"]), ("K", 6.4, ["k"])]
    ys = [3.0, 1.5, 0.0]
    colors = {"I": "#e3f2fd", "J": "#fff9c4", "K": "#c8e6c9"}
    for name, x, _ in layers:
        index = {"I": "i", "J": "j", "K": "k"}[name]
        for n, y in enumerate(ys):
            node(ax, (x, y), rf"$O_{index}^{name}$" if n == 1 else "", colors[name])
        ax.text(x, 3.75, f"layer {name}", ha="center", fontsize=10)
    for (_, xa, _), (nb, xb, _) in zip(layers, layers[1:]):
        for ya in ys:
            for yb in ys:
                arrow(ax, (xa, ya), (xb, yb), color="0.7", shrink=20)
    arrow(ax, (0, 1.5), (3.2, 1.5), r"$w_{ij}^J$", color="tab:red", frac=0.5)
    arrow(ax, (3.2, 1.5), (6.4, 1.5), r"$w_{jk}^K$", color="tab:red", frac=0.5)
    box(ax, (8.9, 1.5), r"$E = \frac{1}{2}\sum_k (O_k^K - t_k)^2$", w=2.9, h=3.6)
    # backward: the deltas flow from E to the inputs
    arrow(ax, (8.6, -0.6), (6.5, -0.6), color="tab:blue", shrink=0)
    arrow(ax, (6.3, -0.6), (3.2, -0.6), color="tab:blue", shrink=0)
    ax.text(7.5, -1.0, r"$\delta_k^K = (O_k - t_k)\,O_k(1 - O_k)$", color="tab:blue", ha="center", va="top", fontsize=10)
    ax.text(4.6, -1.0, r"$\delta_j^J = O_j(1 - O_j)\sum_k \delta_k^K w_{jk}^K$", color="tab:blue", ha="center", va="top", fontsize=10)
    ax.text(2.9, -0.6, "backward", color="tab:blue", ha="right", va="center", fontsize=10)
    ax.set_xlim(-0.6, 10.5)
    ax.set_ylim(-1.7, 4.1)
    return fig


def figures():
    return {"perceptron_single": single(), "perceptron_multi": multi(), "mlp_backprop": mlp()}
