"""The notes' multi-class logistic regression with hand-written weights, corrected so that it learns.

Two changes to the notes' code (see the erratum on the page):

1. ``kaiming_normal_`` scales the random weights; ``torch.randn`` alone gives
   every layer's output about sqrt(fan_in) times the scale of its input.
2. The last layer returns the logits as they are. A ReLU there turns every
   negative logit into 0, and with the unscaled weights all of them at once:
   the loss sticks at ln(10) and no gradient flows.

With internet (downloads MNIST into ./mnist_data):  python gradients_logreg.py
Offline:  python gradients_logreg.py --root DIR --no-download
"""

import argparse

import torch
import torchvision
from torch import nn, optim
from torch.nn import functional as F

batch_size = 32
learning_rate = 0.01
epochs = 3


def load_data(root="mnist_data", download=True, batch_size=batch_size):
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


def init_weights():
    """[w1, b1, w2, b2, w3, b3]; w has the shape [out, in], as nn.Linear's weight."""
    w1, b1 = torch.randn(200, 784, requires_grad=True), torch.zeros(200, requires_grad=True)
    w2, b2 = torch.randn(200, 200, requires_grad=True), torch.zeros(200, requires_grad=True)
    w3, b3 = torch.randn(10, 200, requires_grad=True), torch.zeros(10, requires_grad=True)
    # fix 1: scale them (He et al., 2015): std = sqrt(2 / fan_in)
    torch.nn.init.kaiming_normal_(w1)
    torch.nn.init.kaiming_normal_(w2)
    torch.nn.init.kaiming_normal_(w3)
    return [w1, b1, w2, b2, w3, b3]


def forward(x, params):
    w1, b1, w2, b2, w3, b3 = params
    x = x @ w1.t() + b1
    x = F.relu(x)
    x = x @ w2.t() + b2
    x = F.relu(x)
    x = x @ w3.t() + b3
    # fix 2: no ReLU here; CrossEntropyLoss takes the raw logits
    return x


def train(params, train_loader, epochs=epochs, lr=learning_rate, forward=forward, log_every=0):
    optimizer = optim.SGD(params, lr=lr)
    criteon = nn.CrossEntropyLoss()
    losses = []
    for epoch in range(epochs):
        for batch_idx, (data, target) in enumerate(train_loader):
            data = data.view(-1, 28*28)

            logits = forward(data, params)
            loss = criteon(logits, target)

            optimizer.zero_grad()
            loss.backward()
            # print(w1.grad.norm(), w2.grad.norm())
            optimizer.step()
            losses.append(loss.item())
            if log_every and batch_idx % log_every == 0:
                print(epoch, batch_idx, loss.item())
    return losses


@torch.no_grad()
def evaluate(params, test_loader, forward=forward):
    correct = 0
    for data, target in test_loader:
        logits = forward(data.view(-1, 28*28), params)
        correct += logits.argmax(dim=1).eq(target).sum().item()
    return correct / len(test_loader.dataset)


def main(root="mnist_data", download=True, epochs=epochs, seed=None):
    if seed is not None:
        torch.manual_seed(seed)
    train_loader, test_loader = load_data(root, download)
    params = init_weights()
    losses = train(params, train_loader, epochs, log_every=5)
    acc = evaluate(params, test_loader)
    print("test acc:", acc)
    return params, losses, acc


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Multi-class logistic regression with hand-written weights.")
    parser.add_argument("--root", default="mnist_data")
    parser.add_argument("--no-download", dest="download", action="store_false")
    parser.add_argument("--epochs", type=int, default=epochs)
    args = parser.parse_args()
    main(args.root, args.download, args.epochs)
