"""Learning rate per epoch under StepLR, CosineAnnealingLR and ReduceLROnPlateau (start lr 0.1).

ReduceLROnPlateau is driven by a made-up validation loss: 0.3 + 0.7 * exp(-epoch / 15)
plus Gaussian noise (sd 0.01, seed 0), drawn in the lower panel.
"""

import math

import matplotlib.pyplot as plt
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, ReduceLROnPlateau, StepLR

EPOCHS = 100


def _schedule(make_scheduler, val_losses=None):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = make_scheduler(optimizer)
    used = []
    for epoch in range(EPOCHS):
        used.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        if val_losses is None:
            scheduler.step()
        else:
            scheduler.step(val_losses[epoch])  # ReduceLROnPlateau watches the validation loss
    return used


def figures():
    g = torch.Generator().manual_seed(0)
    noise = 0.01 * torch.randn(EPOCHS, generator=g)
    val_losses = [0.3 + 0.7 * math.exp(-e / 15) + noise[e].item() for e in range(EPOCHS)]
    schedules = {
        "StepLR(step_size=30, gamma=0.1)": _schedule(lambda o: StepLR(o, step_size=30, gamma=0.1)),
        "CosineAnnealingLR(T_max=100)": _schedule(lambda o: CosineAnnealingLR(o, T_max=EPOCHS)),
        "ReduceLROnPlateau('min', patience=5)": _schedule(lambda o: ReduceLROnPlateau(o, "min", patience=5), val_losses),
    }
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 5.5), sharex=True, height_ratios=[2, 1])
    for label, lrs in schedules.items():
        top.step(range(EPOCHS), lrs, where="post", label=label)
    top.set_yscale("log")
    top.set_ylabel("learning rate")
    top.legend(fontsize=8)
    bottom.plot(range(EPOCHS), val_losses, color="grey")
    bottom.set_ylabel("val loss (made up)")
    bottom.set_xlabel("epoch")
    fig.tight_layout()
    return {"lr_schedules": fig}
