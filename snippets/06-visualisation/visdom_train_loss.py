"""
zh: 训练一个小的回归模型，每训练一步就把损失画到 Visdom 的曲线上。
en: Train a small regression model and draw its loss in Visdom, one point per step.

zh: 先在另一个终端里启动 Visdom 服务器（离线时的命令见本章正文）：
en: Start a Visdom server first, in another terminal (the chapter gives the offline command):

    python -m visdom.server -bind_local

zh: 再运行下面第一条命令；服务器在另一个端口上时用第二条：
en: Then run the first command below; the second is for a server on another port:

    python visdom_train_loss.py
    python visdom_train_loss.py --port 8098

zh: 在浏览器中打开 http://localhost:8097，名为 “train loss” 的曲线会逐点延长。
en: Open http://localhost:8097 in a browser and watch the curve "train loss" grow point by point.
"""

import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from visdom import Visdom


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="http://localhost", help="address of the Visdom server")
    parser.add_argument("--port", type=int, default=8097, help="port of the Visdom server")
    args = parser.parse_args(argv)

    torch.manual_seed(0)
    x = torch.rand(100, 1) * 10
    y = 2 * x + 1 + torch.randn(100, 1)  # zh: 直线 y = 2x + 1 附近带噪声的点 | en: noisy points around the line y = 2x + 1
    loader = DataLoader(TensorDataset(x, y), batch_size=20, shuffle=True)
    model = nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.MSELoss()

    # zh: 这个程序只向服务器发送数据，不需要接收网页上的事件
    # en: This program only sends data; it needs no channel for events from the web page.
    viz = Visdom(server=args.server, port=args.port, use_incoming_socket=False)
    # zh: 创建窗口，曲线的第一个点是 (0, 0)
    # en: Create the window; its first point is (0, 0).
    viz.line([0.], [0.], win="train_loss", opts=dict(title="train loss"))

    global_step = 0
    losses = []
    for epoch in range(5):
        for data, target in loader:
            loss = criterion(model(data), target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

            global_step += 1
            # zh: 在曲线末尾追加一个点 (global_step, 损失)
            # en: Append one point (global_step, loss) to the curve.
            viz.line([loss.item()], [global_step], win="train_loss", update="append")
            losses.append(loss.item())
        print(f"epoch {epoch}: loss {loss.item():.4f}")
    return losses


if __name__ == "__main__":
    main()
