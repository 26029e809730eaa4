"""Chapter 9: Module.to converts a module in place; Tensor.to returns a converted copy.

The CPU checks use a dtype change (the same code path as a device change);
the CUDA check runs where a GPU is present and is skipped, with the reason, elsewhere.
"""

import pytest
import torch
from torch import nn

def check_to(target, attribute, expected):
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    params_before = list(net.parameters())
    values_before = [p.detach().clone() for p in params_before]
    assert net.to(target) is net
    after = list(net.parameters())
    assert all(a is b for a, b in zip(after, params_before))  # same Parameter objects...
    assert all(getattr(p, attribute) == expected for p in after)  # ...now converted
    floating_buffers = [b for b in net.buffers() if b.is_floating_point()]  # BatchNorm's running statistics
    assert len(floating_buffers) == 2 and all(getattr(b, attribute) == expected for b in floating_buffers)
    for value, p in zip(values_before, after):
        torch.testing.assert_close(p.detach().to(value.device, value.dtype), value)

    t = torch.ones(2)
    moved = t.to(target)
    assert moved is not t and getattr(moved, attribute) == expected
    assert getattr(t, attribute) != expected  # the original tensor is unchanged
    assert moved.to(target) is moved  # nothing to convert: the same tensor


def test_module_to_dtype_in_place_tensor_to_copy():
    check_to(torch.float64, "dtype", torch.float64)


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA: torch.cuda.is_available() is False on this machine")
def test_module_to_cuda_in_place_tensor_to_copy():
    check_to(torch.device("cuda"), "device", torch.device("cuda", torch.cuda.current_device()))
