#!/usr/bin/env bash
# compare.sh - run `ebm bench --json` and the PyTorch peers back to back and print ours/theirs per workload.
#
# Usage (from anywhere; build Ebm.Cli in Release first, or set EBM):
#   bash benchmarks/peers/compare.sh [--accelerator A] [--torch-device cpu|cuda|auto] [--workload W1|W2|W3|W4|all]
#                                    [--repeats N] [--chains N] [--steps K] [--allow-reference-blas] [--out DIR]
#
#   EBM     the command that runs ebm (default: dotnet <repo>/Ebm.Cli/bin/Release/net10.0/ebm.dll). For the PoCL
#           OpenCL device run ours inside the Debian 13 root and torch on the host:
#             EBM="bash scripts/opencl-root.sh -- dotnet Ebm.Cli/bin/Release/net10.0/ebm.dll" \
#               bash benchmarks/peers/compare.sh --accelerator opencl
#   PYTHON  the interpreter with torch (default /usr/bin/python3).
#
# On the CPU, torch must use an optimised BLAS (OpenBLAS, MKL or BLIS): its GEMMs are many times slower on the
# reference BLAS, which Debian's python3-torch loads through libblas.so.3 unless an optimised one is installed
# (`apt-get install libopenblas0-pthread`). The peers print the BLAS they loaded and refuse the reference one
# (exit 2, checked here before ebm runs) unless --allow-reference-blas.
#
# Writes ebm.json and torch.json to --out (default: a temporary folder) and prints a table:
# workload, ours and theirs in chain-steps/s, and the ratio ours/theirs (> 1: ebm is faster), under a line naming
# torch's CPU BLAS.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
accelerator=auto torch_device=auto workload=all repeats=5 chains="" steps="" out="" torch_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --accelerator) accelerator=$2; shift 2 ;;
    --torch-device) torch_device=$2; shift 2 ;;
    --workload) workload=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --chains) chains=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --allow-reference-blas) torch_extra+=(--allow-reference-blas); shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
PYTHON=${PYTHON:-/usr/bin/python3}
EBM=${EBM:-dotnet $repo/Ebm.Cli/bin/Release/net10.0/ebm.dll}
out=${out:-$(mktemp -d)}
mkdir -p "$out"
extra=()
[[ -n "$chains" ]] && extra+=(--chains "$chains")
[[ -n "$steps" ]] && extra+=(--steps "$steps")

cd "$repo"
# torch's device and CPU BLAS first: a refusal (reference BLAS) should not wait for the ebm run.
if ! "$PYTHON" "$here/torch_device.py" --device "$torch_device" "${torch_extra[@]}" > /dev/null 2> "$out/torch-check.err"; then
  cat "$out/torch-check.err" >&2; exit 2
fi
echo "ebm:   $EBM bench --json --workload $workload --repeats $repeats --accelerator $accelerator ${extra[*]}" >&2
$EBM bench --json --workload "$workload" --repeats "$repeats" --accelerator "$accelerator" "${extra[@]}" > "$out/ebm.json"
echo "torch: $PYTHON $here/torch_workloads.py --device $torch_device --workload $workload --repeats $repeats ${extra[*]} ${torch_extra[*]}" >&2
"$PYTHON" "$here/torch_workloads.py" --device "$torch_device" --workload "$workload" --repeats "$repeats" "${extra[@]}" "${torch_extra[@]}" > "$out/torch.json"

"$PYTHON" - "$out/ebm.json" "$out/torch.json" <<'PY'
import json, sys
ours, theirs = (json.load(open(path)) for path in sys.argv[1:3])
by_name = {w["workload"]: w for w in theirs["workloads"]}
print(f"ebm on {ours['accelerator']} ({ours['device']}) vs torch {theirs['torch_version']} on {theirs['device']} ({theirs['threads']} threads)")
blas = theirs.get("blas") or {"kind": "unknown", "library": "not reported"}
print(f"torch CPU BLAS: {blas['kind']} ({blas['library']})" + (" - GEMMs on cuBLAS" if theirs["accelerator"] == "cuda" else ""))
header = f"{'workload':8}  {'chains':>7}  {'steps':>5}  {'ebm chain-steps/s':>18}  {'torch chain-steps/s':>19}  {'ours/theirs':>11}  {'ebm GFLOP/s':>11}  {'torch GFLOP/s':>13}"
print(header)
print("-" * len(header))
fmt = lambda v: "-" if v is None else f"{v:.2f}"
for w in ours["workloads"]:
    t = by_name.get(w["workload"])
    if t is None:
        continue
    ratio = w["chain_steps_per_second"] / t["chain_steps_per_second"]
    print(f"{w['workload']:8}  {w['chains']:>7}  {w['steps']:>5}  {w['chain_steps_per_second']:>18.4g}  {t['chain_steps_per_second']:>19.4g}  {ratio:>11.3f}  {fmt(w['gflops']):>11}  {fmt(t['gflops']):>13}")
PY
echo "(JSON in $out)" >&2
