"""Writes the PyTorch fixtures used by Ebm.Tests (TorchMlpFixtureTests). Run once, with Debian's torch:

    /usr/bin/python3 make_fixtures.py            # writes the fixtures below
    /usr/bin/python3 make_fixtures.py --check F  # loads an Ebm-written MLP file F into the same network (strict)

Files written next to this script:
  net.safetensors  state dict of nn.Sequential(Linear(2,16), SiLU(), Linear(16,16), SiLU(), Linear(16,1)),
                   float32, seed 20261129; written with the `safetensors` package when present, else by hand
                   (8-byte little-endian header length, JSON header with dtype/shape/data_offsets, raw data)
  model.json       the Ebm model spec that loads it
  points.npy       [7, 2] float32 points
  energies.npy     [7] float64 net(x), evaluated in float64 (the float32 weights widened exactly)
  gradients.npy    [7, 2] float64 grad_x net(x) by torch.autograd, in float64
"""
import copy
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261129


def network():
    return nn.Sequential(nn.Linear(2, 16), nn.SiLU(), nn.Linear(16, 16), nn.SiLU(), nn.Linear(16, 1))


def write_safetensors(path, tensors):
    try:
        from safetensors.torch import save_file
    except ImportError:
        save_file = None
    if save_file is not None:
        save_file(tensors, path)
        return
    header, data = {}, b""
    for name in sorted(tensors):
        array = tensors[name].detach().cpu().numpy().astype("<f4")
        raw = array.tobytes(order="C")
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def read_safetensors(path):
    """A minimal reader (F32/F64 only), so that --check needs no `safetensors` package."""
    with open(path, "rb") as f:
        blob = f.read()
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + length])
    metadata = header.pop("__metadata__", {})
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        dtype = {"F32": "<f4", "F64": "<f8"}[entry["dtype"]]
        begin, end = entry["data_offsets"]
        array = np.frombuffer(blob[base + begin:base + end], dtype=dtype).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors, metadata


def check(path):
    tensors, metadata = read_safetensors(path)
    net = network()
    net.load_state_dict(tensors, strict=True)
    x = torch.tensor([[0.5, -1.0]])
    print("metadata:", metadata)
    print("loaded with load_state_dict(strict=True); net([0.5, -1.0]) =", net(x).item())


def main():
    torch.manual_seed(SEED)
    net = network()
    write_safetensors(os.path.join(HERE, "net.safetensors"), net.state_dict())
    spec = {"energy": "mlp", "layers": [2, 16, 16, 1], "activation": "silu", "parameters": "net.safetensors"}
    with open(os.path.join(HERE, "model.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")

    points = (2 * torch.randn(7, 2)).float()  # float32, so that the test evaluates exactly these points
    np.save(os.path.join(HERE, "points.npy"), points.numpy().astype("<f4"))

    net64 = copy.deepcopy(net).double()
    x = points.double().requires_grad_(True)
    energies = net64(x).squeeze(-1)
    (gradients,) = torch.autograd.grad(energies.sum(), x)
    np.save(os.path.join(HERE, "energies.npy"), energies.detach().numpy().astype("<f8"))
    np.save(os.path.join(HERE, "gradients.npy"), gradients.numpy().astype("<f8"))

    # The hand-written file must load back into PyTorch exactly.
    tensors, _ = read_safetensors(os.path.join(HERE, "net.safetensors"))
    for name, value in net.state_dict().items():
        assert torch.equal(tensors[name], value), name


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        main()
