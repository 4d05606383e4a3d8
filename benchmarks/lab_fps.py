"""Frames per second of the lab's "play" on the ring preset at the lab's default settings, every layer drawn.

    python benchmarks/lab_fps.py                    # 60 frames of 5 full steps, then 10 s of the widget's play
    python benchmarks/lab_fps.py --steps-per-frame 10 --frames 30 --seconds 5

One frame = what play does between two pictures: ``steps`` full steps (k D +
1 G updates, batch 512, G 2-128-128-128-2, D 4-128-128-1 with pack 2: the ring preset), the
strip of numbers as play refreshes it (``readouts.Strip``: V(D, G) and mean D every
frame; modes, high quality, precision and recall of both the raw and the averaged G
every 4th frame), and the plane redrawn with every layer (48 x 48
heat map of D, 512 real points, 512 raw and 512 averaged G samples, 96 arrows,
G's manifold: 40 lines of 20 points) and encoded as JPEG (``view.frame()``, what the page gets). Reported: the median
frame time split into those three parts (and the mean of the numbers, which vary
from frame to frame), frames/s and G updates/s over all the frames (their mean rate), and the same
per second of CPU time this process got (on a machine shared with other jobs,
wall time overstates the cost; with one BLAS thread, CPU time is what an idle
core would take); what the layers of issues 21 and 23 (the manifold, the averaged
G's points and its strip numbers) add to a frame, each switched off in turn on
the same frame (interleaved, so a ratio under load still holds); then the widget
itself playing in its thread (headless, so without the browser's decode and the
websocket).
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from scratchgan.kernels import limit_blas_threads  # noqa: E402
from scratchgan.lab import LabState  # noqa: E402
from scratchgan.lab.plane import PlaneView  # noqa: E402
from scratchgan.lab.readouts import Strip  # noqa: E402
from scratchgan.lab.settings import DRAW  # noqa: E402


EVERY_LAYER = dict(g_shown="both", draw=DRAW)  # the averaged G beside the raw G, the manifold, every layer


def frames(steps, n):
    state = LabState("ring", **EVERY_LAYER)
    view = PlaneView(state, live=True)  # as the widget draws it
    strip = Strip(state)  # the strip as play refreshes it
    parts = {"train": [], "numbers": [], "draw": []}
    cpu = []
    for i in range(n + 3):  # 3 warm-up frames
        c0 = time.process_time()
        t0 = time.perf_counter()
        state.full_step(steps)
        t1 = time.perf_counter()
        numbers = strip.numbers(playing=True)
        t2 = time.perf_counter()
        view.update(numbers)
        view.frame()
        t3 = time.perf_counter()
        if i >= 3:
            cpu.append(time.process_time() - c0)
            for k, dt in zip(parts, (t1 - t0, t2 - t1, t3 - t2)):
                parts[k].append(dt)
    ms = {k: 1e3 * statistics.median(v) for k, v in parts.items()}
    ms["numbers (mean)"] = 1e3 * statistics.mean(parts["numbers"])
    total = [a + b + c for a, b, c in zip(*parts.values())]
    fps = len(total) / sum(total)
    fps_cpu = len(cpu) / sum(cpu)
    return {"frame_ms": {k: round(v, 1) for k, v in ms.items()}, "frames_per_s": round(fps, 1),
            "frames_per_s_median_frame": round(1 / statistics.median(total), 1),
            "g_updates_per_s": round(fps * steps, 1), "frames_per_cpu_s": round(fps_cpu, 1),
            "g_updates_per_cpu_s": round(fps_cpu * steps, 1)}


def layer_costs(steps, n):
    """Median ms a frame's numbers + draw take with every layer, and without each new one (same frames, interleaved)."""
    flat = tuple(d for d in DRAW if d != "manifold")
    cases = {"every layer": EVERY_LAYER, "no manifold": dict(g_shown="both", draw=flat),
             "raw G only": dict(g_shown="raw", draw=DRAW), "neither": dict(g_shown="raw", draw=flat)}
    state = LabState("ring", **EVERY_LAYER)
    view = PlaneView(state, live=True)
    times = {k: [] for k in cases}
    for i in range(n + 2):
        state.full_step(steps)
        for name, settings in cases.items():
            state.set(**settings)
            n = state.numbers()
            view.update(n)  # untimed: "G shown: both" comes and goes in the mode label, whose image is then made anew
            t0 = time.perf_counter()  # (~10-20 ms, once per change: play never pays it; it was the manifold's "cost")
            view.update(state.numbers())
            view.frame()
            if i >= 2:
                times[name].append(time.perf_counter() - t0)
    ms = {k: 1e3 * statistics.median(v) for k, v in times.items()}
    added = round(ms["every layer"] - ms["neither"], 1)
    return {**{k: round(v, 1) for k, v in ms.items()}, "added by the new layers": added}


def play(steps, seconds):
    from scratchgan.lab.widget import Lab
    lab = Lab(data="ring", **EVERY_LAYER)
    lab.toolbar.speed.value = steps
    f0, u0, t0 = lab.frames, lab.state.g_updates, time.perf_counter()
    lab.toolbar.play.value = True
    time.sleep(seconds)
    f1, u1, dt = lab.frames, lab.state.g_updates, time.perf_counter() - t0  # before pause's own fresh frame
    lab.stop()
    return {"frames_per_s": round((f1 - f0) / dt, 1), "g_updates_per_s": round((u1 - u0) / dt, 1)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--steps-per-frame", type=int, default=5)
    p.add_argument("--frames", type=int, default=60)
    p.add_argument("--seconds", type=float, default=10.0)
    args = p.parse_args()
    limit_blas_threads()
    out = {"steps_per_frame": args.steps_per_frame, "loop": frames(args.steps_per_frame, args.frames),
           "numbers_and_draw_ms": layer_costs(args.steps_per_frame, max(5, args.frames // 3)),
           "widget_play": play(args.steps_per_frame, args.seconds), "cpus": os.cpu_count(),
           "load_average_1min": round(os.getloadavg()[0], 2)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
