"""Device choice shared by the PyTorch peers: --device/--threads/--allow-reference-blas arguments, the CPU BLAS guard,
synchronisation, and a device name."""
import ctypes
import ctypes.util
import os
import re
import sys

import torch

REFERENCE_BLAS_HINT = "apt-get install libopenblas0-pthread"


def add_arguments(parser):
    """Adds --device (cpu, cuda or auto), --threads and --allow-reference-blas to an argparse parser."""
    parser.add_argument("--device", default="auto", help="cpu, cuda or auto (cuda when available)")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: all cores)")
    parser.add_argument("--allow-reference-blas", action="store_true",
                        help="run on the CPU even when torch loaded the reference (Netlib) BLAS, "
                             "whose GEMMs are many times slower than OpenBLAS's or MKL's")


def select(args, parser):
    """Resolves --device auto, rejects cuda without CUDA, sets torch's CPU threads, prints the CPU BLAS torch loaded
    to stderr, refuses (exit 2) a CPU run on the reference BLAS unless --allow-reference-blas, and returns the
    torch.device."""
    if args.device == "auto":
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda but torch.cuda.is_available() is False")
    torch.set_num_threads(args.threads or os.cpu_count() or 1)
    device = torch.device(args.device)
    blas = blas_info()
    print(f"{parser.prog}: torch CPU BLAS: {blas['kind']} ({blas['library']})"
          + (" - not used for this run's GEMMs (cuBLAS on CUDA)" if device.type == "cuda" else ""), file=sys.stderr)
    if blas["kind"] == "reference" and device.type == "cpu" and not getattr(args, "allow_reference_blas", False):
        parser.exit(2, f"{parser.prog}: torch uses the reference BLAS {blas['library']}, whose GEMMs are many times "
                       f"slower than an optimised BLAS's; `{REFERENCE_BLAS_HINT}` (or pass --allow-reference-blas)\n")
    return device


def sync(device):
    """Waits for queued work on a CUDA device (a no-op on the CPU)."""
    if device.type == "cuda":
        torch.cuda.synchronize()


def describe(device):
    """The engine fields every peer's JSON starts with: engine, torch version, device name, accelerator, threads, and
    the CPU BLAS torch loaded ({"library", "kind", "build"}; see blas_info)."""
    return {
        "engine": "torch",
        "torch_version": torch.__version__,
        "device": "cpu" if device.type == "cpu" else torch.cuda.get_device_name(device),
        "accelerator": device.type,
        "threads": torch.get_num_threads(),
        "blas": blas_info(),
    }


def classify_blas(path):
    """The kind of BLAS a library's path names: openblas, mkl, blis, atlas, reference (Netlib's libblas, as Debian's
    /usr/lib/x86_64-linux-gnu/blas/libblas.so.3) or unknown. Pass the path with symbolic links resolved."""
    if not path:
        return "unknown"
    path = path.lower()
    name = os.path.basename(path)
    if "openblas" in path:  # .../openblas-pthread/libblas.so.3, libopenblasp-r0.3.21.so
        return "openblas"
    if name.startswith("libmkl") or "/mkl/" in path:  # libmkl_rt.so.2, libmkl_intel_lp64.so, /opt/intel/mkl/...
        return "mkl"
    if "blis" in path:  # .../blis-pthread/libblas.so.3, libblis.so.4
        return "blis"
    if "atlas" in path:  # .../atlas/libblas.so.3
        return "atlas"
    if re.match(r"lib(c?blas|refblas)\.so", name) or "netlib" in path:  # .../blas/libblas.so.3.11.0
        return "reference"
    return "unknown"


_blas = None


def blas_info():
    """The BLAS torch's CPU GEMMs call, as {"library": path, "kind": classify_blas(path), "build": torch's
    BLAS_INFO}: the library that provides sgemm_ where torch's libtorch_cpu finds it (dladdr on the address dlsym
    resolves, symbolic links such as Debian's /etc/alternatives resolved), else the first BLAS among the libraries
    mapped into the process (/proc/self/maps), else BLAS_INFO itself when torch has its BLAS linked in (pip wheels'
    MKL). Computed once, after a tiny matmul so that a lazily loaded BLAS is mapped."""
    global _blas
    if _blas is None:
        torch.ones(4, 4) @ torch.ones(4, 4)
        match = re.search(r"BLAS_INFO=([\w-]+)", torch.__config__.show())
        build = match.group(1) if match else "unknown"
        mapped = _mapped_libraries()
        library = _sgemm_provider(mapped)
        if library is None or classify_blas(library) == "unknown":
            candidates = [p for p in mapped if classify_blas(p) != "unknown"]
            rank = ["mkl", "openblas", "blis", "atlas", "reference"]
            candidates.sort(key=lambda p: rank.index(classify_blas(p)))
            library = candidates[0] if candidates else library
        kind = classify_blas(library)
        if kind == "unknown" and library is not None and _has_symbol(library, "openblas_get_config"):
            kind = "openblas"
        if library is None and build in ("mkl", "openblas", "blis", "atlas"):
            library, kind = f"(linked into torch, BLAS_INFO={build})", build
        _blas = {"library": library or "(not found)", "kind": kind, "build": build}
    return _blas


def _mapped_libraries():
    """Shared objects mapped into this process, symbolic links resolved, in first-mapped order ([] off Linux)."""
    seen = []
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                fields = line.split(None, 5)
                if len(fields) == 6 and fields[5].startswith("/") and ".so" in fields[5]:
                    path = os.path.realpath(fields[5].strip())
                    if path not in seen:
                        seen.append(path)
    except OSError:
        pass
    return seen


class _DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]


def _sgemm_provider(mapped):
    """The file that provides the sgemm_ torch binds: looked up first in the global scope (what the dynamic linker
    searches first), then in libtorch_cpu's own dependency tree; None when it cannot be told."""
    try:
        try:
            dladdr = ctypes.CDLL(None).dladdr
        except AttributeError:  # glibc before 2.34
            dladdr = ctypes.CDLL(ctypes.util.find_library("dl") or "libdl.so.2").dladdr
        dladdr.argtypes = [ctypes.c_void_p, ctypes.POINTER(_DlInfo)]
        handles = [ctypes.CDLL(None)]
        for path in mapped:
            if os.path.basename(path).startswith(("libtorch_cpu.", "libtorch.")):
                handles.append(ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_LAZY))
        for handle in handles:
            try:
                address = ctypes.cast(handle.sgemm_, ctypes.c_void_p).value
            except AttributeError:
                continue
            info = _DlInfo()
            if dladdr(address, ctypes.byref(info)) and info.dli_fname:
                return os.path.realpath(os.fsdecode(info.dli_fname))
    except (OSError, AttributeError):
        pass
    return None


def _has_symbol(path, name):
    """Whether the already loaded library at path, or one it depends on, defines the symbol name."""
    try:
        getattr(ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_LAZY), name)
        return True
    except (OSError, AttributeError):
        return False


def main():
    """The checks of select() alone (the scripts run them before the long ebm side), then describe()'s JSON."""
    import argparse
    import json
    parser = argparse.ArgumentParser(
        prog="torch_device.py",
        description="Prints the JSON fields the PyTorch peers start with (device, threads, CPU BLAS); exits 2, as the "
                    "peers do, on the reference BLAS for a CPU run unless --allow-reference-blas.")
    add_arguments(parser)
    print(json.dumps(describe(select(parser.parse_args(), parser)), indent=2))


if __name__ == "__main__":
    main()
