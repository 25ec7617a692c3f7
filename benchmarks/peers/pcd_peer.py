"""The parts the PyTorch PCD peers share: the replay-buffer negatives, the contrastive update and the timed loop."""
import time

import torch

import torch_device


def langevin(energy, params, x, steps, step_size, noise, clamp=None):
    """steps of x <- x - step_size dE/dx + noise xi (then clamped to the (low, high) box when given), dE/dx by
    torch.autograd.grad on E(x).sum() with the parameters' requires_grad off; returns the detached chains."""
    for p in params:
        p.requires_grad_(False)
    for _ in range(steps):
        x = x.detach().requires_grad_(True)
        (grad,) = torch.autograd.grad(energy(x).sum(), x)
        x = x.detach() - step_size * grad + noise * torch.randn_like(x)
        if clamp is not None:
            x = x.clamp_(*clamp)
    for p in params:
        p.requires_grad_(True)
    return x.detach()


def replay_negatives(buffer, batch, reinit, fresh, sample):
    """B distinct slots of the buffer (as ebm draws them), each restarted from fresh(B) with probability reinit, sampled
    by sample(start) and written back; returns the negatives."""
    device = buffer.device
    slots = torch.randperm(buffer.shape[0], device=device)[:batch]
    start = buffer[slots]
    restart = torch.rand(batch, 1, device=device) < reinit
    start = torch.where(restart, fresh(batch), start)
    negatives = sample(start)
    buffer[slots] = negatives
    return negatives


def contrastive_update(energy, positives, negatives, alpha, params, optimizer, clip):
    """mean E(x+) - mean E(x-) + alpha (mean E(x+)^2 + mean E(x-)^2) over one forward pass of [x+; x-], then a global
    gradient-norm clip and one optimiser step; returns the loss (not read back)."""
    batch = positives.shape[0]
    energies = energy(torch.cat([positives, negatives]))
    e_pos, e_neg = energies[:batch], energies[batch:]
    loss = e_pos.mean() - e_neg.mean() + alpha * (e_pos.pow(2).mean() + e_neg.pow(2).mean())
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, clip)
    optimizer.step()
    return loss.detach()


def timed(iteration, warmup, iterations, device):
    """Runs warmup untimed iterations, then times iterations of them between device synchronisations; returns
    (seconds, the last loss)."""
    for _ in range(warmup):
        iteration()
    torch_device.sync(device)
    start = time.perf_counter()
    for _ in range(iterations):
        loss = iteration()
    torch_device.sync(device)
    return time.perf_counter() - start, loss
