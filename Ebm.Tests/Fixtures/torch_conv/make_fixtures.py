"""Writes the PyTorch fixtures of the convolutional energy (TorchConvFixtureTests). Run once, with Debian's torch:

    /usr/bin/python3 make_fixtures.py

For each network NAME below, files written next to this script:
  NAME.safetensors            state dict of the nn.Sequential, float32, seed 20261202 (by ../torch/make_fixtures.py's
                              writer)
  NAME.json                   the Ebm model spec that loads it
  NAME.points.npy             [5, C*H*W] float32 images, channel, row, column order
  NAME.energies.npy           [5] float64 net(x), in float64 (the float32 weights widened exactly)
  NAME.gradients.npy          [5, C*H*W] float64 grad_x net(x) by torch.autograd
  NAME.parameter_gradients.npy [5, P] float64 grad_theta net(x), the state dict's tensors flattened in module order
"""
import copy
import importlib.util
import json
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261202


def networks():
    # avg: SiLU, stride 1 and 2, padding 1, a non-square input with two channels.
    avg = nn.Sequential(nn.Conv2d(2, 3, 3, 1, 1), nn.SiLU(), nn.Conv2d(3, 4, 3, 2, 1), nn.SiLU(),
                        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 1))
    avg_spec = {"energy": "conv", "input": [2, 7, 6], "channels": [3, 4], "kernels": [3, 3], "strides": [1, 2],
                "activation": "silu", "pooling": "avg"}
    # sum: leaky ReLU, an even kernel with stride 2 and padding 1, then no padding; LPPool2d(1, k) sums each window.
    summed = nn.Sequential(nn.Conv2d(1, 5, 4, 2, 1), nn.LeakyReLU(), nn.Conv2d(5, 2, 3, 1, 0), nn.LeakyReLU(),
                           nn.LPPool2d(1, (2, 2)), nn.Flatten(), nn.Linear(2, 1))
    summed_spec = {"energy": "conv", "input": [1, 9, 9], "channels": [5, 2], "kernels": [4, 3], "strides": [2, 1],
                   "paddings": [1, 0], "activation": "leaky_relu", "pooling": "sum"}
    return [("avg", avg, avg_spec, (2, 7, 6)), ("sum", summed, summed_spec, (1, 9, 9))]


def write_safetensors(path, tensors):
    """The MLP fixtures' hand-written safetensors writer (../torch/make_fixtures.py)."""
    spec = importlib.util.spec_from_file_location("torch_fixtures", os.path.join(HERE, "..", "torch", "make_fixtures.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_safetensors(path, tensors)


def main():
    torch.manual_seed(SEED)
    for name, net, spec, shape in networks():
        write_safetensors(os.path.join(HERE, f"{name}.safetensors"), net.state_dict())
        with open(os.path.join(HERE, f"{name}.json"), "w") as f:
            json.dump(dict(spec, parameters=f"{name}.safetensors"), f, indent=2)
            f.write("\n")
        d = int(np.prod(shape))
        points = torch.rand(5, d).float() * 1.4 - 0.2  # a little outside [0, 1], so every activation sees both signs
        np.save(os.path.join(HERE, f"{name}.points.npy"), points.numpy().astype("<f4"))

        net64 = copy.deepcopy(net).double()
        if name == "sum":
            with torch.no_grad():
                feature = net64[:6](points.double().reshape(5, *shape))
                assert torch.allclose(feature, net64[:4](points.double().reshape(5, *shape)).sum(dim=(2, 3)))
        x = points.double().reshape(5, *shape).requires_grad_(True)
        energies = net64(x).squeeze(-1)
        (gradients,) = torch.autograd.grad(energies.sum(), x)
        rows = []
        for n in range(5):
            net64.zero_grad()
            net64(x[n:n + 1].detach()).sum().backward()
            rows.append(torch.cat([p.grad.reshape(-1) for p in net64.parameters()]))
        np.save(os.path.join(HERE, f"{name}.energies.npy"), energies.detach().numpy().astype("<f8"))
        np.save(os.path.join(HERE, f"{name}.gradients.npy"), gradients.reshape(5, d).numpy().astype("<f8"))
        np.save(os.path.join(HERE, f"{name}.parameter_gradients.npy"), torch.stack(rows).numpy().astype("<f8"))


if __name__ == "__main__":
    main()
