#!/usr/bin/env python3
"""PyTorch peer of `ebm train --data fashion-mnist` with an MLP or conv energy: persistent contrastive divergence on Fashion-MNIST by
the image recipe (Ebm.Facade's ImageRecipe), the loop a PyTorch user would write. Times --iterations training iterations
after --warmup untimed ones and prints JSON.

    /usr/bin/python3 benchmarks/peers/torch_image_pcd.py [--iterations 10] [--warmup 2] [--batch 128] [--steps 60]
        [--layers 784,512,512,1 | --model mlp:…|conv:…] [--buffer 10000] [--threads T] [--device cpu|cuda|auto] [--seed 0]
        [--data /usr/share/datasets/fashion-mnist]

One iteration, as in ContrastiveDivergenceTrainer with ImageRecipe.Options:
  * data: the 60,000 training images, pixels byte/255 in [0, 1]; a batch of B images, each plus N(0, 0.0025^2) noise,
    clamped to [0, 1];
  * negatives: B distinct replay-buffer slots (10,000 images of uniform noise in [0, 1] at the start); each chain restarts
    from fresh uniform noise with probability 0.05; k = 60 SGLD steps x <- clamp(x - 2.5 dE/dx + 0.0025 xi, 0, 1); the
    chains are written back to their slots;
  * loss: mean E(x+) - mean E(x-) + 0.1 (mean E(x+)^2 + mean E(x-)^2), one forward pass over [x+; x-];
  * update: global gradient-norm clip to 0.1, then Adam(lr 1e-4, betas (0, 0.999), eps 1e-8).
Model: nn.Sequential of Linear layers with SiLU between them, or the conv network --model names (ebm_networks.py), with
PyTorch's default initialisation.
Sampling uses torch.autograd.grad on E(x).sum() with the parameters' requires_grad off, as torch_pcd.py does.
"""
import argparse
import gzip
import json
import os

import numpy as np
import torch

import ebm_networks
import pcd_peer
import torch_device


def images(folder):
    with gzip.open(os.path.join(folder, "train-images-idx3-ubyte.gz"), "rb") as f:
        raw = f.read()
    count, rows, cols = (int.from_bytes(raw[k:k + 4], "big") for k in (4, 8, 12))
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows * cols)
    return torch.from_numpy(pixels.astype(np.float32) / 255.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    torch_device.add_arguments(parser)
    parser.add_argument("--iterations", type=int, default=10, help="timed training iterations")
    parser.add_argument("--warmup", type=int, default=2, help="untimed iterations first")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=60, help="SGLD steps per iteration (k)")
    parser.add_argument("--layers", default="784,512,512,1", help="MLP widths")
    parser.add_argument("--model", default=None, help="an Ebm --model form (mlp:… or conv:…) instead of --layers")
    parser.add_argument("--buffer", type=int, default=10_000)
    parser.add_argument("--data", default=os.environ.get("EBM_FASHION_MNIST", "/usr/share/datasets/fashion-mnist"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    device = torch_device.select(args, parser)
    model = args.model or "mlp:" + args.layers.replace(",", "-")
    torch.manual_seed(args.seed)
    net, shape, multiply_adds = ebm_networks.build(model)
    if int(np.prod(shape)) != 784 or args.buffer < args.batch:
        parser.error("the model must take 784 inputs, and --buffer must be at least --batch")

    batch, steps, step_size, noise, data_noise = args.batch, args.steps, 2.5, 0.0025, 0.0025
    reinit, alpha, clip = 0.05, 0.1, 0.1
    data = images(args.data).to(device)
    net = net.to(device)
    params = list(net.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-4, betas=(0.0, 0.999), eps=1e-8)
    buffer = torch.rand(args.buffer, 784, device=device)

    energy = ebm_networks.energy_of(net, shape)

    def sample(x):
        return pcd_peer.langevin(energy, params, x, steps, step_size, noise, (0, 1))

    def iteration():
        positives = data[torch.randint(data.shape[0], (batch,), device=device)]
        positives = (positives + data_noise * torch.randn_like(positives)).clamp_(0, 1)
        negatives = pcd_peer.replay_negatives(buffer, batch, reinit, lambda n: torch.rand(n, 784, device=device), sample)
        return pcd_peer.contrastive_update(energy, positives, negatives, alpha, params, optimizer, clip)

    seconds, loss = pcd_peer.timed(iteration, args.warmup, args.iterations, device)
    rate = args.iterations / seconds
    flops = 3 * 2 * multiply_adds  # forward + two backward products per gradient
    print(json.dumps({
        **torch_device.describe(device),
        "config": {"data": "fashion-mnist", "model": model, "batch": batch, "steps": steps, "step_size": step_size, "noise": noise,
                   "data_noise": data_noise, "buffer": args.buffer, "seed": args.seed},
        "warmup": args.warmup,
        "iterations": args.iterations,
        "seconds": seconds,
        "iterations_per_second": rate,
        "sampler_gflops": rate * batch * steps * flops / 1e9,
        "final_loss": loss.item(),
    }, indent=2))


if __name__ == "__main__":
    main()
