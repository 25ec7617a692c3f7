"""Device choice shared by the PyTorch peers: --device/--threads arguments, synchronisation, and a device name."""
import os

import torch


def add_arguments(parser):
    """Adds --device (cpu, cuda or auto) and --threads to an argparse parser."""
    parser.add_argument("--device", default="auto", help="cpu, cuda or auto (cuda when available)")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: all cores)")


def select(args, parser):
    """Resolves --device auto, rejects cuda without CUDA, sets torch's CPU threads, and returns the torch.device."""
    if args.device == "auto":
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda but torch.cuda.is_available() is False")
    torch.set_num_threads(args.threads or os.cpu_count() or 1)
    return torch.device(args.device)


def sync(device):
    """Waits for queued work on a CUDA device (a no-op on the CPU)."""
    if device.type == "cuda":
        torch.cuda.synchronize()


def describe(device):
    """The engine fields every peer's JSON starts with: engine, torch version, device name, accelerator, threads."""
    return {
        "engine": "torch",
        "torch_version": torch.__version__,
        "device": "cpu" if device.type == "cpu" else torch.cuda.get_device_name(device),
        "accelerator": device.type,
        "threads": torch.get_num_threads(),
    }
