"""Warm kernels: a page's kernel forked with the lab already imported, not started cold (Linux).

Voila starts a fresh kernel for every page it serves: a Python process that imports ipykernel
(IPython, jedi, zmq: ~0.6 s on the development machine), after which the lab's cell imports
NumPy, matplotlib and the lab (~0.5 s) and builds it. Together that is the largest part of the
lab's ~3 s from the command to a usable page, and it cannot start before the browser asks for
the page (RESULTS.md, "Lab").

So ``server.start`` starts one more process next to Voila, at the same moment, on the machine's
other core: ``python warm.py --serve SOCKET`` imports all of that once, then waits on a Unix
socket. The page's kernel is this same file run as ``python warm.py -f CONNECTION_FILE`` (the
kernelspec ``scratchgan-lab`` that ``server.start`` writes beside the notebook): a client that
imports only the standard library, sends its command line, folder, environment and standard
streams (file descriptors) to the warm process, which forks. The forked child takes them on and
runs ipykernel exactly as ``python -m ipykernel_launcher -f CONNECTION_FILE`` would, its imports
done (all but ipywidgets: ``serve``); the warm process goes back to waiting, so a reload or a
second page gets a warm kernel too. Jupyter still sees the client as the kernel's process:

* it interrupts (SIGINT) or stops (SIGTERM) the client, which passes the signal to the child;
* it kills the client (SIGKILL), and the child, which waits on their socket in a thread, sees
  the socket close and exits at once;
* the child exits (shutdown), the socket closes, and the client exits.

What a module reads from the environment at import, it read in the warm process, whose environment
is the server's; a kernel's differs by Jupyter's variables alone (JPY_PARENT_PID, JPY_SESSION_NAME),
and the one ipykernel reads at import, the parent's pid, is passed on its command line.

Without the warm process (it is not running, or this is not Linux, where fork after these
imports is safe), the client becomes the plain kernel (``os.execv``). The file runs as a script
(not ``-m scratchgan.lab.warm``) so that the client imports neither the library nor NumPy.

Measured (``python benchmarks/lab_startup.py --runs 5 --compare``; RESULTS.md, "Lab"): the page
usable 0.4-1.3 s sooner than with kernels started cold, the same minutes, the same play rate.
"""
import json
import os
import signal
import socket
import sys
import threading

if __name__ == "__main__" and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)  # run as a file: the lab's modules (settings.py, export.py...) must not shadow others

KERNEL_NAME = "scratchgan-lab"
SOCKET_ENV = "SCRATCHGAN_LAB_WARM"  # the warm process's socket, in the kernel's environment


def available(sock_path=None):
    """Whether warm kernels are used here: fork after importing NumPy and matplotlib is safe on Linux (and
    a Unix socket's path holds at most 107 bytes there)."""
    fits = sock_path is None or len(os.fsencode(sock_path)) < 108
    return sys.platform.startswith("linux") and hasattr(socket, "send_fds") and fits


def kernelspec(folder, sock_path):
    """Write the kernelspec ``scratchgan-lab`` under ``folder``/kernels (put ``folder`` on JUPYTER_PATH)."""
    spec = os.path.join(folder, "kernels", KERNEL_NAME)
    os.makedirs(spec, exist_ok=True)
    with open(os.path.join(spec, "kernel.json"), "w") as f:
        json.dump({"argv": [sys.executable, os.path.abspath(__file__), "-f", "{connection_file}"],
                   "display_name": "scratchgan lab (warm)", "language": "python", "env": {SOCKET_ENV: sock_path}}, f)
    return spec


# -- the warm process ---------------------------------------------------------------------------

def serve(sock_path):
    """Listen on ``sock_path`` first (a kernel asked for early waits in the queue), import what every
    page's kernel needs, then fork one kernel per request until stopped (SIGTERM) or orphaned."""
    parent = os.getppid()  # before the imports: the command may be gone by their end
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sock_path)
    listener.listen(16)
    import ipykernel.kernelapp  # noqa: F401  (IPython, jedi, zmq, tornado)
    import ipykernel.debugger  # noqa: F401  (debugpy: imported by a kernel as it starts, half of its start)
    import scratchgan.lab.state  # noqa: F401  (NumPy, matplotlib, the library, the game)
    import scratchgan.lab.views  # noqa: F401  (the lab's pictures)
    # Not ipywidgets (nor the lab's widget modules, which import it): at import it registers its comm targets
    # with the running kernel, and there is none yet. Without them the page would fetch each of ~210 widget
    # models in a message of its own, ~0.5 s more. The kernel's cell imports it (~0.05 s).
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernels are reaped by the system
    listener.settimeout(1.0)
    while os.getppid() == parent:  # the lab's command has gone (killed): so do we
        try:
            conn, _ = listener.accept()
        except socket.timeout:
            continue
        conn.settimeout(None)
        try:
            request, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
            request = json.loads(request)
        except (OSError, ValueError):
            conn.close()
            continue
        if os.fork() == 0:
            listener.close()
            _become_kernel(conn, request, fds)  # never returns
        conn.close()
        for fd in fds:
            os.close(fd)


def _become_kernel(conn, request, fds):
    """In the forked child: take the client's streams, folder and environment, and run ipykernel."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses are waited for
        for i, fd in enumerate(fds):
            os.dup2(fd, i)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
        threading.Thread(target=_exit_with_client, args=(conn,), daemon=True).start()
        argv = list(request["argv"])
        if os.environ.get("JPY_PARENT_PID"):  # ipykernel read it at import, from the warm process's environment
            argv.append(f"--IPKernelApp.parent_handle={os.environ['JPY_PARENT_PID']}")
        sys.argv = ["ipykernel_launcher"] + argv
        from ipykernel.kernelapp import IPKernelApp
        IPKernelApp.launch_instance(argv=argv)
        code = 0
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _exit_with_client(conn):
    """The client has gone (killed, or it exited): the kernel goes too."""
    _until_closed(conn)
    os._exit(1)


def _until_closed(conn):
    """Wait until the other end of ``conn`` has closed it (its process exited or was killed)."""
    try:
        while conn.recv(1):
            pass
    except OSError:
        pass


# -- the client: the kernel process Jupyter starts ----------------------------------------------

def client(argv):
    """Ask the warm process for a kernel with ``argv`` (ipykernel's arguments) and stand in for it;
    without one, become the plain kernel."""
    sock_path = os.environ.get(SOCKET_ENV)
    try:
        if not (sock_path and available()):
            raise OSError("no warm process")
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(sock_path)
        request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
        socket.send_fds(conn, [json.dumps(request).encode()], [0, 1, 2])
        reply = conn.makefile("rb").readline()
        pid = json.loads(reply)["pid"]
    except (OSError, ValueError, KeyError):
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher"] + argv)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: _forward(pid, signum))
    _until_closed(conn)  # the kernel has exited
    return 0


def _forward(pid, signum):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(sys.argv[2])
    else:
        sys.exit(client(sys.argv[1:]))
