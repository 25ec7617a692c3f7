#!/usr/bin/env bash
# gpu-check.sh - everything worth learning on a GPU machine without a .NET SDK, in one go (a few minutes).
#
# Prepare on a machine with the SDK, from the repository root:
#   bash ../shared/device/pack.sh Ebm.Cli        # writes .device/Ebm.Cli.tar.xz (self-contained linux-x64)
# Then, on the GPU machine, from the repository root:
#   bash scripts/gpu-check.sh [LOG_DIR]          # default ./gpu-check-logs (or $GPU_CHECK_LOGS)
#
# Steps (each logged in full to LOG_DIR, each with a time limit, none stops the others):
#   1. unpack the archive to a temporary folder (EBM_ARCHIVE overrides .device/Ebm.Cli.tar.xz; EBM=path/to/ebm
#      skips unpacking, e.g. for a dry run against a local build)
#   2. ebm devices (table and JSON)
#   3. ebm validate --json   (every kernel on every accelerator vs float64 references; exit 1 on failure)
#   4. ebm bench --json      (W1-W4 on cuda when present, else auto)
#   5. the PyTorch peers of W1-W4 on CUDA (benchmarks/peers/torch_workloads.py), when python3 has torch with CUDA
#      (the peers name torch's CPU BLAS in their JSON and torch.err; on the CPU they refuse the reference BLAS)
#   6. a summary table, printed last (also in LOG_DIR/summary.txt)
# GPU_CHECK_BENCH_ARGS adds options to both benchmarks (dry runs: "--chains 256 --steps 5"), GPU_CHECK_EBM_ARGS to ebm
# bench only (e.g. "--scale" for the W1 chain-count sweep); GPU_CHECK_TORCH_CPU=1 runs
# the peers on the CPU when torch has no CUDA; GPU_CHECK_REPEATS (5) and GPU_CHECK_STEP_SECONDS (240) tune the rest.
# CUDA_HOME is set from nvcc when it is on the PATH (ILGPU then uses libdevice's accurate maths).
# Nothing here changes GPU clocks, power limits, MIG or persistence settings.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
logs=${1:-${GPU_CHECK_LOGS:-./gpu-check-logs}}
mkdir -p "$logs"
logs=$(cd "$logs" && pwd)
repeats=${GPU_CHECK_REPEATS:-5}
step_limit=${GPU_CHECK_STEP_SECONDS:-240}
status_file="$logs/steps.tsv"
: > "$status_file"

note() { printf '%s\n' "$*" | tee -a "$logs/gpu-check.log" >&2; }
run_step() {  # run_step NAME OUTFILE CMD...: runs CMD with a time limit, stdout to OUTFILE, stderr to NAME.err
  local name=$1 outfile=$2; shift 2
  local start=$SECONDS rc
  note "== $name: $*"
  timeout "$step_limit" "$@" > "$outfile" 2> "$logs/$name.err"
  rc=$?
  printf '%s\t%s\t%s\n' "$name" "$rc" "$((SECONDS - start))" >> "$status_file"
  note "   exit $rc after $((SECONDS - start)) s"
  return 0
}

note "gpu-check $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname); logs in $logs"
{ nvidia-smi 2>&1 || echo "nvidia-smi not available"; } > "$logs/nvidia-smi.txt"
if [[ -z "${CUDA_HOME:-}" ]] && command -v nvcc > /dev/null 2>&1; then
  CUDA_HOME=$(cd "$(dirname "$(command -v nvcc)")/.." && pwd); export CUDA_HOME
fi
note "CUDA_HOME=${CUDA_HOME:-unset}"

tmp=""
if [[ -z "${EBM:-}" ]]; then
  archive=${EBM_ARCHIVE:-$repo/.device/Ebm.Cli.tar.xz}
  if [[ ! -f "$archive" ]]; then
    note "no $archive: pack it first with 'bash ../shared/device/pack.sh Ebm.Cli'"; exit 2
  fi
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  tar -C "$tmp" -xJf "$archive" || { note "cannot unpack $archive"; exit 2; }
  EBM="$tmp/Ebm.Cli/ebm"
  chmod +x "$EBM"
fi
note "ebm: $EBM"

run_step devices "$logs/devices.txt" $EBM devices
run_step devices-json "$logs/devices.json" $EBM devices --json
accelerator=auto
grep -q '"kind": "cuda"' "$logs/devices.json" 2>/dev/null && accelerator=cuda
run_step validate "$logs/validate.json" $EBM validate --json
read -r -a bench_args <<< "${GPU_CHECK_BENCH_ARGS:-}"
read -r -a ebm_args <<< "${GPU_CHECK_EBM_ARGS:-}"
run_step bench "$logs/bench-ebm.json" $EBM bench --json --accelerator "$accelerator" --repeats "$repeats" "${bench_args[@]}" "${ebm_args[@]}"

PYTHON=${PYTHON:-python3}
torch_device=none
if command -v "$PYTHON" > /dev/null 2>&1 && "$PYTHON" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' > "$logs/torch-probe.txt" 2>&1; then
  torch_device=cuda
elif [[ "${GPU_CHECK_TORCH_CPU:-0}" == 1 ]] && command -v "$PYTHON" > /dev/null 2>&1 && "$PYTHON" -c 'import torch' 2>/dev/null; then
  torch_device=cpu
fi
if [[ "$torch_device" != none ]]; then
  run_step torch "$logs/bench-torch.json" "$PYTHON" "$repo/benchmarks/peers/torch_workloads.py" --device "$torch_device" --repeats "$repeats" "${bench_args[@]}"
else
  note "== torch: skipped (no python3 with CUDA-enabled torch; see $logs/torch-probe.txt)"
fi

summary() {
  if ! command -v python3 > /dev/null 2>&1; then
    echo "(python3 missing: read $logs/*.json)"; cat "$status_file"; return
  fi
  python3 - "$logs" <<'PY'
import json, os, sys
logs = sys.argv[1]
def load(name):
    try:
        with open(os.path.join(logs, name)) as f:
            return json.load(f)
    except Exception as error:
        return None
print("steps (name, exit code, seconds):")
for line in open(os.path.join(logs, "steps.tsv")):
    name, rc, seconds = line.split()
    print(f"  {name:14} exit {rc:>3}  {seconds:>4} s")
devices = load("devices.json")
if devices:
    print("devices: " + ", ".join(f"{d['id']} {d['name']}" for d in devices["devices"]) + f"; auto = {devices['auto']}")
validate = load("validate.json")
if validate:
    failed = [c for c in validate["checks"] if not c["passed"]]
    print(f"validate: {'PASS' if validate['passed'] else 'FAIL'} - {len(validate['checks']) - len(failed)}/{len(validate['checks'])} checks on "
          f"{', '.join(validate['accelerators'])}; absent: {', '.join(validate['absent']) or 'none'}")
    worst = {}
    for c in validate["checks"]:
        key = c["accelerator"]
        ratio = c["max_error"] / c["tolerance"] if c["tolerance"] else (0 if c["max_error"] == 0 else float("inf"))
        if key not in worst or ratio > worst[key][0]:
            worst[key] = (ratio, c["kernel"])
    for key, (ratio, kernel) in worst.items():
        print(f"  closest to its tolerance on {key}: {kernel} ({ratio:.2g} of it)")
    for c in failed:
        print(f"  FAIL {c['kernel']} on {c['accelerator']}: {c['max_error']:.3g} > {c['tolerance']:.3g} ({c['metric']})")
ours, theirs = load("bench-ebm.json"), load("bench-torch.json")
if ours:
    peer = {w["workload"]: w for w in (theirs or {"workloads": []})["workloads"]}
    head = f"{'workload':8} {'chains':>7} {'steps':>5} {'ebm chain-steps/s':>18} {'ebm GFLOP/s':>11} {'torch chain-steps/s':>19} {'ours/theirs':>11}"
    print(f"bench: ebm on {ours['accelerator']} ({ours['device']})" + (f" vs torch {theirs['torch_version']} on {theirs['device']}" if theirs else " (no torch peer)"))
    if theirs and theirs.get("blas"):
        print(f"torch CPU BLAS: {theirs['blas']['kind']} ({theirs['blas']['library']})")
    elif not theirs and os.path.exists(os.path.join(logs, "torch.err")):
        lines = [l.strip() for l in open(os.path.join(logs, "torch.err")) if l.strip()]
        if lines:
            print(f"torch peer: {lines[-1]}")
    print(head); print("-" * len(head))
    for w in ours["workloads"]:
        t = peer.get(w["workload"])
        g = "-" if w["gflops"] is None else f"{w['gflops']:.1f}"
        tr = f"{t['chain_steps_per_second']:.4g}" if t else "-"
        ratio = f"{w['chain_steps_per_second'] / t['chain_steps_per_second']:.3f}" if t else "-"
        print(f"{w['workload']:8} {w['chains']:>7} {w['steps']:>5} {w['chain_steps_per_second']:>18.4g} {g:>11} {tr:>19} {ratio:>11}")
PY
}
summary | tee "$logs/summary.txt"
