"""Training and validation loss of the early_stopping.pycon model, trained on past its stopping point.

Same data (scikit-learn's 8x8 digits: 100 training, 500 validation samples, split with seed 0),
model and optimizer as the snippet; here it trains for 60 epochs so the rise of the
validation loss is visible. Marked: the best epoch and where patience=5 stops training.
"""

import matplotlib.pyplot as plt
import torch
from sklearn.datasets import load_digits
from torch import nn

PATIENCE = 5


def figures():
    digits = load_digits()
    X = torch.tensor(digits.data, dtype=torch.float32) / 16
    y = torch.tensor(digits.target)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(0))
    train_idx, val_idx = order[:100], order[100:600]
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    train_losses, val_losses = [], []
    for epoch in range(60):
        loss = nn.functional.cross_entropy(model(X[train_idx]), y[train_idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            train_losses.append(nn.functional.cross_entropy(model(X[train_idx]), y[train_idx]).item())
            val_losses.append(nn.functional.cross_entropy(model(X[val_idx]), y[val_idx]).item())

    best, bad, stop = 0, 0, None  # the rule of EarlyStopping.step
    for epoch, val in enumerate(val_losses):
        if val < val_losses[best]:
            best, bad = epoch, 0
        elif epoch > 0:
            bad += 1
        if bad >= PATIENCE:
            stop = epoch
            break

    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.plot(train_losses, label="training loss")
    ax.plot(val_losses, label="validation loss")
    ax.axvline(best, color="tab:green", linestyle="--", label=f"best epoch ({best}): weights kept")
    ax.axvline(stop, color="tab:red", linestyle=":", label=f"stop ({stop}): {PATIENCE} epochs without improvement")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss")
    ax.set_yscale("log")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return {"early_stopping": fig}
