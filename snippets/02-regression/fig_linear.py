"""Linear regression fitted by hand-written gradient descent and by autograd + SGD; logistic regression.

The data and the loops are those of linear_by_hand.pycon, linear_autograd.pycon
and logistic_regression.pycon (same seeds, same numbers).
"""

import matplotlib.pyplot as plt
import torch
from torch.nn import functional as F


def linear_data():
    torch.manual_seed(0)
    x = torch.rand(100) * 2 - 1
    y = 2.0 * x + 1.0 + 0.2 * torch.randn(100)
    return x, y


def fit_by_hand(x, y, lr=0.1, steps=200):
    w, b, losses = torch.tensor(0.0), torch.tensor(0.0), []
    for _ in range(steps):
        err = y - (w * x + b)
        losses.append((err ** 2).mean().item())
        w, b = w - lr * (-2 * err * x).mean(), b - lr * (-2 * err).mean()
    return w.item(), b.item(), losses


def fit_autograd(x, y, lr=0.1, steps=200):
    w = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    losses = []
    for _ in range(steps):
        loss = F.mse_loss(w * x + b, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return w.item(), b.item(), losses


def logistic_fit():
    torch.manual_seed(0)
    x = torch.cat([torch.randn(50) - 1.5, torch.randn(50) + 1.5])
    y = torch.cat([torch.zeros(50), torch.ones(50)])
    w = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=0.5)
    for _ in range(300):
        loss = F.binary_cross_entropy_with_logits(w * x + b, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return x, y, w.item(), b.item()


def figures():
    x, y = linear_data()
    x, y = x.numpy(), y.numpy()  # matplotlib wants arrays
    w1, b1, loss1 = fit_by_hand(torch.from_numpy(x), torch.from_numpy(y))
    w2, b2, loss2 = fit_autograd(torch.from_numpy(x), torch.from_numpy(y))

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.scatter(x, y, s=12, color="tab:gray", label="data: y = 2x + 1 + noise")
    grid = torch.linspace(-1, 1, 2).numpy()
    left.plot(grid, w1 * grid + b1, color="tab:orange", lw=3, label=f"by hand: y = {w1:.3f}x + {b1:.3f}")
    left.plot(grid, w2 * grid + b2, "k--", lw=1.5, label=f"autograd + SGD: y = {w2:.3f}x + {b2:.3f}")
    left.set_xlabel("x"); left.set_ylabel("y"); left.legend(loc="upper left", fontsize=9)
    left.set_title("data and fitted line")
    right.plot(loss1, color="tab:orange", lw=3, label="by hand")
    right.plot(loss2, "k--", lw=1.5, label="autograd + SGD")
    right.set_yscale("log"); right.set_xlabel("step"); right.set_ylabel("MSE loss (log scale)")
    right.set_title("loss going down"); right.legend()
    fig.tight_layout()

    xs, ys, w, b = logistic_fit()
    fig2, ax = plt.subplots(figsize=(6, 3.5))
    ax.scatter(xs.numpy(), ys.numpy(), s=14, c=ys.numpy(), cmap="coolwarm", label="data (class 0 / class 1)")
    grid = torch.linspace(-5, 5, 200)
    ax.plot(grid.numpy(), torch.sigmoid(w * grid + b).numpy(), color="k", label=rf"$\sigma({w:.2f}x {b:+.2f})$")
    ax.axhline(0.5, color="gray", lw=0.8, ls=":")
    ax.set_xlabel("x"); ax.set_ylabel("P(y = 1 | x)"); ax.legend(loc="center right")
    fig2.tight_layout()
    return {"linear_regression": fig, "logistic_regression": fig2}
