"""The networks of Ebm's --model forms as PyTorch nn.Sequential modules, with the state-dict layout Ebm reads and writes:

    mlp:784-512-512-1[:silu]                        Linear layers with the activation between them
    conv:1x28x28:16k3s2,32k3s2,64k3s2[:silu[:avg]]  Conv2d(C_in, C_out, k, s, p) + activation per LAYER =
                                                    {C_out}k{k}[s{s}][p{p}] (s 1, p k//2 by default), then pooling over
                                                    every position (avg: AdaptiveAvgPool2d(1); sum), Flatten, Linear(C_L, 1)

build(text) returns (net, input_shape, forward_multiply_adds); the energy of a batch x [N, d] is net(x.view(N, *shape))[:, 0].
"""
import re

import torch
from torch import nn

ACTIVATIONS = {"silu": nn.SiLU, "softplus": nn.Softplus, "tanh": nn.Tanh, "leaky_relu": nn.LeakyReLU, "elu": nn.ELU}


class SumPool(nn.Module):
    """The sum over every position of each channel, shaped [N, C, 1, 1] like AdaptiveAvgPool2d(1)."""

    def forward(self, x):
        return x.sum(dim=(2, 3), keepdim=True)


def build(text):
    kind, _, rest = text.partition(":")
    if kind == "mlp":
        parts = rest.split(":")
        widths = [int(w) for w in parts[0].split("-")]
        activation = ACTIVATIONS[parts[1] if len(parts) > 1 else "silu"]
        modules = []
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):
            modules += [nn.Linear(fan_in, fan_out), activation()]
        return nn.Sequential(*modules[:-1]), (widths[0],), sum(a * b for a, b in zip(widths[:-1], widths[1:]))
    if kind != "conv":
        raise ValueError(f"--model must be mlp:... or conv:...; got {text}")
    parts = rest.split(":")
    channels, height, width = (int(v) for v in parts[0].split("x"))
    activation = ACTIVATIONS[parts[2] if len(parts) > 2 else "silu"]
    pooling = parts[3] if len(parts) > 3 else "avg"
    modules, shape, multiply_adds = [], (channels, height, width), 0
    for layer in parts[1].split(","):
        match = re.fullmatch(r"(\d+)k(\d+)(?:s(\d+))?(?:p(\d+))?", layer)
        out, kernel = int(match[1]), int(match[2])
        stride = int(match[3]) if match[3] else 1
        padding = int(match[4]) if match[4] else kernel // 2
        modules += [nn.Conv2d(shape[0], out, kernel, stride, padding), activation()]
        size = lambda n: (n + 2 * padding - kernel) // stride + 1
        multiply_adds += out * size(shape[1]) * size(shape[2]) * shape[0] * kernel * kernel
        shape = (out, size(shape[1]), size(shape[2]))
    modules += [nn.AdaptiveAvgPool2d(1) if pooling == "avg" else SumPool(), nn.Flatten(), nn.Linear(shape[0], 1)]
    return nn.Sequential(*modules), (channels, height, width), multiply_adds


def energy_of(net, shape):
    """E(x) for a batch x [N, d] of flattened inputs."""
    return lambda x: net(x.view(x.shape[0], *shape))[:, 0]
