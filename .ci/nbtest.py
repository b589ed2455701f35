#!/usr/bin/env python
"""Run the notebook tests exactly as `nbdev_test` does (same file selection, same flags, nbdev's own `test_nb`),
then print one line per notebook and a closing `N passed, N failed` line. Exit 1 on any failure or when no
notebook was found.

    python .ci/nbtest.py [--path NOTEBOOK_OR_FOLDER] [--flags "slow gpu"] [--n_workers N]
"""
import argparse, os, sys, time
from pathlib import Path
from fastcore.parallel import parallel
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.test import test_nb, _keep_file

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--path', default=None, help='a notebook or a folder of notebooks to test (default: all of nbs/)')
    p.add_argument('--flags', default='', help='space separated test flags to run that are normally skipped')
    p.add_argument('--n_workers', type=int, default=int(os.environ.get('NBTEST_WORKERS', 2)))
    a = p.parse_args()
    cfg = get_config()
    files = [f.absolute() for f in sorted(nbglob(a.path, as_path=True)) if _keep_file(f, '.notest')]
    if not files:
        print('no notebook found to test'); print('0 passed, 0 failed'); sys.exit(1)
    skip, force = cfg.tst_flags.split(), a.flags.split()
    # each worker gets its share of the cores: two workers each running OpenMP on every core spin-wait against each
    # other (on 2 cores, 13b and 14 took 250-380 s side by side against 25-50 s alone; 37-74 s with one thread each)
    threads = str(max(1, (os.cpu_count() or 1) // max(1, min(a.n_workers, len(files)))))
    for v in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS'): os.environ.setdefault(v, threads)
    t0 = time.time()
    with_dir = cfg.nbs_path if cfg.nbs_path.exists() else Path.cwd()
    os.chdir(with_dir)
    res = parallel(test_nb, files, skip_flags=skip, force_flags=force, n_workers=min(a.n_workers, len(files)),
                   basepath=cfg.config_path, pause=0.01, threadpool=False)
    ok = [r[0] for r in res]
    for f, (passed, secs) in zip(files, res):
        print(f"{'PASS' if passed else 'FAIL'}  {secs:6.1f}s  {f.relative_to(cfg.config_path)}")
    print(f'total {time.time()-t0:.0f}s')
    n_pass = sum(ok); n_fail = len(ok) - n_pass
    print(f'{n_pass} passed, {n_fail} failed')
    sys.exit(1 if n_fail else 0)

if __name__ == '__main__': main()
