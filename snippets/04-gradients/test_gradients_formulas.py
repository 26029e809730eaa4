"""Chapter 4: every derivative formula on the page, checked against autograd."""

from __future__ import annotations

import pytest
import torch
from torch.autograd.functional import jacobian
from torch.nn import functional as F

torch.set_default_dtype(torch.float32)


def autograd_derivative(fn, x):
    x = x.clone().requires_grad_()
    fn(x).sum().backward()
    return x.grad


GRID = torch.cat([torch.linspace(-6, 6, 241), torch.tensor([-1e-3, 1e-3])])


@pytest.mark.parametrize(
    "name, fn, formula",
    [
        ("sigmoid", torch.sigmoid, lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x))),
        ("tanh", torch.tanh, lambda x: 1 - torch.tanh(x) ** 2),
        ("relu", torch.relu, lambda x: (x > 0).float()),  # 0 for x < 0, 1 for x > 0 (and 0 at x = 0 in PyTorch)
    ],
)
def test_activation_derivatives(name, fn, formula):
    assert torch.allclose(autograd_derivative(fn, GRID), formula(GRID), atol=1e-6), name


def test_relu_gradient_at_zero_is_zero():
    assert autograd_derivative(torch.relu, torch.zeros(1)).item() == 0.0


def test_tanh_is_a_scaled_sigmoid():
    assert torch.allclose(torch.tanh(GRID), 2 * torch.sigmoid(2 * GRID) - 1, atol=1e-6)


def test_mse_is_the_mean_and_its_gradient_has_a_minus_sign():
    torch.manual_seed(0)
    x, y = torch.randn(8), torch.randn(8)
    w = torch.randn(1, requires_grad=True)
    b = torch.randn(1, requires_grad=True)
    f = x * w + b
    loss = F.mse_loss(f, y)
    assert torch.allclose(loss, ((y - f) ** 2).mean())
    assert torch.allclose(F.mse_loss(f, y, reduction="sum"), ((y - f) ** 2).sum())
    loss.backward()
    err = (y - f).detach()
    # dloss/dtheta = -2/N sum (y - f) df/dtheta, with df/dw = x and df/db = 1
    assert torch.allclose(w.grad, (-2 * err * x).mean().reshape(1))
    assert torch.allclose(b.grad, (-2 * err).mean().reshape(1))
    # the notes' formula, 2 sum (y - f) df/dw, has the wrong sign (and is a sum)
    assert not torch.allclose(w.grad, (2 * err * x).sum().reshape(1))


def test_gradients_accumulate_until_zeroed():
    w = torch.full([1], 2., requires_grad=True)
    loss = F.mse_loss(torch.ones(1) * w, torch.ones(1))
    (g,) = torch.autograd.grad(loss, [w], retain_graph=True)
    assert w.grad is None and g.item() == 2.0
    for expected in (2.0, 4.0, 6.0):
        loss.backward(retain_graph=True)
        assert w.grad.item() == expected


@pytest.mark.parametrize("n", [3, 5, 10])
def test_softmax_jacobian(n):
    torch.manual_seed(n)
    a = torch.randn(n)
    J = jacobian(lambda a: F.softmax(a, dim=0), a)
    p = F.softmax(a, dim=0)
    expected = torch.tensor([[p[i] * (float(i == j) - p[j]) for j in range(n)] for i in range(n)])
    assert torch.allclose(J, expected, atol=1e-6)
    assert torch.allclose(J, torch.diag(p) - torch.outer(p, p), atol=1e-6)
    assert torch.allclose(J.sum(dim=0), torch.zeros(n), atol=1e-6)  # probabilities keep summing to 1


@pytest.mark.parametrize("N, C", [(4, 3), (16, 10)])
def test_cross_entropy_formula_and_gradient(N, C):
    """CE = -1/N sum_n log p_{n, y_n} = mean of (-a_y + logsumexp a); dCE/da = (p - t) / N."""
    torch.manual_seed(N + C)
    logits = (3 * torch.randn(N, C)).requires_grad_()
    y = torch.randint(C, (N,))
    loss = F.cross_entropy(logits, y)
    p = F.softmax(logits, dim=1)
    t = F.one_hot(y, num_classes=C).float()
    assert torch.allclose(loss, -torch.log(p[torch.arange(N), y]).mean(), atol=1e-6)
    assert torch.allclose(loss, -(t * torch.log(p)).sum(dim=1).mean(), atol=1e-6)
    assert torch.allclose(loss, (-logits[torch.arange(N), y] + torch.logsumexp(logits, dim=1)).mean(), atol=1e-6)
    loss.backward()
    assert torch.allclose(logits.grad, (p.detach() - t) / N, atol=1e-7)


def test_softmax_then_log_fails_for_large_logits_but_cross_entropy_does_not():
    """Hand-written exp/sum overflows (e^89 is inf in float32); F.softmax does not overflow, but a tiny
    probability underflows to 0 and its log is -inf; F.log_softmax and F.cross_entropy stay finite."""
    assert torch.isfinite(torch.exp(torch.tensor(88.0)))
    assert torch.isinf(torch.exp(torch.tensor(89.0)))
    logits = torch.tensor([[89.0, 0.0, -200.0]])
    y = torch.tensor([1])
    by_hand = -torch.log(torch.exp(logits[0, 1]) / torch.exp(logits).sum())
    assert by_hand.item() == float("inf")
    p = F.softmax(logits, dim=1)
    assert torch.isfinite(p).all()  # no overflow: F.softmax subtracts the largest logit
    assert p[0, 2].item() == 0.0  # e^-289 underflows
    assert torch.log(p)[0, 2].item() == float("-inf")
    assert torch.isfinite(F.log_softmax(logits, dim=1)).all()
    assert abs(F.log_softmax(logits, dim=1)[0, 2].item() + 289.0) < 1e-3
    assert abs(F.cross_entropy(logits, y).item() - 89.0) < 1e-3  # -a_y + logsumexp(a) = 0 + 89.0000...
    assert abs(F.cross_entropy(logits, torch.tensor([2])).item() - 289.0) < 1e-3  # where log(softmax) gives inf


def test_single_output_perceptron():
    torch.manual_seed(1)
    x = torch.randn(1, 10)
    t = torch.tensor([[0.3]])
    w = torch.randn(1, 10, requires_grad=True)
    o = torch.sigmoid(x @ w.t())
    half = 0.5 * ((o - t) ** 2).sum()
    (g_half,) = torch.autograd.grad(half, [w], retain_graph=True)
    (g_mse,) = torch.autograd.grad(F.mse_loss(o, t), [w])
    o = o.detach()
    formula = (o - t) * o * (1 - o) * x  # dE/dw_j0 for E = 1/2 (O_0 - t)^2
    assert torch.allclose(g_half, formula, atol=1e-7)
    assert torch.allclose(g_mse, 2 * formula, atol=1e-7)  # F.mse_loss has no 1/2


@pytest.mark.parametrize("K", [2, 5])
def test_multi_output_perceptron(K):
    torch.manual_seed(K)
    x = torch.randn(1, 10)
    t = torch.rand(1, K)
    w = torch.randn(K, 10, requires_grad=True)  # w[k, j] = w_jk
    o = torch.sigmoid(x @ w.t())
    half = 0.5 * ((o - t) ** 2).sum()
    (g_half,) = torch.autograd.grad(half, [w], retain_graph=True)
    (g_mse,) = torch.autograd.grad(F.mse_loss(o, t), [w])
    o = o.detach()
    formula = ((o - t) * o * (1 - o)).t() @ x  # dE/dw_jk = (O_k - t_k) O_k (1 - O_k) x_j
    assert torch.allclose(g_half, formula, atol=1e-7)
    assert torch.allclose(g_mse, 2 / K * formula, atol=1e-7)  # mean over K outputs, no 1/2


def test_chain_rule():
    x, b1, b2 = torch.tensor(1.5), torch.tensor(1.), torch.tensor(-0.5)
    w1 = torch.tensor(2., requires_grad=True)
    w2 = torch.tensor(-3., requires_grad=True)
    y1 = x * w1 + b1
    y2 = y1 * w2 + b2
    dy2_dy1, = torch.autograd.grad(y2, [y1], retain_graph=True)
    dy1_dw1, = torch.autograd.grad(y1, [w1], retain_graph=True)
    dy2_dw1, = torch.autograd.grad(y2, [w1])
    assert dy2_dy1 == w2 and dy1_dw1 == x and dy2_dw1 == dy2_dy1 * dy1_dw1 == w2 * x


def test_mlp_delta_formulas():
    """Two sigmoid layers with biases, a batch of 4: the delta rule gives autograd's gradients."""
    torch.manual_seed(0)
    X = torch.randn(4, 5)                               # O^I for 4 samples
    T = torch.rand(4, 3)
    W1 = torch.randn(5, 6, requires_grad=True)          # w_ij^J
    B1 = torch.randn(6, requires_grad=True)
    W2 = torch.randn(6, 3, requires_grad=True)          # w_jk^K
    B2 = torch.randn(3, requires_grad=True)
    H = torch.sigmoid(X @ W1 + B1)                      # O^J
    O = torch.sigmoid(H @ W2 + B2)                      # O^K
    E = 0.5 * ((O - T) ** 2).sum()                      # summed over samples and outputs
    E.backward()
    H, O = H.detach(), O.detach()
    delta_K = (O - T) * O * (1 - O)                     # [4, 3]
    delta_J = H * (1 - H) * (delta_K @ W2.detach().t())  # [4, 6]: O_j (1 - O_j) sum_k delta_k w_jk
    assert torch.allclose(W2.grad, H.t() @ delta_K, atol=1e-6)   # sum over samples of O_j delta_k
    assert torch.allclose(B2.grad, delta_K.sum(0), atol=1e-6)
    assert torch.allclose(W1.grad, X.t() @ delta_J, atol=1e-6)   # O_i delta_j
    assert torch.allclose(B1.grad, delta_J.sum(0), atol=1e-6)
