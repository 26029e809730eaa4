"""
zh: 在 MNIST 手写数字上训练一个 LeNet-5 风格的卷积神经网络。
en: Train a LeNet-5-style CNN on the MNIST handwritten digits.

zh: 第一次运行时，torchvision 把 MNIST（6 万张训练图、1 万张测试图）下载到 ./mnist_data，
zh: 这需要联网；之后的运行直接读取本地文件。
en: On the first run torchvision downloads MNIST (60,000 training and 10,000 test images)
en: into ./mnist_data, which needs internet; later runs read the local files.
"""

import time

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class DigitsLeNet(nn.Module):
    """
    zh: 用于 1x28x28 图像的 LeNet-5：用 ReLU 和最大池化代替 tanh 和平均池化。
    en: LeNet-5 for 1x28x28 images, with ReLU and max-pooling instead of tanh and average-pooling.
    """

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


def mnist_loaders(batch_size=32):
    """
    zh: MNIST 的训练集 DataLoader（每轮打乱，顺序由种子固定）和测试集 DataLoader。
    en: MNIST's training DataLoader (shuffled every epoch, in a seeded order) and test DataLoader.
    """
    transform = transforms.Compose([
        transforms.ToTensor(),                       # zh: uint8 [28, 28] -> [0, 1] 内的 float [1, 28, 28] | en: uint8 [28, 28] -> float [1, 28, 28] in [0, 1]
        transforms.Normalize((0.1307,), (0.3081,)),  # zh: MNIST 的均值和标准差 | en: MNIST's mean and std
    ])
    train_set = datasets.MNIST("mnist_data", train=True, download=True, transform=transform)
    test_set = datasets.MNIST("mnist_data", train=False, download=True, transform=transform)
    shuffle_order = torch.Generator().manual_seed(0)
    return (DataLoader(train_set, batch_size=batch_size, shuffle=True, generator=shuffle_order),
            DataLoader(test_set, batch_size=500))


def train_one_epoch(model, loader, loss_fn, optimizer, device):
    """
    zh: 训练一轮；返回这一轮的平均损失和准确率。
    en: Train for one epoch; return the epoch's average loss and accuracy.
    """
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
    """
    zh: 在评估模式下、不计算梯度，返回平均损失和准确率。
    en: Average loss and accuracy, in eval mode and without gradients.
    """
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        logits = model(images)
        total_loss += loss_fn(logits, labels).item() * len(labels)
        correct += (logits.argmax(dim=1) == labels).sum().item()
        seen += len(labels)
    return total_loss / seen, correct / seen


def train(epochs=6, lr=2e-3, seed=0, log=print):
    """
    zh: 从固定的种子开始训练；返回模型和每一轮的记录。
    en: Train from a fixed seed; return the model and the per-epoch history.
    """
    torch.manual_seed(seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader, test_loader = mnist_loaders()
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
    start = time.perf_counter()
    train()
    print(f"{time.perf_counter() - start:.1f} s")
