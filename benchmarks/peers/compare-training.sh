#!/usr/bin/env bash
# compare-training.sh - training iterations/s of `ebm train` with its defaults (8gaussians, mlp:2-64-64-1:silu, pcd,
# batch 128, k 20 ULA steps, buffer 1,000) next to the same PCD loop in PyTorch (torch_pcd.py), back to back.
# The literature schedule of the trainer's library defaults: --width 128 --batch 256 --k 60 --buffer 10000.
# ebm runs without its Gaussian base term and learning-rate decay (--base-scale none --lr-decay none) so that both
# sides run the same loop; neither changes the work of an iteration measurably.
#
# Usage (from anywhere; build Ebm.Cli in Release first, or set EBM):
#   bash benchmarks/peers/compare-training.sh [--accelerator A] [--torch-device cpu|cuda|auto] [--iterations N]
#                                             [--warmup W] [--batch B] [--k K] [--width H] [--buffer S]
#                                             [--threads T] [--seed s] [--allow-reference-blas] [--out DIR]
#
#   EBM     the command that runs ebm (default: dotnet <repo>/Ebm.Cli/bin/Release/net10.0/ebm.dll). For the PoCL
#           OpenCL device run ours inside the Debian 13 root and torch on the host:
#             EBM="bash scripts/opencl-root.sh -- dotnet Ebm.Cli/bin/Release/net10.0/ebm.dll" \
#               bash benchmarks/peers/compare-training.sh --accelerator opencl
#   PYTHON  the interpreter with torch (default /usr/bin/python3).
#
# On the CPU, torch must use an optimised BLAS (OpenBLAS, MKL or BLIS); Debian's python3-torch loads the reference
# BLAS through libblas.so.3 unless one is installed (`apt-get install libopenblas0-pthread`). torch_pcd.py prints the
# BLAS it loaded and refuses the reference one (exit 2, checked here before ebm runs) unless --allow-reference-blas.
#
# Timing. torch: W untimed warm-up iterations, then N timed ones (torch_pcd.py). ebm: `ebm train --json` reports
# `seconds` for its whole training loop, first iteration (kernel compilation) included, so ebm runs twice: W and
# W + N iterations (same seed, so the same work up to W), and ours = N / (seconds(W + N) - seconds(W)); this also
# drops process start, data generation and the post-training test NLL, which are outside `seconds` anyway (the W run
# goes once more first, untimed, so that a cold OpenCL kernel cache is filled before either timed run). The
# loop's checkpoint writes (every 100 iterations, to --out) stay inside. --warmup 0 runs ebm once and uses its raw
# iterations_per_s. The table also shows ebm's raw rate of the longer run (warm-up and compilation included).
#
# Length: an ebm iteration of the literature schedule takes ~2-5 s on the ILGPU CPU accelerator (cpu:0) of a 2-core
# machine; use e.g. --warmup 2 --iterations 20 there for that schedule.
#
# Writes ebm-warmup.json, ebm.json and torch.json to --out (default: a temporary folder) and prints a table:
# iterations/s ours (steady), theirs, and the ratio ours/theirs (> 1: ebm is faster), under a line naming torch's
# CPU BLAS.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
accelerator=auto torch_device=auto iterations=200 warmup=10 batch=128 k=20 width=64 buffer=1000 threads="" seed=0 out="" blas_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --accelerator) accelerator=$2; shift 2 ;;
    --torch-device) torch_device=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --k) k=$2; shift 2 ;;
    --width) width=$2; shift 2 ;;
    --buffer) buffer=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --allow-reference-blas) blas_extra=(--allow-reference-blas); shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "compare-training.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
PYTHON=${PYTHON:-/usr/bin/python3}
EBM=${EBM:-dotnet $repo/Ebm.Cli/bin/Release/net10.0/ebm.dll}
out=${out:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
torch_extra=()
[[ -n "$threads" ]] && torch_extra+=(--threads "$threads")
torch_extra+=("${blas_extra[@]}")

train() {  # train ITERATIONS NAME: one `ebm train --json` run into $out/NAME.json
  local args=(train --json --data 8gaussians --model "mlp:2-$width-$width-1:silu" --method pcd --sampler ula
              --base-scale none --lr-decay none
              --iterations "$1" --batch "$batch" --k "$k" --buffer "$buffer" --seed "$seed" --accelerator "$accelerator"
              --out "$out/$2.safetensors" --checkpoint "$out/$2.checkpoint.safetensors")
  echo "ebm:   $EBM ${args[*]}" >&2
  $EBM "${args[@]}" > "$out/$2.json"
}

cd "$repo"
# torch's device and CPU BLAS first: a refusal (reference BLAS) should not wait for the ebm runs.
if ! "$PYTHON" "$here/torch_device.py" --device "$torch_device" "${torch_extra[@]}" > /dev/null 2> "$out/torch-check.err"; then
  cat "$out/torch-check.err" >&2; exit 2
fi
rm -f "$out/ebm-warmup.json"
# The warm-up run goes twice: the first fills the OpenCL driver's on-disk kernel cache (PoCL compiles a kernel once per
# machine), so that the two runs whose difference is timed both compile the same way.
if [[ "$warmup" -gt 0 ]]; then
  train "$warmup" ebm-warmup
  train "$warmup" ebm-warmup
fi
train $((warmup + iterations)) ebm
echo "torch: $PYTHON $here/torch_pcd.py --device $torch_device --iterations $iterations --warmup $warmup --batch $batch --steps $k --width $width --buffer $buffer --seed $seed ${torch_extra[*]}" >&2
"$PYTHON" "$here/torch_pcd.py" --device "$torch_device" --iterations "$iterations" --warmup "$warmup" --batch "$batch" \
  --steps "$k" --width "$width" --buffer "$buffer" --seed "$seed" "${torch_extra[@]}" > "$out/torch.json"

"$PYTHON" - "$out" "$iterations" "$batch" "$k" <<'PY'
import json, os, sys
out, n, batch, k = sys.argv[1], *map(int, sys.argv[2:5])
ours = json.load(open(os.path.join(out, "ebm.json")))
theirs = json.load(open(os.path.join(out, "torch.json")))
warm_path = os.path.join(out, "ebm-warmup.json")
raw = ours["iterations_per_s"]
if os.path.exists(warm_path):
    warm = json.load(open(warm_path))
    if ours["seconds"] <= warm["seconds"]:
        sys.exit(f"compare-training.sh: the run of {ours['iterations']} iterations took {ours['seconds']:.2f} s, no longer than the warm-up run of {warm['iterations']} ({warm['seconds']:.2f} s); rerun with more --iterations")
    steady = (ours["iterations"] - warm["iterations"]) / (ours["seconds"] - warm["seconds"])
    how = f"ebm: {ours['iterations'] - warm['iterations']} iterations timed as the difference of runs of {warm['iterations']} and {ours['iterations']}"
else:
    steady = raw
    how = f"ebm: no warm-up; {ours['iterations']} iterations including the first (kernel compilation)"
rate = theirs["iterations_per_second"]
print(f"ebm on {ours['accelerator']} vs torch {theirs['torch_version']} on {theirs['device']} ({theirs['threads']} threads)")
print(f"{how}; torch: {theirs['iterations']} timed after {theirs['warmup']} warm-up")
blas = theirs.get("blas") or {"kind": "unknown", "library": "not reported"}
print(f"torch CPU BLAS: {blas['kind']} ({blas['library']})" + (" - GEMMs on cuBLAS" if theirs["accelerator"] == "cuda" else ""))
header = f"{'batch':>5}  {'k':>3}  {'ebm it/s':>9}  {'torch it/s':>10}  {'ours/theirs':>11}  {'ebm it/s raw':>12}  {'ebm chain-steps/s':>17}  {'torch chain-steps/s':>19}"
print(header)
print("-" * len(header))
print(f"{batch:>5}  {k:>3}  {steady:>9.3f}  {rate:>10.3f}  {steady / rate:>11.3f}  {raw:>12.3f}  {steady * batch * k:>17.4g}  {theirs['chain_steps_per_second']:>19.4g}")
print(f"torch final loss {theirs['final_loss']:.4f} (ebm --json reports no loss); ebm test NLL {ours.get('test_nll')}")
PY
echo "(JSON in $out)" >&2
