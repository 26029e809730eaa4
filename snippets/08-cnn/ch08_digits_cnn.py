"""Train a LeNet-5-style CNN on handwritten digits in MNIST's format.

With internet, ``python ch08_digits_cnn.py --download`` trains on the real
MNIST (60,000 + 10,000 images, downloaded once into ./mnist_data). This site's
tests run it offline on scikit-learn's 1,797 digits written as MNIST files
(docs_tools/offline_mnist.py): 1,438 for training, 359 held out.
"""

import argparse
import time

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class DigitsLeNet(nn.Module):
    """LeNet-5 for 1x28x28 images, with ReLU and max-pooling instead of tanh and average-pooling."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(),  # [6, 28, 28]
            nn.MaxPool2d(2),                                       # [6, 14, 14]
            nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(),            # [16, 10, 10]
            nn.MaxPool2d(2),                                       # [16, 5, 5]
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),                                          # [400]
            nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, num_classes),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def mnist_loaders(root, download, batch_size=32):
    """Training loader (shuffled, seeded) and test loader for MNIST-format files under root."""
    transform = transforms.Compose([
        transforms.ToTensor(),                       # uint8 [28, 28] -> float [1, 28, 28] in [0, 1]
        transforms.Normalize((0.1307,), (0.3081,)),  # MNIST's mean and std
    ])
    train_set = datasets.MNIST(root, train=True, download=download, transform=transform)
    test_set = datasets.MNIST(root, train=False, download=download, transform=transform)
    shuffle_order = torch.Generator().manual_seed(0)
    return (DataLoader(train_set, batch_size=batch_size, shuffle=True, generator=shuffle_order),
            DataLoader(test_set, batch_size=500))


def train_one_epoch(model, loader, loss_fn, optimizer, device):
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        logits = model(images)
        loss = loss_fn(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (logits.argmax(dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen


@torch.no_grad()
def evaluate(model, loader, loss_fn, device):
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        logits = model(images)
        total_loss += loss_fn(logits, labels).item() * len(labels)
        correct += (logits.argmax(dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen


def train(root="mnist_data", download=False, epochs=6, lr=2e-3, seed=0, log=print):
    """Train from a fixed seed; returns the model and the per-epoch history."""
    torch.manual_seed(seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, test_loader = mnist_loaders(root, download)
    model = DigitsLeNet().to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = {"train_loss": [], "train_acc": [], "test_loss": [], "test_acc": []}
    for epoch in range(1, epochs + 1):
        train_loss, train_acc = train_one_epoch(model, train_loader, loss_fn, optimizer, device)
        test_loss, test_acc = evaluate(model, test_loader, loss_fn, device)
        for key, value in zip(history, (train_loss, train_acc, test_loss, test_acc)):
            history[key].append(value)
        log(f"epoch {epoch}: train loss {train_loss:.4f} acc {train_acc:.3f} | "
            f"test loss {test_loss:.4f} acc {test_acc:.3f}")
    return model, history


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="mnist_data")
    parser.add_argument("--download", action="store_true", help="fetch the real MNIST (needs internet)")
    parser.add_argument("--epochs", type=int, default=6)
    args = parser.parse_args()
    if not args.download:  # offline: write the stand-in digits as MNIST files first
        from docs_tools.offline_mnist import write_offline_mnist
        write_offline_mnist(args.root)
    start = time.perf_counter()
    train(args.root, download=args.download, epochs=args.epochs)
    print(f"{time.perf_counter() - start:.1f} s")
