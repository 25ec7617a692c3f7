#!/usr/bin/env python3
"""PyTorch peer of Ebm's PCD training loop (defaults: the library's literature schedule; compare-training.sh passes `ebm train`'s): persistent contrastive divergence on FFJORD's 8gaussians, the loop
a PyTorch user would write. Times --iterations training iterations after --warmup untimed ones and prints JSON.

    /usr/bin/python3 benchmarks/peers/torch_pcd.py [--iterations 200] [--warmup 10] [--batch 256] [--steps 60]
        [--width 128] [--buffer 10000] [--threads T] [--device cpu|cuda|auto] [--seed 0]

One iteration, as in Ebm.Facade's ContrastiveDivergenceTrainer with TrainerOptions' defaults:
  * data: 20,000 points of 8gaussians (centres on a circle of radius 4/sqrt(2), sd 0.5/sqrt(2)); a batch of B rows
    drawn uniformly with replacement;
  * negatives: B distinct replay-buffer slots (buffer of 10,000 points, filled with uniform noise in the data's bounding
    box widened by 10% of its extent on each side); each chain restarts from fresh uniform noise in that box with
    probability 0.05; k = 60 true-ULA steps x <- x - eps * dE/dx + sqrt(2 eps) * xi, eps = 0.01 (temperature 1);
    the chains are written back to their slots;
  * loss: mean E(x+) - mean E(x-) + alpha * (mean E(x+)^2 + mean E(x-)^2), alpha = 0.1, one forward pass over [x+; x-];
  * update: global gradient-norm clip to 0.1, then Adam(lr 1e-3, betas (0, 0.999), eps 1e-8, no weight decay).
Model: nn.Sequential(Linear(2, W), SiLU, Linear(W, W), SiLU, Linear(W, 1)) with nn.Linear's default initialisation
(weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) in effect, the scheme MlpSpec.Initialize reproduces).

Sampling is written the common way: dE/dx by torch.autograd.grad on E(x).sum(), one call per ULA step, with the
network's parameters set to requires_grad=False while sampling (as the UvA EBM tutorial does: no parameter-side
graph is recorded during the 60 steps) and back to True for the loss. Chains are detached after every step, so no
graph spans steps. Nothing is read back to the host inside the timed loop (no loss.item() per iteration); the
timed region starts and ends with a device synchronize.

Differences from ebm that do not change the work in kind: random numbers come from torch's generator, not Philox;
ebm draws batch row g's data point and replay slot from the g-th of B equal blocks of the data and of the buffer
(stratified, so that data-parallel members hold blocks), this loop draws them uniformly;
ebm evaluates E and dE/dx once more per iteration (at the chains' starting points, then after each of the k steps:
k + 1 gradient evaluations, the last unused), this loop evaluates k; ebm's backward for the loss forms per-row
parameter gradients [2B, P] and sums them with weights, this loop uses loss.backward().
"""
import argparse
import json
import math
import os

import torch

import pcd_peer
import torch_device


def eight_gaussians(n, device):
    """FFJORD's 8gaussians: a centre chosen uniformly among 8 on a circle of radius 4/sqrt(2), plus N(0, (0.5/sqrt(2))^2 I)."""
    angles = torch.arange(8, dtype=torch.float64) * (math.pi / 4)
    centres = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1) * (4 / math.sqrt(2))
    which = torch.randint(8, (n,))
    points = centres[which] + torch.randn(n, 2, dtype=torch.float64) * (0.5 / math.sqrt(2))
    return points.to(device=device, dtype=torch.float32)


def bounding_box(points, margin):
    low, high = points.min(dim=0).values, points.max(dim=0).values
    extent = (high - low).clamp(min=1e-3)
    return low - margin * extent, high + margin * extent


def uniform_in(low, high, n):
    return low + (high - low) * torch.rand(n, low.shape[0], device=low.device)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    torch_device.add_arguments(parser)
    parser.add_argument("--iterations", type=int, default=200, help="timed training iterations")
    parser.add_argument("--warmup", type=int, default=10, help="untimed iterations first")
    parser.add_argument("--batch", type=int, default=256, help="data points and negative chains per iteration")
    parser.add_argument("--steps", type=int, default=60, help="ULA steps per iteration (k)")
    parser.add_argument("--width", type=int, default=128, help="hidden width of the MLP 2-W-W-1")
    parser.add_argument("--buffer", type=int, default=10_000, help="replay buffer size")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    device = torch_device.select(args, parser)
    if args.iterations < 1 or args.warmup < 0 or args.batch < 1 or args.steps < 1 or args.width < 1:
        parser.error("--iterations, --batch, --steps and --width must be at least 1, --warmup at least 0")
    if args.buffer < args.batch:
        parser.error("--buffer must be at least --batch")

    batch, steps, step_size = args.batch, args.steps, 0.01
    noise = math.sqrt(2 * step_size)  # true ULA
    reinit, margin, alpha, clip, n_data = 0.05, 0.1, 0.1, 0.1, 20_000

    torch.manual_seed(args.seed)
    data = eight_gaussians(n_data, device)
    low, high = bounding_box(data, margin)
    net = torch.nn.Sequential(
        torch.nn.Linear(2, args.width), torch.nn.SiLU(),
        torch.nn.Linear(args.width, args.width), torch.nn.SiLU(),
        torch.nn.Linear(args.width, 1),
    ).to(device)
    params = list(net.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-3, betas=(0.0, 0.999), eps=1e-8, weight_decay=0.0)
    buffer = uniform_in(low, high, args.buffer)

    def energy(x):
        return net(x).squeeze(1)

    def sample(x):
        return pcd_peer.langevin(energy, params, x, steps, step_size, noise, None)

    def iteration():
        positives = data[torch.randint(n_data, (batch,), device=device)]
        negatives = pcd_peer.replay_negatives(buffer, batch, reinit, lambda n: uniform_in(low, high, n), sample)
        return pcd_peer.contrastive_update(energy, positives, negatives, alpha, params, optimizer, clip)

    seconds, loss = pcd_peer.timed(iteration, args.warmup, args.iterations, device)
    rate = args.iterations / seconds

    print(json.dumps({
        **torch_device.describe(device),
        "config": {
            "data": "8gaussians", "data_points": n_data, "layers": [2, args.width, args.width, 1], "activation": "silu",
            "batch": batch, "steps": steps, "sampler": "ula", "step_size": step_size, "noise": noise,
            "buffer": args.buffer, "reinit_probability": reinit, "reinit_margin": margin, "energy_regularization": alpha,
            "optimizer": "adam", "learning_rate": 1e-3, "betas": [0.0, 0.999], "weight_decay": 0.0,
            "gradient_clip": clip, "seed": args.seed,
        },
        "warmup": args.warmup,
        "iterations": args.iterations,
        "seconds": seconds,
        "iterations_per_second": rate,
        "chain_steps_per_second": rate * batch * steps,
        "final_loss": loss.item(),
        "finite": bool(torch.isfinite(buffer).all().item()),
    }, indent=2))


if __name__ == "__main__":
    main()
