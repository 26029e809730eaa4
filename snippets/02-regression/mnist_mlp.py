"""
zh: 笔记中的手写数字识别程序（已改正）：MNIST、三层全连接网络、以独热编码标签为目标的 MSE 损失。
zh: 第一次运行时把 MNIST 下载到 ./mnist_data，之后直接读取本地文件：
en: The notes' handwritten-digit program, corrected: MNIST, a 3-layer MLP, MSE on one-hot labels.
en: The first run downloads MNIST into ./mnist_data; later runs read the local files:

    python mnist_mlp.py
"""

import torch
from torch import nn
from torch.nn import functional as F
from torch import optim

from torchvision import datasets, transforms
from matplotlib import pyplot as plt

from utils import plot_image, plot_curve, one_hot


def load_data(batch_size=512):
    # zh: step1. 加载数据：ToTensor() 给出 [0, 1] 内的 [1, 28, 28]；
    # zh: Normalize 用的是 MNIST 训练集的均值和标准差
    # en: step1. load the data: ToTensor() gives [1, 28, 28] in [0, 1];
    # en: Normalize uses MNIST's training-set mean and std
    transform = transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize((0.1307,), (0.3081,)),
    ])
    train_loader = torch.utils.data.DataLoader(
        datasets.MNIST("mnist_data", train=True, download=True, transform=transform),
        batch_size=batch_size, shuffle=True)
    test_loader = torch.utils.data.DataLoader(
        datasets.MNIST("mnist_data", train=False, download=True, transform=transform),
        batch_size=batch_size, shuffle=False)
    return train_loader, test_loader


class Net(nn.Module):

    def __init__(self):
        super().__init__()
        # zh: 每一层计算 xw+b
        # en: each layer computes xw+b
        self.fc1 = nn.Linear(28*28, 256)
        self.fc2 = nn.Linear(256, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        # zh: x: [b, 784]（调用者已把 [b, 1, 28, 28] 展平）
        # en: x: [b, 784] (the caller flattens [b, 1, 28, 28])
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
            # zh: 损失 = mse(out, y_onehot)
            # en: loss = mse(out, y_onehot)
            loss = F.mse_loss(out, y_onehot)

            optimizer.zero_grad()
            loss.backward()
            # zh: 更新参数：w' = w - lr * w.grad
            # en: update: w' = w - lr * w.grad
            optimizer.step()

            train_loss.append(loss.item())
            if log_every and batch_idx % log_every == 0:
                print(epoch, batch_idx, loss.item())
    return train_loss


@torch.no_grad()  # zh: 评估不需要计算图 | en: no graph is needed to evaluate
def evaluate(net, test_loader):
    net.eval()
    total_correct = 0
    for x, y in test_loader:
        x = x.view(x.size(0), 28*28)
        out = net(x)
        # [b, 10] => [b]
        pred = out.argmax(dim=1)
        total_correct += pred.eq(y).sum().item()
    return total_correct / len(test_loader.dataset)


def main(epochs=3, batch_size=512, seed=None, log_every=10):
    """
    zh: 加载数据、训练、评估并画图；返回网络、每步的损失、测试集准确率和三张图。
    zh: 给定 seed 时每次运行的结果相同。
    en: Load the data, train, evaluate and plot; returns the network, the loss of every step,
    en: the test accuracy and the three figures. With a seed, every run gives the same results.
    """
    if seed is not None:
        torch.manual_seed(seed)
    train_loader, test_loader = load_data(batch_size)

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
    main()
    plt.show()
