#!/usr/bin/env python3
"""PyTorch peers of `ebm bench`: the workloads W1-W5 with the same sizes, written the way a PyTorch user would
(batched tensors, gradients by autograd), timed the same way (one untimed warm-up, median of repeats, each repeat
ended by a device synchronize). Prints JSON.

    /usr/bin/python3 benchmarks/peers/torch_workloads.py [--device cpu|cuda|auto] [--workload W1|W2|W3|W4|W5|all]
                                                        [--repeats 5] [--chains N] [--steps K] [--threads T]
                                                        [--allow-reference-blas]

W1  ULA on the 8-component 2-D ring mixture (sigma 0.3, radius 2), 16,384 chains x 200 steps, step 0.01.
W2  SGLD (ULA step 0.01, noise 0.005) on an MLP 2-128-128-1 SiLU (nn.Linear default init), 4,096 chains x 60 steps.
W3  HMC (L = 10, step 0.2) on a 100-D AR(1) Gaussian (rho 0.5, dense precision), 4,096 chains x 10 transitions.
W4  SGLD (ULA step 0.01, noise 0.005, clamped to [0, 1]) on an MLP 784-512-512-1 SiLU (nn.Linear default init),
    1,024 chains x 20 steps, starting uniform on [0, 1]^784.
W5  W4's SGLD on the conv energy conv:1x28x28:16k3s2,32k3s2,64k3s2:silu:avg (ebm_networks.py: Conv2d 3x3 stride 2
    padding 1 with SiLU, AdaptiveAvgPool2d(1), Flatten, Linear(64, 1); default init), 1,024 chains x 20 steps.

On the CPU torch's GEMMs are only as fast as the BLAS it loaded: the peer prints that library to stderr and into the
JSON ("blas"), and refuses the reference BLAS (Debian's python3-torch with libblas3 alone; `apt-get install
libopenblas0-pthread`) unless --allow-reference-blas.
"""
import argparse
import json
import math
import statistics
import time

import torch

import ebm_networks
import torch_device


def energy_grad(energy, x):
    """E(x) per chain and dE/dx by autograd (x detached)."""
    x = x.detach().requires_grad_(True)
    e = energy(x)
    (g,) = torch.autograd.grad(e.sum(), x)
    return e.detach(), g


def ring_energy(device):
    k = torch.arange(8, device=device, dtype=torch.float32)
    means = torch.stack([2 * torch.cos(2 * math.pi * k / 8), 2 * torch.sin(2 * math.pi * k / 8)], dim=1)  # [8, 2]
    sigma = 0.3
    log_norm = math.log(1 / 8) - 2 * math.log(sigma) - math.log(2 * math.pi)

    def energy(x):  # x [C, 2]
        d2 = ((x[:, None, :] - means[None, :, :]) ** 2).sum(-1) / (sigma * sigma)
        return -torch.logsumexp(log_norm - 0.5 * d2, dim=1)

    return energy


def mlp_energy(device, seed, layers=(2, 128, 128, 1)):
    torch.manual_seed(seed)
    modules = []
    for fan_in, fan_out in zip(layers[:-1], layers[1:]):
        modules += [torch.nn.Linear(fan_in, fan_out), torch.nn.SiLU()]
    net = torch.nn.Sequential(*modules[:-1]).to(device)  # no SiLU after the last Linear
    for p in net.parameters():
        p.requires_grad_(False)  # sampling needs grad wrt x only
    return lambda x: net(x)[:, 0]


def ar1_energy(device, d=100, rho=0.5):
    i = torch.arange(d, dtype=torch.float64)
    cov = rho ** (i[:, None] - i[None, :]).abs()
    precision = torch.linalg.inv(cov).to(device=device, dtype=torch.float32)
    return lambda x: 0.5 * ((x @ precision) * x).sum(1)


def ula(energy, x, steps, step_size, noise, generator, clamp=None):
    """x <- x - step_size * dE/dx + noise * xi, then clamped to [low, high] when clamp = (low, high)."""
    e, g = energy_grad(energy, x)
    for _ in range(steps):
        xi = torch.randn(x.shape, device=x.device, generator=generator)
        x = x - step_size * g + noise * xi
        if clamp is not None:
            x = x.clamp(*clamp)
        e, g = energy_grad(energy, x)
    return x


def hmc(energy, x, transitions, step_size, leapfrog, generator):
    e, g = energy_grad(energy, x)
    for _ in range(transitions):
        p = torch.randn(x.shape, device=x.device, generator=generator)
        h0 = e + 0.5 * (p * p).sum(1)
        xn, gn, en = x, g, e
        for _ in range(leapfrog):
            p = p - 0.5 * step_size * gn
            xn = xn + step_size * p
            en, gn = energy_grad(energy, xn)
            p = p - 0.5 * step_size * gn
        h1 = en + 0.5 * (p * p).sum(1)
        u = torch.rand(x.shape[0], device=x.device, generator=generator)
        accept = (torch.log(u) < (h0 - h1)) & torch.isfinite(h1)
        x = torch.where(accept[:, None], xn, x)
        e = torch.where(accept, en, e)
        g = torch.where(accept[:, None], gn, g)
    return x


WORKLOADS = {
    # name: (default chains, default steps, gradients per step, FLOP per gradient or None, dim)
    "W1": (16384, 200, 1, None, 2),
    "W2": (4096, 60, 1, 3.0 * 2 * (2 * 128 + 128 * 128 + 128 * 1), 2),
    "W3": (4096, 10, 10, 2.0 * 100 * 100 + 3 * 100, 100),
    "W4": (1024, 20, 1, 3.0 * 2 * (784 * 512 + 512 * 512 + 512 * 1), 784),
    "W5": (1024, 20, 1, 3.0 * 2 * (16 * 196 * 9 + 32 * 49 * 144 + 64 * 16 * 288), 784),
}

W5_NETWORK = "conv:1x28x28:16k3s2,32k3s2,64k3s2:silu:avg"


def conv_energy(device, seed):
    torch.manual_seed(seed)
    net, shape, _ = ebm_networks.build(W5_NETWORK)
    net = net.to(device)
    for p in net.parameters():
        p.requires_grad_(False)
    return ebm_networks.energy_of(net, shape)


def run(name, device, repeats, chains, steps, seed):
    default_chains, default_steps, grads_per_step, flop, dim = WORKLOADS[name]
    chains = chains or default_chains
    steps = steps or default_steps
    gen = torch.Generator(device=device)
    gen.manual_seed(seed)
    if name in ("W4", "W5"):
        x = torch.rand(chains, dim, device=device, generator=gen)  # images in [0, 1]^784
    else:
        x = torch.randn(chains, dim, device=device, generator=gen)
    if name == "W1":
        energy = ring_energy(device)
        go = lambda x, k: ula(energy, x, k, 0.01, math.sqrt(2 * 0.01), gen)
    elif name == "W2":
        energy = mlp_energy(device, seed)
        go = lambda x, k: ula(energy, x, k, 0.01, 0.005, gen)
    elif name == "W3":
        energy = ar1_energy(device)
        go = lambda x, k: hmc(energy, x, k, 0.2, 10, gen)
    else:
        energy = mlp_energy(device, seed, (784, 512, 512, 1)) if name == "W4" else conv_energy(device, seed)
        go = lambda x, k: ula(energy, x, k, 0.01, 0.005, gen, clamp=(0.0, 1.0))
    x = go(x, 1)  # warm-up, untimed
    torch_device.sync(device)
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        x = go(x, steps)
        torch_device.sync(device)
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    rate = chains * steps / median
    return {
        "workload": name,
        "chains": chains,
        "steps": steps,
        "gradients_per_step": grads_per_step,
        "repeats": repeats,
        "seconds": seconds,
        "median_seconds": median,
        "chain_steps_per_second": rate,
        "gradient_evaluations_per_second": rate * grads_per_step,
        "flop_per_gradient": flop,
        "gflops": None if flop is None else rate * grads_per_step * flop / 1e9,
        "finite": bool(torch.isfinite(x).all().item()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    torch_device.add_arguments(parser)
    parser.add_argument("--workload", default="all", help="W1, W2, W3, W4, W5 or all")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--chains", type=int, default=None, help="override every workload's chain count")
    parser.add_argument("--steps", type=int, default=None, help="override every workload's steps")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    names = list(WORKLOADS) if args.workload.lower() == "all" else [args.workload.upper()]
    for name in names:
        if name not in WORKLOADS:
            parser.error(f"--workload must be W1, W2, W3, W4, W5 or all; got {args.workload}")
    device = torch_device.select(args, parser)
    with torch.inference_mode(False):
        results = [run(name, device, args.repeats, args.chains, args.steps, args.seed) for name in names]
    print(json.dumps({
        **torch_device.describe(device),
        "workloads": results,
    }, indent=2))


if __name__ == "__main__":
    main()
