"""Would a second thread speed up Adam inside a real training step?

    python benchmarks/adam_threads.py --blas-threads 1            # the command line's setting
    python benchmarks/adam_threads.py --blas-threads 1 --batch 64

Trains the MNIST-size GAN of ``bench_step.py`` at one batch size and times each
optimizer's ``step`` inside the training step (medians over ``--steps`` steps),
with Adam's cache-sized pieces on 1 thread (``kernels.adam``, what the library
does) and dealt to 2 threads (``bench_step``'s "with_threads" variant: the thread
pool that ``backend.parallel`` used to be), alternating, wall clock.
The library keeps one thread: results in benchmarks/RESULTS.md, "Speed".
"""
import argparse
import os
import sys
import time


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--blas-threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args(argv)
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(a.blas_threads)  # before NumPy loads
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:0] = [here, os.path.dirname(here)]
    import numpy as np

    import bench_step
    from scratchgan import backend

    print(f"batch {a.batch}, BLAS threads {a.blas_threads}; medians over {a.steps} steps")
    print("adam threads | G's Adam ms | D's Adam ms | step ms")
    for _ in range(a.rounds):
        for threads in (1, 2):
            gan = bench_step.build_gan()
            if threads == 2:
                bench_step.VARIANTS["with_threads"](gan)
            real = backend.asarray(backend.host_rng().uniform(-1, 1, (a.batch, 784)), dtype="float32")
            times = {"G": [], "D": []}
            for name, opt in (("G", gan.g_opt), ("D", gan.d_opt)):
                def timed(step=opt.step, out=times[name]):
                    t = time.perf_counter()
                    step()
                    out.append(time.perf_counter() - t)
                opt.step = timed
            for _ in range(10):  # warm-up
                gan.train_step(real)
            times["G"].clear(), times["D"].clear()
            t = time.perf_counter()
            for _ in range(a.steps):
                gan.train_step(real)
            step_ms = (time.perf_counter() - t) / a.steps * 1e3
            print(f"{threads:12d} | {np.median(times['G']) * 1e3:11.2f} | {np.median(times['D']) * 1e3:11.2f} | {step_ms:7.2f}")


if __name__ == "__main__":
    main()
