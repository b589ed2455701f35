#!/usr/bin/env bash
# Every GPU check of the library as one command, for a session that is lent a GPU machine (the `device` tool), over a
# copy of this checkout. Prepare here, where pip reaches the registries, then run there:
#
#   python .ci/gpu_wheels.py                       # here: the cp312 wheels the GPU image lacks -> .whl/ (git-ignored)
#   run(command="bash .ci/gpu_check.sh", carry=[".whl"], timeout_s=540)
#
# There it installs the wheels and the package into /tmp/site (fastprogress's notebook HTML renderer, fasthtml, is
# stubbed), then
#   1. runs the notebooks that hold `gpu` cells with the `gpu` flag: training, embed, every saliency method, the
#      curves, localisation, the widgets' explain path, hash saliency, `mir_explain demo --device cuda`, and the
#      perturbation loops' synchronisation counts, each against the CPU where defined;
#   2. executes benchmarks/08_saliency_bench.ipynb, whose last cell prints issue 19's efficiency table for ResNet-18 and
#      DenseNet-121 at 224 px (its CPU cells then time the GPU machine's CPU: keep only the GPU cell's output).
# Logs and the executed benchmark come back in $OUT. Budget: about 1-2 minutes to start the machine, 5-7 to run.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/gpu_check_out}; mkdir -p "$OUT"
ls .whl/*.whl >/dev/null 2>&1 || { echo "no .whl/: run python .ci/gpu_wheels.py here first and carry .whl"; exit 2; }
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 3
mkdir -p /tmp/stubs/fasthtml && : >/tmp/stubs/fasthtml/__init__.py && : >/tmp/stubs/fasthtml/common.py
export PYTHONPATH=/tmp/site:/tmp/stubs PATH=/tmp/site/bin:$PATH PYTHONUNBUFFERED=1
python3 -m pip install -q --no-index --no-deps --no-build-isolation --no-compile --target /tmp/site . || exit 4
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1 | tee "$OUT/gpu.txt"
python3 -c "import torch, fastai, faiss, mir_explain; print('torch', torch.__version__, '| cuda', torch.cuda.is_available(), '| fastai', fastai.__version__, '| mir_explain', mir_explain.__version__, mir_explain.__file__)" 2>&1 | tee -a "$OUT/gpu.txt"
command -v mir_explain >/dev/null || { echo "the mir_explain command is not on PATH"; exit 5; }

echo "== 1. gpu cells (and the rest of each notebook), against the CPU"
t0=$SECONDS
: >"$OUT/nbtest_gpu.log"
for nb in nbs/08_saliency.ipynb nbs/09_faithfulness.ipynb nbs/17_gpu.ipynb; do     # nbtest takes one notebook or folder
  python3 .ci/nbtest.py --path "$nb" --flags gpu 2>&1 | tee -a "$OUT/nbtest_gpu.log"
done
echo "gpu notebooks: $((SECONDS - t0)) s"

echo "== 2. issue 19's efficiency table (benchmarks/08_saliency_bench.ipynb, executed in full)"
t0=$SECONDS
cp nbs/benchmarks/08_saliency_bench.ipynb "$OUT/08_saliency_bench_gpu.ipynb"
( cd nbs/benchmarks && python3 - "$OUT/08_saliency_bench_gpu.ipynb" <<'PY'
import sys
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
nb = read_nb(sys.argv[1]); sh = CaptureShell()
try: sh.run_all(nb, exc_stop=True)
finally:
    write_nb(nb, sys.argv[1])
    for o in nb.cells[-1].get('outputs', []): print(''.join(o.get('text', '')))
PY
) 2>&1 | tee "$OUT/bench_gpu.log"
echo "bench: $((SECONDS - t0)) s"
grep -h "passed, .* failed" "$OUT/nbtest_gpu.log"
