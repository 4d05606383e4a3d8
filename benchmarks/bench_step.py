"""Milliseconds per GAN training step: scratchgan vs PyTorch eager vs the matmul floor.

The model is the MNIST-size MLP GAN of Goodfellow et al. (2014)-style
tutorials: G 100-256-512-1024-784 (LeakyReLU 0.2, tanh out), D 784-512-256-1
(LeakyReLU 0.2), Adam(2e-4, betas (0.5, 0.999)), non-saturating loss, float32.
One step = Algorithm 1 with k = 1: fresh z, D update on (real, G(z)), fresh z,
G update through the updated D; each step ends with its statistics on the host.

Three columns, measured interleaved (rotating order) so that load from other
processes hits all of them alike; each number is the best of ``--repeats``
blocks of ``--steps`` steps after warm-up:

* scratchgan ``GAN.train_step``;
* the same step in PyTorch eager (same threads; D frozen in G's half, so it
  computes exactly the products scratchgan does), skipped with a note when
  torch is missing;
* floor: those same matrix products back to back into preallocated outputs,
  nothing else: what the step would cost if everything but the matmuls were free.

GFLOP/s counts 2*m*k*n per product (m x k times k x n), so a Dense forward is
2*B*in*out and a full backward (dW and dx) 4*B*in*out; products a step skips
(D's dW in G's half, dx of data inputs) are not counted. Every column uses the
same count, so the rates compare like the times do.

With ``--ablate`` every speed mechanism is also timed on its own, in the same
interleaved rounds: one column per mechanism, the step with that one thing
changed (``no_NAME``: a fast form or flag turned off; ``with_NAME``: a
mechanism that was tried and removed, put back), and its change against "scratchgan":

* ``reference``: every override of kernels.py off, the textbook methods run (``kernels.use_reference()``);
* ``no_adam``, ``no_leaky_relu_slope``: that override alone off (``Adam.update``, ``LeakyReLU.slope`` as written);
* ``no_frozen_d``: D's backward in G's half also computes its parameter gradients (``param_grads=True``);
* ``no_need_dx``: every backward also forms dL/dx of data inputs (``need_dx=True``);
* ``no_set_to_none``: each half's ``zero_grad`` writes zeros and the first backward adds to them,
  instead of PyTorch's set-to-none (the first backward takes its dW and db);
* ``with_set_grads``: the removed ``grads="set"``: the first backward after zero_grad writes dW
  into the existing arrays (``matmul(..., out=)``);
* ``with_bias_in_place``: Dense.forward adds b in place (``y = x @ W; y += b``);
* ``with_leaky_in_place``: LeakyReLU.forward writes max(x, alpha x) into alpha x's array;
* ``with_threads``: Adam's cache-sized pieces shared between 2 threads (the removed ``backend.parallel``).

    python benchmarks/bench_step.py                      # CPU, batches 64 256
    python benchmarks/bench_step.py --threads 1 --clock cpu   # CPU seconds: robust to a busy machine
    python benchmarks/bench_step.py --threads 1 --clock cpu --ablate   # what each mechanism buys
    python benchmarks/bench_step.py --backend cupy --torch-device cuda --batches 64 256 1024 4096
    python benchmarks/bench_step.py --kernel Haswell --threads 1   # OpenBLAS's Haswell kernels (any AVX2 CPU)
    python benchmarks/bench_step.py --kernel Haswell --torch-isa kernel --torch-floor   # torch on AVX2 too; its products

The machine line names the CPU model, the BLAS library and the OpenBLAS kernel in use (``blas_kernel``, from
threadpoolctl: OpenBLAS picks it by CPU family, or OPENBLAS_CORETYPE / ``--kernel`` names it: SkylakeX needs
AVX-512, Haswell AVX2, Sandybridge AVX), the threads and the load average (a number measured under load says so).
``--kernel`` applies to NumPy's OpenBLAS only; PyTorch keeps its own BLAS (MKL) and, unless ``--torch-isa kernel``
limits it to the kernel's instructions as well, the widest vectors the CPU has. The table per kernel and thread count
of benchmarks/RESULTS.md comes from (an idle machine, about 2 minutes a line):

    for k in Haswell SkylakeX Sandybridge; do for t in 1 2; do
        python benchmarks/bench_step.py --kernel $k --threads $t --json benchmarks/step_kernels/step_${k}_$t.json; done; done
"""
import argparse
import json
import os
import platform
import sys
import time

G_SIZES, D_SIZES, NOISE = [100, 256, 512, 1024, 784], [784, 512, 256, 1], 100
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# What each OpenBLAS kernel's CPU family can run, as PyTorch's switches say it: MKL's code path, ATen's vectorised
# kernels and oneDNN (--torch-isa kernel), so that both columns run the instructions of one machine.
TORCH_ISA = {
    "SkylakeX": {"MKL_ENABLE_INSTRUCTIONS": "AVX512", "ATEN_CPU_CAPABILITY": "avx512", "ONEDNN_MAX_CPU_ISA": "AVX512_CORE"},
    "Haswell": {"MKL_ENABLE_INSTRUCTIONS": "AVX2", "ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2"},
    "Sandybridge": {"MKL_ENABLE_INSTRUCTIONS": "AVX", "ATEN_CPU_CAPABILITY": "default", "ONEDNN_MAX_CPU_ISA": "AVX"},
}


def parse(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--backend", choices=["numpy", "cupy"], default="numpy")
    ap.add_argument("--batches", type=int, nargs="+", default=[64, 256])
    ap.add_argument("--torch-device", choices=["cpu", "cuda", "none"], default="cpu")
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="BLAS and torch threads (CPU)")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="cpu = process CPU seconds (use with --threads 1 on a shared machine)")
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--steps", type=int, default=10, help="steps per timed block")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds per batch size: fewer repeats past it")
    ap.add_argument("--ablate", nargs="*", metavar="VARIANT",
                    help="also time the step with each speed mechanism changed (or only the variants named)")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--kernel", choices=["Haswell", "SkylakeX", "Sandybridge", "Zen"], default=None,
                    help="OpenBLAS kernel (OPENBLAS_CORETYPE) for NumPy; default: the one OpenBLAS picks for this CPU")
    ap.add_argument("--torch-isa", choices=["native", "kernel"], default="native",
                    help="kernel: limit PyTorch (MKL, ATen, oneDNN) to the instructions of --kernel's CPU family, "
                         "so both columns emulate that machine; native: PyTorch uses all this CPU has")
    ap.add_argument("--torch-floor", action="store_true",
                    help="also time torch's floor: the same products with torch.matmul into preallocated outputs")
    a = ap.parse_args(argv)
    unknown = set(a.ablate or ()) - set(ABLATIONS)
    if unknown:
        ap.error(f"unknown variant(s) {sorted(unknown)}; choose from {' '.join(ABLATIONS)}")
    if a.torch_isa == "kernel" and not a.kernel:
        ap.error("--torch-isa kernel needs --kernel")
    if any(b < 1 for b in a.batches) or a.repeats < 1 or a.steps < 1 or a.threads < 1:
        ap.error("batches, repeats, steps and threads must be positive")
    return a


def build_gan(seed=0):
    """The benchmark GAN on the active backend; the same seed gives the same weights on any device."""
    from scratchgan import backend, gan, layers, optim

    def mlp(sizes, out_act=None):
        net = []
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            net += [layers.Dense(a, b)] + ([layers.LeakyReLU(0.2)] if i < len(sizes) - 2 else [])
        return layers.Sequential(*net, *([out_act] if out_act else []))

    backend.seed(seed)
    G, D = mlp(G_SIZES, layers.Tanh()), mlp(D_SIZES)
    return gan.GAN(G, D, optim.Adam(G, 2e-4, (0.5, 0.999)), optim.Adam(D, 2e-4, (0.5, 0.999)), noise_dim=NOISE)


def products(B):
    """Every matrix product of one step, in order, as (m, k, n, kind): (m, k) @ (k, n).

    kind "fwd" is x @ W, "dW" is x.T @ dy, "dx" is dy @ W.T (transposed operands are views, as in layers.py).
    """
    g, d = list(zip(G_SIZES[:-1], G_SIZES[1:])), list(zip(D_SIZES[:-1], D_SIZES[1:]))
    fwd = lambda net: [(B, i, o, "fwd") for i, o in net]
    dW = lambda net: [(i, B, o, "dW") for i, o in reversed(net)]
    dx = lambda net, first: [(B, o, i, "dx") for j, (i, o) in reversed(list(enumerate(net))) if j or first]
    d_half = fwd(g) + 2 * fwd(d) + 2 * (dW(d) + dx(d, False))  # G(z); D on real, fake; two backwards
    g_half = fwd(g) + fwd(d) + dx(d, True) + dW(g) + dx(g, False)  # G(z'); D; dL/dfake only; G's backward
    return d_half + g_half


def flops(B):
    return sum(2 * m * k * n for m, k, n, _ in products(B))


def floor_step(B):
    """A function running this step's products back to back into preallocated outputs."""
    import numpy as np
    from scratchgan import backend
    rng, xp, bufs = np.random.default_rng(0), backend.xp(), []
    new = lambda *shape: backend.asarray(rng.standard_normal(shape), dtype="float32")
    for m, k, n, kind in products(B):
        a = new(k, m).T if kind == "dW" else new(m, k)
        b = new(n, k).T if kind == "dx" else new(k, n)
        bufs.append((a, b, xp.empty((m, n), dtype="float32")))

    def step():
        for a, b, out in bufs:
            xp.matmul(a, b, out=out)
        backend.synchronize()
    return step


def torch_floor_step(B, threads):
    """floor_step in PyTorch: the same products (transposed operands as views) with torch.matmul(out=)."""
    import torch
    torch.set_num_threads(threads)
    g, bufs = torch.Generator().manual_seed(0), []
    new = lambda *shape: torch.randn(*shape, generator=g)
    for m, k, n, kind in products(B):
        a = new(k, m).T if kind == "dW" else new(m, k)
        b = new(n, k).T if kind == "dx" else new(k, n)
        bufs.append((a, b, torch.empty(m, n)))

    def step():
        for a, b, out in bufs:
            torch.matmul(a, b, out=out)
    return step


def scratchgan_step(B, variant="scratchgan"):
    """One train_step as a function; ``variant`` changes one speed mechanism (see the module docstring)."""
    from scratchgan import backend, kernels
    g = build_gan()
    real = backend.asarray(backend.host_rng().uniform(-1, 1, (B, 784)), dtype="float32")  # stays on the device
    if variant == "reference" or variant.removeprefix("no_") in kernels.NAMES:
        names = kernels.NAMES if variant == "reference" else [variant.removeprefix("no_")]

        def step():
            with kernels.use_reference(names=names):
                return g.train_step(real)
        return step
    if variant != "scratchgan":
        VARIANTS[variant](g)
    return lambda: g.train_step(real)


def _dense(net):
    from scratchgan import layers
    return [layer for layer in net.layers if isinstance(layer, layers.Dense)]


def _force(layer, **flags):
    plain = layer.backward
    layer.backward = lambda dy, x, **given: plain(dy, x, **{**given, **flags})


def _set_grads(g):
    """The removed grads="set": after zero_grad the first backward writes dW and db (no zeros, no add)."""
    from scratchgan import backend
    for net in (g.G, g.D):
        fresh = set()
        for layer in _dense(net):
            def backward(dy, x, param_grads=True, need_dx=True, layer=layer, plain=layer.backward, fresh=fresh):
                if param_grads and id(layer) in fresh:
                    fresh.discard(id(layer))
                    xp = backend.get_xp(dy)
                    xp.matmul(x.T, dy, out=layer.grads["W"])
                    xp.sum(dy, axis=0, out=layer.grads["b"])
                    param_grads = False  # done: the plain backward only forms dx
                return plain(dy, x, param_grads=param_grads, need_dx=need_dx)
            layer.backward = backward
        net.zero_grad = lambda set_to_none=False, net=net, fresh=fresh: fresh.update(id(layer) for layer in _dense(net))


def _bias_in_place(g):
    for layer in _dense(g.G) + _dense(g.D):
        def forward(x, layer=layer):
            y = x @ layer.params["W"]
            y += layer.params["b"]
            return y, x
        layer.forward = forward


def _leaky_in_place(g):
    from scratchgan import backend, layers
    for net in (g.G, g.D):
        for layer in net.layers:
            if isinstance(layer, layers.LeakyReLU):
                def forward(x, alpha=layer.alpha):
                    xp = backend.get_xp(x)
                    y = xp.multiply(x, alpha)
                    xp.maximum(x, y, out=y)
                    return y, y
                layer.forward = forward


def _threads(g, n=2):
    """Adam's pieces dealt round-robin to n threads (the removed backend.parallel), per optimizer step."""
    from concurrent.futures import ThreadPoolExecutor
    from scratchgan import kernels
    pool = ThreadPoolExecutor(n - 1)
    for opt in (g.g_opt, g.d_opt):
        def step(opt=opt):
            jobs = []
            for k, p in opt.model.params.items():
                m, v, t = opt.start_step(p, opt.state.setdefault(k, {}))
                b1, b2 = opt.betas
                lr_t = opt.lr * (1 - b2 ** t) ** 0.5 / (1 - b1 ** t)
                eps_t = opt.eps * (1 - b2 ** t) ** 0.5
                flat = [a.reshape(-1) for a in (p, opt.model.grads[k], m, v)]
                for i in range(0, p.size, kernels.PIECE):
                    jobs.append([a[i:i + kernels.PIECE] for a in flat] + [b1, b2, lr_t, eps_t])

            def run(share):
                import numpy as np
                tmp = np.empty(kernels.PIECE, dtype=np.float32)  # one work array per thread
                for p, gr, m, v, b1, b2, lr_t, eps_t in share:
                    kernels.adam_in_place(np, p, gr, m, v, tmp[:p.size], b1, b2, lr_t, eps_t)
            futures = [pool.submit(run, jobs[i::n]) for i in range(1, n)]
            run(jobs[0::n])
            for f in futures:
                f.result()
        opt.step = step


def _zeros(g):
    """zero_grad writing zeros (not None): backward then adds its first gradient to them."""
    for net in (g.G, g.D):
        net.zero_grad = lambda set_to_none=False, net=net: type(net).zero_grad(net)


VARIANTS = {
    "no_set_to_none": _zeros,
    "no_frozen_d": lambda g: [_force(layer, param_grads=True) for layer in _dense(g.D)],
    "no_need_dx": lambda g: [_force(layer, need_dx=True) for layer in _dense(g.G) + _dense(g.D)],
    "with_set_grads": _set_grads,
    "with_bias_in_place": _bias_in_place,
    "with_leaky_in_place": _leaky_in_place,
    "with_threads": _threads,
}
ABLATIONS = ["reference", "no_adam", "no_leaky_relu_slope", *VARIANTS]


def torch_step(B, device, threads):
    import torch
    import torch.nn.functional as F
    if device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(f"torch {torch.__version__} sees no CUDA device")
    torch.set_num_threads(threads)
    torch.manual_seed(0)

    def mlp(sizes, out_act=None):
        net = []
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            net += [torch.nn.Linear(a, b)] + ([torch.nn.LeakyReLU(0.2)] if i < len(sizes) - 2 else [])
        return torch.nn.Sequential(*net, *([out_act] if out_act else [])).to(device)

    G, D = mlp(G_SIZES, torch.nn.Tanh()), mlp(D_SIZES)
    g_opt, d_opt = (torch.optim.Adam(m.parameters(), 2e-4, betas=(0.5, 0.999)) for m in (G, D))
    real = torch.rand(B, 784, device=device) * 2 - 1
    bce = F.binary_cross_entropy_with_logits

    def step():
        fake = G(torch.randn(B, NOISE, device=device)).detach()
        d_opt.zero_grad()
        l_real, l_fake = D(real), D(fake)
        d_loss = bce(l_real, torch.ones_like(l_real)) + bce(l_fake, torch.zeros_like(l_fake))
        d_loss.backward()
        d_opt.step()
        g_opt.zero_grad()
        D.requires_grad_(False)  # G's half: only dL/dfake flows through D
        l_gen = D(G(torch.randn(B, NOISE, device=device)))
        g_loss = bce(l_gen, torch.ones_like(l_gen))
        g_loss.backward()
        D.requires_grad_(True)
        g_opt.step()
        stats = [d_loss, g_loss, torch.sigmoid(l_real).mean(), torch.sigmoid(l_fake).mean()]
        return torch.stack([s.detach() for s in stats]).tolist()  # one device -> host copy, like train_step
    return step


def best_of(fns, repeats, steps, clock, budget=float("inf")):
    """{name: best seconds per call}, timing the functions in rotating order, block by block
    (at least 3 rounds; no new round starts once ``budget`` wall seconds have passed)."""
    tick = time.process_time if clock == "cpu" else time.perf_counter
    best = {name: float("inf") for name in fns}
    names, start = list(fns), time.perf_counter()
    for r in range(repeats):
        if r >= 3 and time.perf_counter() - start > budget:
            break
        for name in names[r % len(names):] + names[:r % len(names)]:
            f = fns[name]
            t = tick()
            for _ in range(steps):
                f()
            best[name] = min(best[name], (tick() - t) / steps)
    return best


def machine(a):
    import numpy as np
    try:
        import torch
        torch_version = torch.__version__
    except ImportError:
        torch_version = "not importable"
    cpu = platform.processor()
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    info = {"cpu": f"{cpu} ({os.cpu_count()} cores)", "python": platform.python_version(), "numpy": np.__version__,
            "threads": a.threads, "clock": a.clock, "torch": torch_version, "blas_kernel": blas_kernel(),
            "load_1min": round(os.getloadavg()[0], 2)}
    if a.torch_isa == "kernel":
        info["torch_isa"] = " ".join(f"{k}={v}" for k, v in TORCH_ISA[a.kernel].items())
    try:
        import torch
        info["torch_cpu_capability"] = torch.backends.cpu.get_cpu_capability()
    except (ImportError, AttributeError):
        pass
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["blas"] = f"{blas['name']} {blas['version']}"
    except Exception:  # the layout of show_config varies between NumPy versions
        pass
    if a.backend == "cupy":
        import cupy
        info["cupy"] = cupy.__version__
        name = cupy.cuda.runtime.getDeviceProperties(0)["name"]
        info["gpu"] = name.decode() if isinstance(name, bytes) else str(name)
    return info


def blas_kernel():
    """The OpenBLAS kernel in use (threadpoolctl's "architecture", e.g. "SkylakeX"), or what is known instead."""
    import numpy  # noqa: F401 -- threadpoolctl lists only loaded libraries
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return os.environ.get("OPENBLAS_CORETYPE") or "unknown (pip install threadpoolctl)"
    names = [i.get("architecture") or i.get("internal_api") for i in threadpool_info() if i.get("user_api") == "blas"]
    return ", ".join(names) or "unknown"


def main(argv=None):
    a = parse(argv)
    if a.kernel and os.environ.get("OPENBLAS_CORETYPE") != a.kernel:  # OpenBLAS reads it once, when it loads
        if "numpy" in sys.modules:
            sys.exit("bench_step: --kernel must be chosen before NumPy loads; set OPENBLAS_CORETYPE instead")
        os.environ["OPENBLAS_CORETYPE"] = a.kernel
    if a.torch_isa == "kernel":  # read by MKL, ATen and oneDNN when torch loads
        if "torch" in sys.modules:
            sys.exit("bench_step: --torch-isa kernel must be chosen before torch loads")
        os.environ.update(TORCH_ISA[a.kernel])
    if a.backend == "numpy":  # BLAS reads its thread count once, when NumPy loads
        for var in THREAD_VARS:
            os.environ[var] = str(a.threads)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from scratchgan import backend
    try:
        backend.set_backend(a.backend)
    except backend.BackendUnavailable as err:
        sys.exit(f"bench_step: {err}")
    rows = []
    for B in a.batches:
        fns = {"scratchgan": scratchgan_step(B), "floor": floor_step(B)}
        if a.ablate is not None:
            fns.update({v: scratchgan_step(B, v) for v in a.ablate or ABLATIONS if v != "with_threads" or a.backend == "numpy"})
        note = ""
        if a.torch_device != "none":
            try:
                fns["torch"] = torch_step(B, a.torch_device, a.threads)
            except (ImportError, RuntimeError) as err:  # no torch, or no CUDA in it
                note = f"torch column skipped: {err}"
            if a.torch_floor and "torch" in fns and a.torch_device == "cpu":
                fns["torch_floor"] = torch_floor_step(B, a.threads)
        for f in fns.values():  # warm-up: allocator, BLAS buffers, CUDA kernels
            for _ in range(5):
                f()
        best = best_of(fns, a.repeats, a.steps, a.clock, a.budget)
        gflop = flops(B) / 1e9
        row = {"batch": B, "gflop_per_step": gflop, **{f"{k}_ms": v * 1e3 for k, v in best.items()}}
        row.update({f"{k}_gflops": gflop / v for k, v in best.items()})
        row["of_floor_rate"] = best["floor"] / best["scratchgan"]
        if "torch" in best:
            row["vs_torch"] = best["scratchgan"] / best["torch"]
        if "torch_floor" in best:  # the step beyond its products, in each library
            row["rest_ms"] = (best["scratchgan"] - best["floor"]) * 1e3
            row["torch_rest_ms"] = (best["torch"] - best["torch_floor"]) * 1e3
        rows.append(row)
        if note:
            print(note)
    info = machine(a)
    print(" ".join(f"{k}={v}" for k, v in info.items()))
    print(f"{'batch':>6} {'scratchgan ms':>14} {'torch ms':>9} {'floor ms':>9} {'GFLOP/s':>8} "
          f"{'torch GF/s':>10} {'floor GF/s':>10} {'vs torch':>8} {'of floor':>8}")
    for r in rows:
        t = lambda k, f: format(r[k], f) if k in r else "-"
        print(f"{r['batch']:>6} {r['scratchgan_ms']:>14.2f} {t('torch_ms', '9.2f'):>9} {r['floor_ms']:>9.2f} "
              f"{r['scratchgan_gflops']:>8.1f} {t('torch_gflops', '10.1f'):>10} {r['floor_gflops']:>10.1f} "
              f"{t('vs_torch', '7.2f') + 'x' if 'vs_torch' in r else '-':>8} {r['of_floor_rate']:>7.0%} ")
    if any("torch_floor_ms" in r for r in rows):
        print(f"{'batch':>6} {'torch floor ms':>14} {'scratchgan - floor':>18} {'torch - torch floor':>19}")
        for r in rows:
            print(f"{r['batch']:>6} {r['torch_floor_ms']:>14.2f} {r['rest_ms']:>18.2f} {r['torch_rest_ms']:>19.2f}")
    if a.ablate is not None:
        print("\neach mechanism on its own: ms per step, and the change against scratchgan (+: that variant is slower)")
        names = a.ablate or ABLATIONS
        width = {v: max(17, len(v)) for v in names}
        print(f"{'batch':>6} " + " ".join(f"{v:>{width[v]}}" for v in names))
        for r in rows:
            cells = [f"{r[v + '_ms']:7.2f} ({r[v + '_ms'] / r['scratchgan_ms'] - 1:+6.1%})" if v + "_ms" in r else "-"
                     for v in names]
            print(f"{r['batch']:>6} " + " ".join(f"{c:>{width[v]}}" for c, v in zip(cells, names)))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"machine": info, "args": vars(a), "rows": rows}, f, indent=1)
    return rows


if __name__ == "__main__":
    main()
