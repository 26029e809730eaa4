"""
zh: 笔记中的多分类网络：784-200-200-10 的多层感知机（MLP），直接用张量搭建，用交叉熵训练；
zh: 这里是改正后能够学习的版本。
en: The notes' multi-class network: a 784-200-200-10 multi-layer perceptron (MLP) built from
en: raw tensors, trained with cross-entropy; this is the version corrected so that it learns.

zh: 与笔记相比改了两处（页面上有解释）：
en: Two changes to the notes' code (the page explains them):

zh: 1. 用 kaiming_normal_ 缩放随机权重；只用 torch.randn 时，每一层输出的尺度
zh:    大约是输入的 sqrt(fan_in) 倍。
en: 1. kaiming_normal_ scales the random weights; with torch.randn alone, every
en:    layer's output is about sqrt(fan_in) times the scale of its input.
zh: 2. 最后一层直接返回 logits。在那里加 ReLU 会把负的 logit 变成 0，权重未缩放时
zh:    所有 logit 一起变成 0：损失停在 ln(10)，梯度也传不回来。
en: 2. The last layer returns the logits as they are. A ReLU there turns every
en:    negative logit into 0, and with unscaled weights all of them at once:
en:    the loss sticks at ln(10) and no gradient flows.

zh: 运行：python gradients_logreg.py（第一次运行时把 MNIST 下载到 ./mnist_data）
en: Run: python gradients_logreg.py (the first run downloads MNIST into ./mnist_data)
"""

import torch
from torch import nn, optim
from torch.nn import functional as F
from torchvision import datasets, transforms

batch_size = 32
learning_rate = 0.01
epochs = 3


def load_data():
    """
    zh: 读入 MNIST，返回训练集和测试集的 DataLoader。
    en: Read MNIST and return the training and test DataLoaders.
    """
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


def init_weights():
    """
    zh: 返回 [w1, b1, w2, b2, w3, b3]；w 的形状是 [输出, 输入]，与 nn.Linear 的 weight 相同。
    en: Return [w1, b1, w2, b2, w3, b3]; w has the shape [out, in], as nn.Linear's weight.
    """
    w1, b1 = torch.randn(200, 784, requires_grad=True), torch.zeros(200, requires_grad=True)
    w2, b2 = torch.randn(200, 200, requires_grad=True), torch.zeros(200, requires_grad=True)
    w3, b3 = torch.randn(10, 200, requires_grad=True), torch.zeros(10, requires_grad=True)
    # zh: 改动 1：缩放权重（He 等人，2015）：标准差 = sqrt(2 / fan_in)
    # en: fix 1: scale them (He et al., 2015): std = sqrt(2 / fan_in)
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
    # zh: 改动 2：这里不加 ReLU；CrossEntropyLoss 要的是原始的 logits
    # en: fix 2: no ReLU here; CrossEntropyLoss takes the raw logits
    return x


def train(params, train_loader, epochs=epochs, lr=learning_rate, forward=forward, log_every=0):
    """
    zh: 用随机梯度下降训练 params，返回每一步的损失。
    en: Train params with stochastic gradient descent; return the loss of every step.
    """
    optimizer = optim.SGD(params, lr=lr)
    criteon = nn.CrossEntropyLoss()
    losses = []
    for epoch in range(epochs):
        for batch_idx, (data, target) in enumerate(train_loader):
            data = data.view(-1, 28*28)  # [N, 1, 28, 28] -> [N, 784]

            logits = forward(data, params)
            loss = criteon(logits, target)

            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            if log_every and batch_idx % log_every == 0:
                print(epoch, batch_idx, loss.item())
    return losses


@torch.no_grad()
def evaluate(params, test_loader, forward=forward):
    """
    zh: 测试集上的准确率：预测（最大的 logit）正确的样本所占的比例。
    en: Accuracy on the test set: the fraction of samples whose prediction (the largest logit) is right.
    """
    correct = 0
    for data, target in test_loader:
        logits = forward(data.view(-1, 28*28), params)
        correct += logits.argmax(dim=1).eq(target).sum().item()
    return correct / len(test_loader.dataset)


def main():
    train_loader, test_loader = load_data()
    params = init_weights()
    losses = train(params, train_loader, log_every=100)
    acc = evaluate(params, test_loader)
    print("test acc:", acc)
    return params, losses, acc


if __name__ == "__main__":
    main()
