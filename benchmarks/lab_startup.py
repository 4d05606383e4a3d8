"""Seconds from the lab's command to a usable page, in a real headless Chromium.

    python benchmarks/lab_startup.py --runs 3

A teacher types the command with a browser already open: so the browser is started first and left
to settle (not counted), then the clock starts, ``python -m scratchgan lab --port N`` is run (from
this checkout, in an empty folder), its address is read from what it prints, the browser opens
it, and the page counts as usable when its strip of numbers shows "D updates" (the page's kernel
has built the lab and drawn the plane). Ctrl-C stops the command after each run. Prints, per run,
the seconds to the address and to a usable page, then the median. Needs chromium,
chromium-driver, selenium and voila (as tests/test_lab_browser.py).

    python benchmarks/lab_startup.py --runs 5 --phases

``--phases`` also says where the time goes, each a time since the command: the page asked for
(``request``) and its first bytes (``first_byte``), from the browser's navigation timing; the page's
kernel process started (``kernel_start``, from /proc), its cell begun (``cell``: the kernel is up),
the lab's modules imported (``imported``) and the lab built and drawn (``built``), stamped by the
kernel itself; the page received (``page``), the browser's scripts run (``scripts``: its load event)
and the strip shown (``usable``). The stamps cost a few microseconds; the command is then
``server.main`` with the stamped notebook, run by ``python -c`` (cli.py's own imports, ~0.05 s,
left out). With warm kernels (the default, ``scratchgan/lab/warm.py``) ``kernel_start`` is the
fork and ``imported`` follows ``cell`` at once.

    python benchmarks/lab_startup.py --runs 5 --compare

``--compare`` alternates runs with warm kernels and with kernels started cold (``--no-warm``: as
Voila starts them), so that both are measured in the same minutes; prints the medians of each.
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
         "--window-size=1280,720"]


SETTLE_S = 3.0  # seconds between the browser's start and the command (Chromium works on for ~1 s after it opens)
STAMPS = os.path.join(tempfile.gettempdir(), "scratchgan_lab_startup_stamps.json")
PHASES = ("address", "request", "first_byte", "kernel_start", "cell", "imported", "built", "page", "scripts", "usable")


def stamped(write_notebook):
    """``server.write_notebook`` whose cell also writes epoch times to ``STAMPS``: the kernel process's start
    (/proc: its start in clock ticks after boot, and boot = now - uptime), the cell's start, after the import,
    after building the lab."""
    def write(folder, **settings):
        path = write_notebook(folder, **settings)
        nb = json.load(open(path))
        imp, build, show = nb["cells"][0]["source"].split("\n")
        nb["cells"][0]["source"] = "\n".join([
            "import json as _j, os as _os, time as _t",
            "_s = {'cell': _t.time()}",
            "_boot = _t.time() - float(open('/proc/uptime').read().split()[0])",
            "_s['kernel_start'] = _boot + int(open('/proc/self/stat').read().rsplit(')', 1)[1].split()[19]) / "
            "_os.sysconf('SC_CLK_TCK')",
            imp, "_s['imported'] = _t.time()", build, "_s['built'] = _t.time()",
            f"_j.dump(_s, open({STAMPS!r}, 'w'))", show])
        json.dump(nb, open(path, "w"))
        return path
    return write


def command(port, warm_kernels, phases):
    """The lab's command line as a teacher types it; with ``phases``, ``server.main`` with the stamped notebook
    (the same work, without cli.py's own imports, ~0.05 s)."""
    args = ["--port", str(port)] + ([] if warm_kernels else ["--no-warm"])
    if not phases:
        return [sys.executable, "-m", "scratchgan", "lab", *args]
    code = (f"import sys; sys.path.insert(0, {HERE!r}); import lab_startup; from scratchgan.lab import server; "
            "server.write_notebook = lab_startup.stamped(server.write_notebook); sys.exit(server.main(sys.argv[1:]))")
    return [sys.executable, "-c", code, *args]


def one_run(phases=False, warm_kernels=True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from scratchgan.lab import server
    profile, workdir = tempfile.mkdtemp(prefix="scratchgan-chromium-"), tempfile.mkdtemp(prefix="scratchgan-startup-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
    lab = None
    try:
        driver.get("about:blank")
        time.sleep(SETTLE_S)  # a browser already open: its own start has ended before the command
        cmd = command(server.free_port(), warm_kernels, phases)
        t0, epoch0 = time.perf_counter(), time.time()
        lab = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        url = next((m.group(1) for m in map(re.compile(r"open (http://\S+)").search, lab.stdout) if m), None)
        address = time.perf_counter() - t0
        if url is None:
            raise RuntimeError(f"the lab's command printed no address (exit {lab.wait()})")
        threading.Thread(target=lab.stdout.read, daemon=True).start()  # the kernels' own lines, read and dropped
        driver.get(url)
        strip = lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, ".lab-numbers") if "D updates" in e.text]  # noqa: E731
        WebDriverWait(driver, 120, poll_frequency=0.05).until(strip)
        usable = time.perf_counter() - t0
        if not phases:
            return address, usable
        nav = driver.execute_script("return performance.timing.toJSON()")
        kernel = json.load(open(STAMPS))
        since = lambda ms: ms / 1000 - epoch0  # noqa: E731
        return {"address": address, "request": since(nav["requestStart"]), "first_byte": since(nav["responseStart"]),
                **{k: kernel[k] - epoch0 for k in ("kernel_start", "cell", "imported", "built")},
                "page": since(nav["responseEnd"]), "scripts": since(nav["loadEventEnd"]), "usable": usable}
    finally:
        driver.quit()
        if lab is not None:  # Ctrl-C, as the teacher stops it
            lab.send_signal(signal.SIGINT)
            lab.wait(30)
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--phases", action="store_true", help="also where the time goes (see the docstring)")
    p.add_argument("--compare", action="store_true", help="alternate warm kernels and kernels started cold")
    a = p.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    kinds = [True, False] if a.compare else [True]
    runs = {kind: [] for kind in kinds}
    for _ in range(a.runs):
        for kind in kinds:  # alternating: both kinds in the same minutes
            runs[kind].append(one_run(a.phases, kind))
    for kind, rows in runs.items():
        if a.compare:
            print("warm kernels (the lab's default)" if kind else "kernels started cold (as Voila starts them)")
        report(rows, a.phases)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


def report(rows, phases):
    if phases:
        for k in PHASES:
            print(f"{k:13s}" + " ".join(f"{r[k]:6.2f}" for r in rows) + f"   median {statistics.median(r[k] for r in rows):.2f} s")
        rows = [(r["address"], r["usable"]) for r in rows]
    for i, (address, usable) in enumerate(rows):
        print(f"run {i}: address after {address:.2f} s, page usable after {usable:.2f} s")
    print(f"median: address {statistics.median(r[0] for r in rows):.2f} s, usable {statistics.median(r[1] for r in rows):.2f} s")


if __name__ == "__main__":
    main()
