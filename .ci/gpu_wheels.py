#!/usr/bin/env python
"""Fetch, here, the Python 3.12 wheels that a lent GPU machine lacks, into `.whl/` (git-ignored), for `.ci/gpu_check.sh`.

    python .ci/gpu_wheels.py [--dest .whl]

Run it in the dev environment (`pip install -e ".[dev]" ".[bench]"`): each wheel is pinned to the version installed
here, so the GPU run uses the versions CI tests. The GPU machine's image already holds torch, torchvision, timm, numpy,
pandas, matplotlib, scikit-learn, scikit-image, opencv and the rest of `ON_DEVICE`; fastai's text extra (spacy) and
fastprogress's HTML renderer (python-fasthtml) are not needed by the checks: `gpu_check.sh` stubs `fasthtml`. The
script ends by checking that every carried wheel's requirements are carried, on the device, or knowingly left out.
"""
import argparse, re, subprocess, sys, zipfile
from importlib.metadata import version
from pathlib import Path

CARRY = ('fastai fastcore fastprogress fastdownload fasttransform plum-dispatch beartype faiss-cpu captum grad-cam ttach '
         'open_clip_torch ftfy wcwidth pycocotools pydicom ipywidgets comm jupyterlab_widgets widgetsnbextension traitlets '
         'ipython jedi parso matplotlib-inline pexpect ptyprocess prompt_toolkit pure_eval stack_data executing '
         'asttokens ipython_pygments_lexers nbdev execnb astunparse fastgit ghapi fastspec watchdog').split()
ON_DEVICE = ('torch torchvision timm numpy pandas matplotlib scikit-learn scikit-image scipy pillow opencv-python-headless '
             'packaging pyyaml requests rich typing-extensions tqdm regex safetensors huggingface-hub cloudpickle six build '
             'setuptools pygments filelock fsspec jinja2 networkx sympy psutil triton wheel httpx httpcore h11 anyio certifi idna').split()
LEFT_OUT = {'spacy': 'fastai.text only', 'python-fasthtml': 'stubbed: fastprogress renders HTML only in notebooks'}
PLATFORMS = ['manylinux_2_28_x86_64', 'manylinux_2_27_x86_64', 'manylinux_2_17_x86_64', 'manylinux2014_x86_64', 'manylinux1_x86_64']

def norm(n): return re.sub(r'[-_.]+', '-', n).lower()

def requirements(whl:Path) -> set:
    "Names a wheel requires (no extras, no markers that exclude Python 3.12 on Linux)."
    with zipfile.ZipFile(whl) as z: text = z.read(next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))).decode()
    out = set()
    for line in text.splitlines():
        if not line.startswith('Requires-Dist:'): continue
        req = line.split(':', 1)[1].strip()
        name, _, marker = req.partition(';')
        if 'extra' in marker or (marker.strip() and not _marker_ok(marker)): continue
        out.add(norm(re.split(r'[\s<>=!~\[(]', name.strip(), 1)[0]))
    return out

def _marker_ok(marker:str) -> bool:
    try:
        from packaging.markers import Marker
        return Marker(marker).evaluate({'python_version': '3.12', 'python_full_version': '3.12.3', 'sys_platform': 'linux',
                                        'platform_system': 'Linux', 'platform_machine': 'x86_64', 'implementation_name': 'cpython'})
    except Exception: return True

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--dest', default='.whl')
    dest = Path(p.parse_args().dest)
    dest.mkdir(exist_ok=True)
    excl = Path('.git/info/exclude')
    old = excl.read_text() if excl.exists() else ''
    if excl.parent.exists() and f'/{dest}/' not in old.split(): excl.write_text(old + f'/{dest}/\n')
    pins = [f'{n}=={version(n)}' for n in CARRY]
    plat = [a for pl in PLATFORMS for a in ('--platform', pl)]
    for pin in pins:
        got = subprocess.run([sys.executable, '-m', 'pip', 'download', '-q', '--no-deps', '--only-binary=:all:', '--python-version',
                              '3.12', '--implementation', 'cp', *plat, '-d', str(dest), pin], capture_output=True, text=True)
        if got.returncode:                             # no wheel on the index (grad-cam is an sdist): build a pure-Python one here
            subprocess.run([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '-w', str(dest), pin], check=True)
            name = norm(pin.split('==')[0]).replace('-', '_')
            built = [w for w in dest.glob('*.whl') if norm(w.name.split('-')[0]).replace('-', '_') == name]
            if not built or not all(w.name.endswith('-none-any.whl') for w in built): sys.exit(f'{pin}: no cp312 wheel, and not pure Python')
    wheels = sorted(dest.glob('*.whl'))
    have = {norm(w.name.split('-')[0]) for w in wheels}
    missing = {norm(n) for n in CARRY} - have
    known = have | {norm(n) for n in ON_DEVICE} | set(LEFT_OUT)
    unmet = {f'{w.name.split("-")[0]} needs {r}' for w in wheels for r in requirements(w) - known}
    mb = sum(w.stat().st_size for w in wheels) / 2**20
    print(f'{len(wheels)} wheels, {mb:.1f} MiB in {dest}/ (the device tool carries at most 64 MiB with the checkout)')
    for r in sorted(unmet): print('unmet:', r)
    if missing: print('not downloaded:', ', '.join(sorted(missing)))
    sys.exit(1 if unmet or missing else 0)

if __name__ == '__main__': main()
