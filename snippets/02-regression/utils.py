"""
zh: 笔记中的 MNIST 程序所导入的辅助函数：from utils import plot_image, plot_curve, one_hot。
zh: 两个画图函数都返回 matplotlib 的 Figure（脚本可以把它保存下来）；
zh: 在交互式环境中调用 plt.show() 显示它。
en: The helpers that the notes' MNIST program imports: from utils import plot_image, plot_curve, one_hot.
en: Each plotting helper returns its matplotlib Figure (so a script can save it);
en: call plt.show() to see it in an interactive session.
"""

from matplotlib import pyplot as plt
from torch.nn import functional as F

MNIST_MEAN, MNIST_STD = 0.1307, 0.3081  # zh: 笔记传给 Normalize 的两个值 | en: the values the notes pass to Normalize


def plot_curve(data):
    """
    zh: 画出一列数（例如每个训练步的损失）。
    en: Plot a list of numbers (for example the loss of every training step).
    """
    fig = plt.figure()
    plt.plot(range(len(data)), data, color="blue")
    plt.legend(["value"], loc="upper right")
    plt.xlabel("step")
    plt.ylabel("value")
    return fig


def plot_image(img, label, name):
    """
    zh: 显示标准化后的一批图像 img [b, 1, 28, 28] 的前 6 张及其标签。
    en: Show the first 6 images of a normalized batch img [b, 1, 28, 28] with their labels.
    """
    fig = plt.figure()
    for i in range(6):
        plt.subplot(2, 3, i + 1)
        # zh: 撤销 Normalize((0.1307,), (0.3081,))，让数字按 [0, 1] 显示
        # en: undo Normalize((0.1307,), (0.3081,)) so the digit is shown in [0, 1]
        plt.imshow(img[i][0].numpy() * MNIST_STD + MNIST_MEAN, cmap="gray", interpolation="none")
        plt.title("{}: {}".format(name, label[i].item()))
        plt.xticks([])
        plt.yticks([])
    plt.tight_layout()
    return fig


def one_hot(label, depth=10):
    """
    zh: 类别下标 [b] -> 浮点的独热编码 [b, depth]（MSE 损失的目标）。
    en: Class indices [b] -> float one-hot rows [b, depth] (the MSE targets).
    """
    return F.one_hot(label, num_classes=depth).float()
