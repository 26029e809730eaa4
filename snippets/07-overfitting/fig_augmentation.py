"""Augmented digits: each row one training image, each column one torchvision.transforms.v2 transform.

The images are the first five of the offline MNIST training set (scikit-learn's 8x8 digits
upscaled to 28x28, docs_tools.reader.offline_mnist), read through torchvision.datasets.MNIST;
randomness from torch.manual_seed(0).
"""

import tempfile

import matplotlib.pyplot as plt
import torch
from torchvision import datasets
from torchvision.transforms import v2

from docs_tools.reader.offline_mnist import write_offline_mnist


def figures():
    to_tensor = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])
    columns = {
        "original": v2.Identity(),
        "HorizontalFlip": v2.RandomHorizontalFlip(p=1.0),
        "Rotation(30)": v2.RandomRotation(degrees=30, interpolation=v2.InterpolationMode.BILINEAR),
        "ResizedCrop\nscale=(0.5, 1)": v2.RandomResizedCrop(28, scale=(0.5, 1.0), antialias=True),
        "GaussianNoise\nsigma=0.2": v2.GaussianNoise(sigma=0.2),
        "RandomErasing": v2.RandomErasing(p=1.0, scale=(0.05, 0.15), value=0),
        "rotation + crop\n+ noise": v2.Compose([
            v2.RandomRotation(degrees=15, interpolation=v2.InterpolationMode.BILINEAR),
            v2.RandomResizedCrop(28, scale=(0.8, 1.0), antialias=True),
            v2.GaussianNoise(sigma=0.1),
        ]),
    }
    with tempfile.TemporaryDirectory() as root:
        write_offline_mnist(root)
        train_db = datasets.MNIST(root, train=True, download=False, transform=to_tensor)
        images = [train_db[i][0] for i in range(5)]
    torch.manual_seed(0)
    fig, axes = plt.subplots(len(images), len(columns), figsize=(1.3 * len(columns), 1.35 * len(images)))
    for row, image in enumerate(images):
        for col, (name, transform) in enumerate(columns.items()):
            ax = axes[row][col]
            ax.imshow(transform(image).squeeze(0), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            if row == 0:
                ax.set_title(name, fontsize=8)
    fig.tight_layout()
    return {"augmentation": fig}
