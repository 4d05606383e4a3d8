#!/usr/bin/env bash
# The GPU check (issue 8), one command on a CUDA machine with CuPy and PyTorch installed:
#
#     bash benchmarks/gpu_check.sh
#
# 1. the test suite on the CuPy backend (SCRATCHGAN_TEST_BACKEND=cupy; the lesson
#    notebooks are left out: they run on NumPy whatever the backend);
# 2. parity: NumPy vs CuPy parameters after the same steps from the same seed,
#    z and real batches drawn on the host (benchmarks/parity.py);
# 3. ms per train_step, CuPy vs PyTorch CUDA eager, batch 64 256 1024 4096
#    (warmed up; every step ends with a device -> host copy, so wall time is device time).
# Installs nothing, needs no network, stays under 6 minutes (each part has a time limit),
# writes full logs to $OUT (or a fresh temporary folder) and prints a short table last.
# Exit status: 0 when every part passed and the speed target (CuPy <= 1.2x torch at B >= 1024) holds;
# 2 (and one line saying why) when CuPy or a GPU is missing.
set -u -o pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
LOG="${OUT:-$(mktemp -d -t scratchgan-gpu-XXXX)}"
mkdir -p "$LOG"
PY="${PYTHON:-python}"

{ date; nvidia-smi 2>&1 | head -15
  "$PY" -c "import sys, numpy, cupy; print(sys.version); print('numpy', numpy.__version__, 'cupy', cupy.__version__, cupy.cuda.runtime.getDeviceProperties(0)['name'])"
  "$PY" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.is_available())"
} > "$LOG/environment.txt" 2>&1

if ! "$PY" -c "
import sys
from scratchgan import backend
try:
    backend.set_backend('cupy')
except backend.BackendUnavailable as err:
    sys.exit(f'gpu_check: nothing to check here: {err}')
"; then
    exit 2
fi

echo "[1/3] tests on the CuPy backend (log: $LOG/tests_cupy.txt)"
SCRATCHGAN_TEST_BACKEND=cupy timeout 180 "$PY" -m pytest -q -p no:cacheprovider tests/ \
    --ignore=tests/test_lessons.py --junitxml="$LOG/tests_cupy.xml" > "$LOG/tests_cupy.txt" 2>&1
TESTS_RC=$?

echo "[2/3] parity NumPy vs CuPy (log: $LOG/parity.txt)"
timeout 60 "$PY" benchmarks/parity.py --json "$LOG/parity.json" > "$LOG/parity.txt" 2>&1
PARITY_RC=$?

echo "[3/3] benchmark vs PyTorch CUDA (log: $LOG/bench.txt)"
timeout 110 "$PY" benchmarks/bench_step.py --backend cupy --torch-device cuda --batches 64 256 1024 4096 \
    --repeats 20 --steps 10 --budget 15 --json "$LOG/bench.json" > "$LOG/bench.txt" 2>&1
BENCH_RC=$?

"$PY" - "$LOG" "$TESTS_RC" "$PARITY_RC" "$BENCH_RC" <<'EOF' | tee "$LOG/summary.txt"
import json, os, re, sys
log, tests_rc, parity_rc, bench_rc = sys.argv[1], *map(int, sys.argv[2:])
def load(name):
    try:
        with open(os.path.join(log, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
tail = open(os.path.join(log, "tests_cupy.txt")).read().strip().splitlines() or ["(no output)"]
counts = re.findall(r"\d+ (?:passed|failed|skipped|errors?|xfailed)", tail[-1])
timeout = " (timed out)" if tests_rc == 124 else ""
print("\n== scratchgan GPU check ==  logs:", log)
print(f"tests, cupy backend : {', '.join(counts) or tail[-1]}{timeout}  -> {'OK' if tests_rc == 0 else 'FAIL'}")
par = load("parity.json")
if par is None:
    print(f"parity              : no result (exit {parity_rc}{', timed out' if parity_rc == 124 else ''})")
elif par["status"] == "skipped":
    print(f"parity              : SKIPPED: {par['reason']}")
for c in (par or {}).get("checks", []):
    verdict = ("OK" if c["ok"] else "FAIL") if c["judged"] else "drift only"
    print(f"parity {c['dtype']:7s} {c['steps']:3d} steps: worst rel {c['worst']:.1e} ({c['worst_name']})  -> {verdict}")
bench, target_ok = load("bench.json"), False
if bench is None:
    print(f"benchmark           : no result (exit {bench_rc}{', timed out' if bench_rc == 124 else ''})")
else:
    m = bench["machine"]
    print(f"benchmark on {m.get('gpu', '?')}, cupy {m.get('cupy', '?')}, torch {m.get('torch', '?')}")
    print(f"{'batch':>6} {'cupy ms':>9} {'torch ms':>9} {'cupy/torch':>10} {'floor ms':>9} {'of floor':>8}")
    big = [r for r in bench["rows"] if r["batch"] >= 1024 and "vs_torch" in r]
    target_ok = bool(big) and all(r["vs_torch"] <= 1.2 for r in big)
    for r in bench["rows"]:
        torch_ms = f"{r['torch_ms']:9.3f}" if "torch_ms" in r else f"{'-':>9}"
        ratio = f"{r['vs_torch']:9.2f}x" if "vs_torch" in r else f"{'-':>10}"
        print(f"{r['batch']:>6} {r['scratchgan_ms']:9.3f} {torch_ms} {ratio} {r['floor_ms']:9.3f} {r['of_floor_rate']:8.0%}")
    print(f"target cupy <= 1.2x torch at batch >= 1024: {'met' if target_ok else 'NOT met'}")
ok = tests_rc == 0 and parity_rc == 0 and par is not None and par["status"] == "ok" and bench_rc == 0 and target_ok
sys.exit(0 if ok else 1)
EOF
exit $?
