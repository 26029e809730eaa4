"""The notes' handwritten-digit program, corrected: MNIST, a 3-layer MLP, MSE on one-hot labels.

With internet (what the notes do), the first run downloads MNIST into ./mnist_data:

    python mnist_mlp.py

Offline, point it at a folder that already holds MNIST's raw files:

    python mnist_mlp.py --root DIR --no-download --epochs 3 --batch-size 16
"""

import argparse

import torch
from torch import nn
from torch.nn import functional as F
from torch import optim

import torchvision
from matplotlib import pyplot as plt

from utils import plot_image, plot_curve, one_hot

ROOT = "mnist_data"  # one folder for both splits


def load_data(root=ROOT, download=True, batch_size=512):
    # step1. load the data: ToTensor() gives [1, 28, 28] in [0, 1];
    # Normalize uses MNIST's training-set mean and std
    transform = torchvision.transforms.Compose([
        torchvision.transforms.ToTensor(),
        torchvision.transforms.Normalize((0.1307,), (0.3081,)),
    ])
    train_loader = torch.utils.data.DataLoader(
        torchvision.datasets.MNIST(root, train=True, download=download, transform=transform),
        batch_size=batch_size, shuffle=True)
    test_loader = torch.utils.data.DataLoader(
        torchvision.datasets.MNIST(root, train=False, download=download, transform=transform),
        batch_size=batch_size, shuffle=False)
    return train_loader, test_loader


class Net(nn.Module):

    def __init__(self):
        super().__init__()
        # xw+b
        self.fc1 = nn.Linear(28*28, 256)
        self.fc2 = nn.Linear(256, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        # x: [b, 784] (the caller flattens [b, 1, 28, 28])
        # h1 = relu(xw1+b1): [b, 256]
        x = F.relu(self.fc1(x))
        # h2 = relu(h1w2+b2): [b, 64]
        x = F.relu(self.fc2(x))
        # h3 = h2w3+b3: [b, 10]
        x = self.fc3(x)
        return x


def train(net, train_loader, epochs=3, log_every=10):
    # [w1, b1, w2, b2, w3, b3]
    optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    train_loss = []
    net.train()
    for epoch in range(epochs):
        for batch_idx, (x, y) in enumerate(train_loader):
            # x: [b, 1, 28, 28], y: [b]
            # [b, 1, 28, 28] => [b, 784]
            x = x.view(x.size(0), 28*28)
            # => [b, 10]
            out = net(x)
            # [b] => [b, 10]
            y_onehot = one_hot(y)
            # loss = mse(out, y_onehot)
            loss = F.mse_loss(out, y_onehot)

            optimizer.zero_grad()
            loss.backward()
            # w' = w - lr*grad
            optimizer.step()

            train_loss.append(loss.item())
            if log_every and batch_idx % log_every == 0:
                print(epoch, batch_idx, loss.item())
    return train_loss


@torch.no_grad()  # no graph is needed to evaluate
def evaluate(net, test_loader):
    net.eval()
    total_correct = 0
    for x, y in test_loader:
        x = x.view(x.size(0), 28*28)
        out = net(x)
        # out: [b, 10] => pred: [b]
        pred = out.argmax(dim=1)
        total_correct += pred.eq(y).sum().item()
    return total_correct / len(test_loader.dataset)


def main(root=ROOT, download=True, epochs=3, batch_size=512, seed=None, log_every=10):
    if seed is not None:
        torch.manual_seed(seed)
    train_loader, test_loader = load_data(root, download, batch_size)

    x, y = next(iter(train_loader))
    print(x.shape, y.shape, x.min(), x.max())
    samples = plot_image(x, y, "image sample")

    net = Net()
    train_loss = train(net, train_loader, epochs, log_every)
    curve = plot_curve(train_loss)

    acc = evaluate(net, test_loader)
    print("test acc:", acc)

    x, y = next(iter(test_loader))
    with torch.no_grad():
        out = net(x.view(x.size(0), 28*28))
    pred = out.argmax(dim=1)
    predictions = plot_image(x, pred, "test")
    return {"net": net, "train_loss": train_loss, "acc": acc,
            "figures": {"samples": samples, "curve": curve, "predictions": predictions}}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Train the notes' MLP on MNIST.")
    parser.add_argument("--root", default=ROOT, help="dataset folder (default: mnist_data)")
    parser.add_argument("--no-download", dest="download", action="store_false",
                        help="use the files already under ROOT/MNIST/raw")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=512)
    args = parser.parse_args()
    main(args.root, args.download, args.epochs, args.batch_size)
    plt.show()
