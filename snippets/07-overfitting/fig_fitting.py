"""Under- and over-fitting: polynomials of rising degree fitted to the same 15 noisy points.

The data and the fit are those of polynomial_degrees.pycon: y = sin(3x) + noise (sd 0.2)
at 15 evenly spaced x in [-1, 1] (seed 0), 200 validation points from the same generator.
"""

import matplotlib.pyplot as plt
import torch


def _data():
    g = torch.Generator().manual_seed(0)
    x_train = torch.linspace(-1, 1, 15, dtype=torch.float64)
    y_train = torch.sin(3 * x_train) + 0.2 * torch.randn(15, generator=g, dtype=torch.float64)
    x_val = torch.rand(200, generator=g, dtype=torch.float64) * 2 - 1
    y_val = torch.sin(3 * x_val) + 0.2 * torch.randn(200, generator=g, dtype=torch.float64)
    return x_train, y_train, x_val, y_val


def _fit(x, y, degree):
    return torch.linalg.lstsq(torch.vander(x, degree + 1), y).solution


def figures():
    x_train, y_train, x_val, y_val = _data()
    grid = torch.linspace(-1, 1, 400, dtype=torch.float64)
    panels = [(1, "underfitting"), (3, "good fit"), (14, "overfitting")]
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), sharey=True)
    for ax, (degree, verdict) in zip(axes, panels):
        coef = _fit(x_train, y_train, degree)
        val_mse = ((torch.vander(x_val, degree + 1) @ coef - y_val) ** 2).mean().item()
        ax.plot(grid, torch.sin(3 * grid), "--", color="grey", label="true: sin(3x)")
        ax.plot(grid, torch.vander(grid, degree + 1) @ coef, color="tab:orange", label=f"degree {degree} fit")
        ax.scatter(x_train, y_train, color="tab:blue", s=18, zorder=3, label="training points")
        ax.set_title(f"degree {degree}: {verdict}\nval MSE {val_mse:.3f}")
        ax.set_ylim(-2.2, 2.2)
        ax.set_xlabel("x")
    axes[0].set_ylabel("y")
    axes[0].legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return {"fitting": fig}
