"""Chapter 8's formulas against PyTorch: Conv2d/pooling output size and BatchNorm2d."""

import itertools

import pytest
import torch
import torch.nn.functional as F
from torch import nn


def conv2d_out(size, kernel, stride=1, padding=0, dilation=1):
    """The formula on the page: floor((H + 2p - d(k - 1) - 1) / s) + 1."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


NOTES_CASES = [  # (H, k, s, p, expected) from the notes and the functional example
    (28, 3, 1, 0, 26), (28, 3, 1, 1, 28), (28, 3, 2, 1, 14), (28, 5, 1, 1, 26), (28, 5, 2, 2, 14),
]


@pytest.mark.parametrize("size, kernel, stride, padding, expected", NOTES_CASES)
def test_formula_on_the_pages_cases(size, kernel, stride, padding, expected):
    assert conv2d_out(size, kernel, stride, padding) == expected


GRID = [
    (size, kernel, stride, padding, dilation)
    for size, kernel, stride, padding, dilation in itertools.product(
        (7, 28, 31), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2), (1, 2))
    if size + 2 * padding >= dilation * (kernel - 1) + 1 and padding <= kernel // 2
]


@pytest.mark.parametrize("size, kernel, stride, padding, dilation", GRID)
def test_formula_matches_conv2d(size, kernel, stride, padding, dilation):
    layer = nn.Conv2d(1, 1, kernel, stride=stride, padding=padding, dilation=dilation)
    height = size + 3  # a non-square input checks both sides
    out = layer(torch.zeros(1, 1, height, size))
    assert out.shape[-2:] == (conv2d_out(height, kernel, stride, padding, dilation),
                              conv2d_out(size, kernel, stride, padding, dilation))


@pytest.mark.parametrize("size, kernel, stride", [(14, 2, 2), (15, 2, 2), (28, 3, 2), (7, 3, 1)])
def test_pooling_uses_the_same_formula(size, kernel, stride):
    x = torch.zeros(1, 1, size, size)
    assert F.max_pool2d(x, kernel, stride).shape[-1] == conv2d_out(size, kernel, stride)
    assert F.avg_pool2d(x, kernel, stride).shape[-1] == conv2d_out(size, kernel, stride)


def manual_batchnorm(x, mean, var, weight, bias, eps):
    shape = (1, -1, 1, 1)
    return (x - mean.view(shape)) / torch.sqrt(var.view(shape) + eps) * weight.view(shape) + bias.view(shape)


@pytest.mark.parametrize("momentum", [0.1, 0.3])
def test_batchnorm2d_train_and_eval_match_the_formulas(momentum):
    torch.manual_seed(0)
    channels = 4
    bn = nn.BatchNorm2d(channels, momentum=momentum)
    with torch.no_grad():  # non-trivial gamma and beta
        bn.weight.uniform_(0.5, 2.0)
        bn.bias.uniform_(-1.0, 1.0)
    running_mean, running_var = torch.zeros(channels), torch.ones(channels)
    for step in range(5):
        x = torch.randn(6, channels, 5, 3) * torch.tensor([1.0, 3.0, 0.5, 8.0]).view(1, -1, 1, 1) + step
        m = x.numel() // channels
        mean = x.mean(dim=(0, 2, 3))
        biased = x.var(dim=(0, 2, 3), correction=0)
        y = bn(x)  # train mode
        torch.testing.assert_close(y, manual_batchnorm(x, mean, biased, bn.weight, bn.bias, bn.eps))
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * biased * m / (m - 1)
        torch.testing.assert_close(bn.running_mean, running_mean)
        torch.testing.assert_close(bn.running_var, running_var)
    assert bn.num_batches_tracked.item() == 5

    bn.eval()
    x = torch.randn(3, channels, 5, 3) * 4 + 1
    torch.testing.assert_close(bn(x), manual_batchnorm(x, running_mean, running_var, bn.weight, bn.bias, bn.eps))
    torch.testing.assert_close(bn.running_mean, running_mean)  # eval mode leaves them alone
    assert bn.num_batches_tracked.item() == 5


def test_batchnorm_output_is_normalised_per_channel_in_train_mode():
    torch.manual_seed(0)
    x = torch.randn(8, 3, 4, 4) * 5 + 2
    y = nn.BatchNorm2d(3)(x)
    torch.testing.assert_close(y.mean(dim=(0, 2, 3)), torch.zeros(3), atol=1e-6, rtol=0)
    torch.testing.assert_close(y.var(dim=(0, 2, 3), correction=0), torch.ones(3), atol=1e-3, rtol=0)
