"""Where a training step's time goes: matrix products, elementwise passes, Python, per BLAS kernel and thread count.

The step is bench_step.py's (the MNIST-size MLP GAN, Adam, batch 64 or 256), in scratchgan and in PyTorch eager.
Each (implementation, kernel, threads, batch) runs in a child process under ``perf record`` (CPU-clock samples,
~2,000 a second of CPU); every sample is sorted by the library and function it landed in:

* products: OpenBLAS's and MKL's matrix-product code (the kernels, their packing copies, gemv);
* grad norm (dot): OpenBLAS's dot product, scratchgan's ``_grad_norm`` of G and D each step (torch's step has none);
* elementwise: NumPy's ufunc loops (``FLOAT_multiply_...``, reductions, casts) and ATen's vectorised CPU kernels;
* memory: memset/memcpy, and the kernel's page faults on freshly allocated temporaries;
* dispatch: NumPy's and ATen's C code between Python and a loop (argument parsing, array creation, autograd);
* Python: the interpreter;
* threads waiting: OpenBLAS's and OpenMP's worker threads spinning or sleeping between jobs (2 threads);
* other.

A share is of the process's CPU time (all its threads), so it holds under load where wall-clock times do not;
``ms`` is the share times the CPU milliseconds per step of that same run (CPU time, not wall time). Needs ``perf``
(linux-tools) with permission to sample (root, or kernel.perf_event_paranoid <= 2 for one's own processes).

    python benchmarks/step_profile.py --kernels SkylakeX Haswell --threads 1 2 --batches 64 256
    python benchmarks/step_profile.py --impls torch --torch-isa kernel      # torch limited to the kernel's ISA
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = ["products", "grad norm (dot)", "elementwise", "memory", "dispatch", "Python", "threads waiting", "other"]
NUMPY_LOOP = re.compile(r"^(BOOL|BYTE|UBYTE|SHORT|USHORT|INT|UINT|LONG|ULONG|LONGLONG|ULONGLONG|HALF|FLOAT|DOUBLE|"
                        r"LONGDOUBLE|CFLOAT|CDOUBLE)_|^_?(aligned|contig|cast|npyv|simd|pairwise|float_|sum_of)"
                        r"|_strided_|_contig_|_to_|_avx|_X86_V")


def category(dso, sym):
    """The category of one perf sample: its shared object and symbol."""
    d, s = dso.lower(), sym
    if "openblas" in d:
        if re.search(r"thread_server|yield|sched|exec_blas_async_wait", s):
            return "threads waiting"
        return "grad norm (dot)" if re.match(r"s?dot", s) else "products"
    if "gomp" in d or "iomp" in d:
        return "threads waiting"
    if "libtorch" in d or "mkl" in d or "dnnl" in d or "libc10" in d:
        if re.search(r"mkl_vml|sleef", s, re.I):
            return "elementwise"
        if "::" not in s and "(" not in s:  # C symbols in libtorch: MKL's and oneDNN's internals (e.g. LN8_M4_Kgas_1)
            return "products"
        if re.search(r"mkl_blas|sgemm|gemm|dnnl|jit_|brgemm|xbyak|mkl_", s, re.I):
            return "products"
        if re.search(r"gomp|omp_|barrier|spin", s, re.I):
            return "threads waiting"
        if re.search(r"Vectorized|vec::|cpu_kernel|vectorized_loop|basic_loop|_kernel_impl|kernel_impl|"
                     r"reduce|binary_op|unary|::native::.*(add|mul|div|sqrt|lerp|addcmul|addcdiv|tanh|leaky|sigmoid|"
                     r"fill|copy|threshold|where|exp|log)", s, re.I):
            return "elementwise"
        return "dispatch"
    if "_multiarray_umath" in d or "_umath" in d or "numpy" in d:
        return "elementwise" if NUMPY_LOOP.search(s) else "dispatch"
    if "python" in d:
        return "Python"
    if d.startswith("[kernel") or "libc" in d or "ld-linux" in d:
        if re.search(r"mem(set|cpy|move)|clear_page|copy_(user|page)|fault|folio|page|anon|mmap|munmap|brk|charge",
                     s, re.I):
            return "memory"
        if re.search(r"futex|sched|yield|schedule|idle", s, re.I):
            return "threads waiting"
        return "dispatch" if re.search(r"malloc|free|alloc", s) else "other"
    return "other"


def child(a):
    """Warm up, say "ready", run the step until stdin closes; print CPU ms per step as JSON.

    perf samples only after "ready" (``perf record -p``), so imports and warm-up stay out of the profile; the
    parent closes stdin once perf is done, so the loop outlasts the samples however slow a loaded machine is."""
    import select
    sys.path.insert(0, HERE)
    sys.path.insert(0, os.path.join(HERE, ".."))
    import bench_step
    if a.impl == "torch":
        step = bench_step.torch_step(a.batch, "cpu", a.threads)
    else:
        step = bench_step.scratchgan_step(a.batch)
    for _ in range(5):
        step()
    print("ready", flush=True)
    n, cpu, start = 0, time.process_time(), time.perf_counter()
    while not select.select([sys.stdin], [], [], 0)[0]:  # stdin turns readable (EOF) when the parent closes it
        step()
        n += 1
    print(json.dumps({"steps": n, "cpu_ms_per_step": (time.process_time() - cpu) / n * 1e3,
                      "wall_ms_per_step": (time.perf_counter() - start) / n * 1e3}))


def product_times(a):
    """Each product of the step on its own, NumPy (OpenBLAS) and torch (MKL) interleaved: best of 15 rounds of 10.

    Prints JSON rows (m, k, n, kind, numpy ms, torch ms, calls per step), so the floor's gap to torch's floor can be
    traced to the shapes that make it."""
    sys.path.insert(0, HERE)
    import numpy as np
    import torch
    import bench_step
    torch.set_num_threads(a.threads)
    rng, rows, seen = np.random.default_rng(0), [], {}
    for m, k, n, kind in bench_step.products(a.batch):
        seen[(m, k, n, kind)] = seen.get((m, k, n, kind), 0) + 1
    for (m, k, n, kind), calls in seen.items():
        x = rng.standard_normal((k, m) if kind == "dW" else (m, k)).astype(np.float32)
        w = rng.standard_normal((n, k) if kind == "dx" else (k, n)).astype(np.float32)
        xa, wa = (x.T if kind == "dW" else x), (w.T if kind == "dx" else w)
        xt, wt = torch.from_numpy(x.copy()), torch.from_numpy(w.copy())
        xt, wt = (xt.T if kind == "dW" else xt), (wt.T if kind == "dx" else wt)
        out, out_t = np.empty((m, n), np.float32), torch.empty(m, n)
        fns = {"numpy": lambda: np.matmul(xa, wa, out=out), "torch": lambda: torch.matmul(xt, wt, out=out_t)}
        best = bench_step.best_of(fns, 15, 10, "cpu")
        rows.append({"m": m, "k": k, "n": n, "kind": kind, "calls": calls,
                     "numpy_ms": best["numpy"] * 1e3, "torch_ms": best["torch"] * 1e3})
    print(json.dumps(rows))


def profile(impl, kernel, threads, batch, seconds, torch_isa, freq=1999):
    """{category: share}, CPU ms per step, top symbols: one child run under perf record."""
    sys.path.insert(0, HERE)
    import bench_step
    env = dict(os.environ, OPENBLAS_CORETYPE=kernel, **{v: str(threads) for v in bench_step.THREAD_VARS})
    if torch_isa == "kernel":
        env.update(bench_step.TORCH_ISA[kernel])
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "perf.data")
        cmd = [sys.executable, os.path.abspath(__file__), "--child", "--impl", impl, "--threads", str(threads),
               "--batch", str(batch)]
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        while proc.stdout.readline().strip() != "ready":
            if proc.poll() is not None:
                raise RuntimeError(f"{' '.join(cmd)} ended with {proc.returncode} before it was ready")
        subprocess.run(["perf", "record", "-q", "-F", str(freq), "-p", str(proc.pid), "-o", data, "--",
                       "sleep", str(seconds)], capture_output=True, check=True)  # while the child loops
        proc.stdin.close()
        run = json.loads(proc.stdout.read().strip().splitlines()[-1])
        proc.wait()
        report = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso,sym", "--stdio",
                                 "--percent-limit", "0"], capture_output=True, text=True, check=True).stdout
    shares, top = {c: 0.0 for c in CATEGORIES}, []
    for line in report.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[[.k]\]\s+(.*)$", line)
        if m:
            pct, dso, sym = float(m.group(1)), m.group(2), m.group(3).strip()
            shares[category(dso, sym)] += pct / 100
            top.append((pct, dso, sym[:90], category(dso, sym)))
    return shares, run, top[:25]


def products_table(a):
    """--products: per kernel, threads and batch, each product's NumPy and torch time (one child process each)."""
    sys.path.insert(0, HERE)
    import bench_step
    rows = []
    for kernel in a.kernels:
        for threads in a.threads:
            env = dict(os.environ, OPENBLAS_CORETYPE=kernel, **{v: str(threads) for v in bench_step.THREAD_VARS})
            if a.torch_isa == "kernel":
                env.update(bench_step.TORCH_ISA[kernel])
            for batch in a.batches:
                out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", "--impl", "products",
                                      "--threads", str(threads), "--batch", str(batch)],
                                     env=env, capture_output=True, text=True, check=True).stdout
                part = json.loads(out.strip().splitlines()[-1])
                print(f"{kernel} threads {threads} batch {batch} (torch ISA: {a.torch_isa}); ms per call")
                print(f"{'m x k @ k x n':>22} {'kind':>4} {'calls':>5} {'numpy':>7} {'torch':>7} {'ratio':>6}")
                for r in part:
                    print(f"{r['m']:>6} x {r['k']:>5} @ {r['n']:>5} {r['kind']:>4} {r['calls']:>5} {r['numpy_ms']:7.3f} "
                          f"{r['torch_ms']:7.3f} {r['numpy_ms'] / r['torch_ms']:6.2f}")
                total = lambda key: sum(r[key] * r["calls"] for r in part)
                print(f"{'per step':>35} {total('numpy_ms'):7.2f} {total('torch_ms'):7.2f} "
                      f"{total('numpy_ms') / total('torch_ms'):6.2f}", flush=True)
                rows += [dict(r, kernel=kernel, threads=threads, batch=batch, torch_isa=a.torch_isa) for r in part]
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"load_1min_end": os.getloadavg()[0], "rows": rows}, f, indent=1)
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--impls", nargs="+", default=["scratchgan", "torch"], choices=["scratchgan", "torch"])
    ap.add_argument("--kernels", nargs="+", default=["SkylakeX", "Haswell", "Sandybridge"])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batches", type=int, nargs="+", default=[64, 256])
    ap.add_argument("--seconds", type=float, default=8.0, help="wall seconds of steps per profile")
    ap.add_argument("--torch-isa", choices=["native", "kernel"], default="native",
                    help="kernel: torch's MKL and ATen limited to the instructions of the OpenBLAS kernel's CPU family")
    ap.add_argument("--top", action="store_true", help="also print each run's 25 hottest functions")
    ap.add_argument("--products", action="store_true",
                    help="instead: time each product of the step alone, NumPy against torch (CPU clock, interleaved)")
    ap.add_argument("--json", help="also write every row to this file")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--impl", help=argparse.SUPPRESS)
    ap.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        a.threads = a.threads[0]
        return product_times(a) if a.impl == "products" else child(a)
    if a.products:
        return products_table(a)
    rows = []
    print(f"{'impl':>10} {'kernel':>11} {'thr':>3} {'batch':>5} {'CPU ms':>7} " + " ".join(f"{c[:11]:>11}" for c in CATEGORIES))
    for kernel in a.kernels:
        for threads in a.threads:
            for batch in a.batches:
                for impl in a.impls:
                    shares, run, top = profile(impl, kernel, threads, batch, a.seconds, a.torch_isa)
                    ms = run["cpu_ms_per_step"]
                    rows.append({"impl": impl, "kernel": kernel, "threads": threads, "batch": batch, **run,
                                 "torch_isa": a.torch_isa, "shares": shares, "top": top,
                                 "load_1min": round(os.getloadavg()[0], 2)})
                    print(f"{impl:>10} {kernel:>11} {threads:>3} {batch:>5} {ms:7.2f} "
                          + " ".join(f"{shares[c] * ms:6.2f} {shares[c]:4.0%}" for c in CATEGORIES), flush=True)
                    if a.top:
                        for t in top:
                            print(f"      {t[0]:5.2f}%  {t[3]:<16} {t[1][:28]:<28} {t[2]}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"load_1min_end": os.getloadavg()[0], "rows": rows}, f, indent=1)
    return rows


if __name__ == "__main__":
    main()
