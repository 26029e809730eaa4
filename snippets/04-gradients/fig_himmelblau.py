"""Himmelblau's function: the notes' 3-D surface, and a contour map with Adam's paths from the notes' starts.

Adam with lr = 1e-2 for 2,000 steps (the notes use lr = 1e-3 for 20,000 steps;
both reach the same minima, see test_gradients_training.py).
"""

import matplotlib.pyplot as plt
import numpy as np
import torch

STARTS = [[0., 0.], [1., 0.], [-4., 0.], [4., 0.]]
MINIMA = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]


def himmelblau(x):
    return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2


def paths(lr=1e-2, steps=2000):
    """Positions of every start after each step: [steps + 1, 4, 2]. One Adam run per start."""
    x = torch.tensor(STARTS).t().clone().requires_grad_()  # [2, 4]
    optimizer = torch.optim.Adam([x], lr=lr)
    trace = [x.detach().t().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        himmelblau(x).sum().backward()
        optimizer.step()
        trace.append(x.detach().t().clone())
    return torch.stack(trace).numpy()


def figures():
    x = np.arange(-6, 6, 0.1)
    y = np.arange(-6, 6, 0.1)
    X, Y = np.meshgrid(x, y)
    Z = himmelblau([X, Y])

    # Only the surface is a bitmap (rasterized=True, 150 dpi: about 75 KB instead of 600 KB of
    # SVG polygons); axes, ticks and labels stay vector. antialiased=False: no seams between faces.
    surface = plt.figure("himmelblau", figsize=(6, 5), dpi=150)
    ax = surface.add_subplot(projection="3d")  # the notes' fig.gca(projection='3d') fails in matplotlib >= 3.6
    ax.plot_surface(X, Y, Z, cmap="viridis", linewidth=0, antialiased=False, rasterized=True)
    ax.view_init(60, -30)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title("Himmelblau: $f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$", fontsize=10)

    trace = paths()
    contour, ax2 = plt.subplots(figsize=(6, 5.4))
    levels = np.concatenate([[0.5, 2, 5], np.arange(10, 200, 15), np.arange(200, 2000, 150)])
    ax2.contour(X, Y, Z, levels=levels, cmap="viridis", linewidths=0.7)
    colors = ["tab:red", "tab:orange", "tab:blue", "tab:purple"]
    for s, (start, color) in enumerate(zip(STARTS, colors)):
        ax2.plot(trace[:, s, 0], trace[:, s, 1], color=color, lw=2, label=f"start {tuple(start)}")
        ax2.plot(*start, "o", color=color, ms=6)
    ax2.plot(*zip(*MINIMA), "k*", ms=12, label="minima, f = 0")
    ax2.set_xlabel("x")
    ax2.set_ylabel("y")
    ax2.set_aspect("equal")
    ax2.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8)
    ax2.set_title("Adam (lr = 0.01, 2000 steps) from the notes' starting points", fontsize=10)
    return {"himmelblau_surface": surface, "himmelblau_contour": contour}
