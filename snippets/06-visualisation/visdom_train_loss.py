"""Train a small regression model and draw its loss, step by step, in Visdom.

Start a Visdom server first (see the page), then run:

    python visdom_train_loss.py              # server at http://localhost:8097
    python visdom_train_loss.py --port 8098  # another port

and open http://localhost:8097 to watch the curve "train loss" grow.
"""

import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from visdom import Visdom


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://localhost", help="address of the Visdom server")
    parser.add_argument("--port", type=int, default=8097, help="port of the Visdom server")
    args = parser.parse_args(argv)

    torch.manual_seed(0)
    x = torch.rand(100, 1) * 10
    y = 2 * x + 1 + torch.randn(100, 1)  # noisy points around the line y = 2x + 1
    loader = DataLoader(TensorDataset(x, y), batch_size=20, shuffle=True)
    model = nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.MSELoss()

    # This program only sends data; it needs no channel for events from the web page.
    viz = Visdom(server=args.server, port=args.port, use_incoming_socket=False)
    # Create the window; its first point is (0, 0).
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
            viz.line([loss.item()], [global_step], win="train_loss", update="append")
            losses.append(loss.item())
        print(f"epoch {epoch}: loss {loss.item():.4f}")
    return losses


if __name__ == "__main__":
    main()
