"""``python -m scratchgan lab``: the lab as a standalone page in the browser (Voila).

    python -m scratchgan lab                 # prints http://127.0.0.1:8866/ ; Ctrl-C stops it
    python -m scratchgan lab --data grid --port 0

Voila runs a one-cell notebook (``widget.Lab(...)``) in a fresh kernel per visitor and
shows only its widgets. It listens on 127.0.0.1 alone: the lab runs code on
this machine, so it is not offered to the network. Needs ``pip install -e .[lab]``.

Voila runs as ``voila_main`` starts it: it says when it has bound the port (so a busy
port is an error, never another program's address), and it stops the kernel of a page
that was closed or reloaded. A page's kernel is forked, with the lab imported, from a warm
process started beside Voila (``warm.py``): the page is usable 0.4-1.3 s sooner. Its page is
the template in ``page/`` (Voila's, without the CDN links): the page asks nothing of the
network. Exports and relative file paths are in the folder the command was started from.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import scratchgan

from . import warm

HOST = "127.0.0.1"
DEFAULT_PORT = 8866


PAGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "page")  # the page's template (no CDN)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_is_free(port):
    """Whether ``port`` on 127.0.0.1 can be bound right now (nothing else listens on it)."""
    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
        return True


def write_notebook(folder, kernel="python3", **settings):
    """The one-cell notebook Voila serves: the Lab with ``settings``, run by the kernelspec ``kernel``; returns its path."""
    cell = ("from scratchgan.lab.widget import Lab\n"
            f"lab = Lab(**{settings!r})\nlab")
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "lab", "metadata": {}, "outputs": [],
                     "source": cell}],
          "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": kernel},
                       "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = os.path.join(folder, "scratchgan_lab.ipynb")
    with open(path, "w") as f:
        json.dump(nb, f)
    return path


def start(port=0, wait=60.0, quiet=True, workdir=None, warm_kernels=True, **settings):
    """Start Voila on 127.0.0.1:port (0: a free one); returns (process, url) once it serves.

    ``warm_kernels``: each page's kernel is forked from a process that has imported the lab
    while Voila started (``warm.py``; Linux), not started cold (False: as Voila starts it).

    ``workdir`` (default: the current folder) is where the page's exports go and where relative
    file paths are read from. Raises RuntimeError, in one line, for a busy port: the url returned
    is always this server's (Voila writes a readiness file once it has bound the port; an answer
    from another program on the port is never taken for it).
    """
    missing = [m for m in ("voila", "ipywidgets") if not _importable(m)]
    if missing:
        raise RuntimeError(f"the lab page needs {' and '.join(missing)}; install them with: pip install -e .[lab]")
    port = port or free_port()
    if not port_is_free(port):
        raise RuntimeError(f"port {port} is busy (another lab or program listens on it); "
                           f"choose another with --port, or --port 0 for any free one")
    folder = tempfile.mkdtemp(prefix="scratchgan-lab-")
    warm_socket = os.path.join(folder, "warm.sock")
    warm_socket = warm_socket if warm_kernels and warm.available(warm_socket) else None
    if warm_socket:
        warm.kernelspec(folder, warm_socket)
    path = write_notebook(folder, kernel=warm.KERNEL_NAME if warm_socket else "python3",
                          workdir=os.path.abspath(workdir or os.getcwd()), **settings)
    ready = os.path.join(folder, "ready")
    root = os.path.dirname(os.path.dirname(os.path.abspath(scratchgan.__file__)))
    env = {"OPENBLAS_NUM_THREADS": "1", **os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
           "JUPYTER_PATH": os.pathsep.join(filter(None, [folder, PAGE, os.environ.get("JUPYTER_PATH")])),
           "SCRATCHGAN_LAB_READY": ready}
    out = subprocess.DEVNULL if quiet else None
    # the warm process first: it imports what every page's kernel needs while Voila starts (warm.py)
    warm_proc = subprocess.Popen([sys.executable, warm.__file__, "--serve", warm_socket], cwd=folder, env=env,
                                 stdout=out, stderr=out, start_new_session=True) if warm_socket else None
    main = os.path.join(os.path.dirname(os.path.abspath(__file__)), "voila_main.py")  # a file: see its docstring
    cmd = [sys.executable, main, path, "--template=scratchgan", "--Voila.log_level=WARN",
           f"--port={port}", f"--Voila.ip={HOST}", "--no-browser",
           "--Voila.port_retries=0", "--strip_sources=True", "--show_tracebacks=True"]
    # its own session: Ctrl-C reaches only us, and we stop Voila with SIGTERM, which it handles cleanly
    proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=out, stderr=out, start_new_session=True)
    proc.folder, proc.warm = folder, warm_proc
    url = f"http://{HOST}:{port}/"
    t0 = time.time()
    while time.time() - t0 < wait:
        if proc.poll() is not None:
            _stop_warm(proc)
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"the lab's server stopped at start (exit {proc.returncode}); is port {port} free?")
        if os.path.exists(ready):
            return proc, url
        time.sleep(0.02)  # the address as soon as Voila has bound its port
    stop(proc)
    raise RuntimeError(f"voila did not answer on {url} within {wait:.0f} s")


def stop(proc):
    """Stop the server (SIGTERM: Voila shuts its kernels down; SIGKILL after 10 s), then its warm process,
    and remove its folder."""
    _end(proc, 10)
    _stop_warm(proc)
    shutil.rmtree(getattr(proc, "folder", ""), ignore_errors=True)


def _stop_warm(proc):
    """Stop the warm process of the server ``proc`` (it holds no state)."""
    if getattr(proc, "warm", None) is not None:
        _end(proc.warm, 5)


def _end(process, grace):
    """SIGTERM, and SIGKILL if ``process`` is still running ``grace`` seconds later."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _importable(name):
    import importlib.util
    return importlib.util.find_spec(name) is not None


def main(argv=None):
    """Serve the lab until Ctrl-C; returns an exit status (0 after Ctrl-C, 2 on bad input)."""
    p = argparse.ArgumentParser(prog="python -m scratchgan lab", description="The classroom lab in the browser.")
    p.add_argument("--port", type=int, default=None,
                   help="port on 127.0.0.1 (0: any free one); default 8866, or a free one when 8866 is busy")
    p.add_argument("--data", default="ring", help="ring, grid, swiss_roll, gaussian, mixture or a .npy/.csv file")
    p.add_argument("--seed", type=int, default=0, help="seed of G's and D's first weights")
    p.add_argument("--no-warm", dest="warm", action="store_false",
                   help="start each page's kernel cold, as Voila does, not forked from a warm process (slower)")
    args = p.parse_args(argv)
    port = args.port
    if port is None:
        port = DEFAULT_PORT if port_is_free(DEFAULT_PORT) else 0
        if port == 0:
            print(f"scratchgan lab: port {DEFAULT_PORT} is busy (another lab?); using a free one", file=sys.stderr)
    data = os.path.abspath(args.data) if os.path.exists(args.data) else args.data  # Voila runs elsewhere
    try:
        proc, url = start(port, quiet=False, warm_kernels=args.warm, data=data, seed=args.seed)
    except RuntimeError as err:
        print(f"scratchgan: error: {err}", file=sys.stderr)
        return 2
    print(f"\nscratchgan lab: open {url} in a browser (Ctrl-C stops it)\n", flush=True)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    signal.signal(signal.SIGTERM, _interrupt)  # a plain kill stops Voila too
    try:
        proc.wait()
    except KeyboardInterrupt:
        print("scratchgan lab: stopping", file=sys.stderr)
    finally:
        stop(proc)
    return 0
