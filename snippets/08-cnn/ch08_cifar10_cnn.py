"""
zh: 同样的 LeNet-5 风格卷积网络，用在 CIFAR-10 上：10 类 32x32 的彩色图片。
en: The same LeNet-5-style CNN on CIFAR-10: 32x32 color images of 10 classes.

zh: 第一次运行需要联网：torchvision 把 CIFAR-10（约 170 MB）下载到 ./cifar_data。
en: The first run needs internet: torchvision downloads CIFAR-10 (about 170 MB) into ./cifar_data.
"""

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
TRANSFORM = transforms.Compose([
    transforms.ToTensor(),                                                      # zh: [0, 1] 内的 [3, 32, 32] | en: [3, 32, 32] in [0, 1]
    transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),  # zh: CIFAR-10 每个通道的均值、标准差 | en: CIFAR-10's per-channel mean, std
])


class CifarLeNet(nn.Module):
    """
    zh: 用于 3x32x32 输入的 LeNet-5 结构：与手写数字版相比，只有第一层的 in_channels 不同。
    en: LeNet-5 layout for 3x32x32 inputs: only the first layer's in_channels differ from the digits model.
    """

    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 6, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),   # [6, 28, 28] -> [6, 14, 14]
            nn.Conv2d(6, 16, kernel_size=5), nn.ReLU(), nn.MaxPool2d(2),  # [16, 10, 10] -> [16, 5, 5]
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, num_classes),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def cifar10_datasets(root="cifar_data", download=True):
    """
    zh: CIFAR-10 的训练集和测试集（需要时先下载）。
    en: CIFAR-10's training and test sets (downloaded first when needed).
    """
    train_set = datasets.CIFAR10(root, train=True, download=download, transform=TRANSFORM)
    test_set = datasets.CIFAR10(root, train=False, download=download, transform=TRANSFORM)
    return train_set, test_set


def accuracy(model, loader, device):
    """
    zh: 模型在 loader 的全部数据上的准确率。
    en: The model's accuracy on all of the loader's data.
    """
    model.eval()
    correct = 0
    with torch.no_grad():
        for images, labels in loader:
            predictions = model(images.to(device)).argmax(dim=1)
            correct += (predictions == labels.to(device)).sum().item()
    return correct / len(loader.dataset)


def main(root="cifar_data", epochs=10, batch_size=64, lr=1e-3, log=print):
    """
    zh: 训练 epochs 轮；每轮记录训练损失和测试准确率。
    en: Train for `epochs` epochs, recording the training loss and test accuracy of each.
    """
    torch.manual_seed(0)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_set, test_set = cifar10_datasets(root)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=500)
    model = CifarLeNet().to(device)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = {"train_loss": [], "test_acc": []}
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for images, labels in train_loader:
            images, labels = images.to(device), labels.to(device)
            loss = loss_fn(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(labels)
        history["train_loss"].append(total / len(train_set))
        history["test_acc"].append(accuracy(model, test_loader, device))
        log(f"epoch {epoch}: train loss {history['train_loss'][-1]:.4f}, test accuracy {history['test_acc'][-1]:.3f}")
    return model, history


if __name__ == "__main__":
    main()
