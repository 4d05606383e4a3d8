"""The lab's warm kernels (``scratchgan/lab/warm.py``), driven through jupyter_client as Voila drives them.

Each test starts a real warm process and real kernels; skips where ipykernel or jupyter_client is missing
(the ``lab`` extra), or where warm kernels are not used (not Linux). The page itself is driven in
tests/test_lab_browser.py, whose every test runs on warm kernels.
"""
import importlib.util
import os
import signal
import subprocess
import sys
import time

import pytest

from scratchgan.lab import warm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MISSING = [m for m in ("ipykernel", "jupyter_client") if importlib.util.find_spec(m) is None]
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bool(MISSING), reason=f"warm kernels need {', '.join(MISSING)} (pip install -e .[lab])"),
              pytest.mark.skipif(not warm.available(), reason="warm kernels are used on Linux only")]


def alive(pid):
    """Whether ``pid`` runs (a zombie, exited but not yet waited for, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def gone(pid, within=10.0):
    t0 = time.time()
    while alive(pid) and time.time() - t0 < within:
        time.sleep(0.05)
    return not alive(pid)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A folder with the kernelspec ``scratchgan-lab`` on JUPYTER_PATH, as ``server.start`` makes it."""
    warm.kernelspec(str(tmp_path), str(tmp_path / "warm.sock"))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])))
    return tmp_path


@pytest.fixture
def warm_process(folder):
    proc = subprocess.Popen([sys.executable, warm.__file__, "--serve", str(folder / "warm.sock")], cwd=folder)
    yield proc
    proc.terminate()
    proc.wait(10)


def start_kernel(cwd):
    from jupyter_client import KernelManager
    km = KernelManager(kernel_name=warm.KERNEL_NAME)
    km.start_kernel(cwd=str(cwd))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc


def run(kc, code, timeout=30):
    """Execute ``code``; returns (status, what it printed)."""
    out = []
    reply = kc.execute_interactive(code, timeout=timeout,
                                   output_hook=lambda m: out.append(m["content"].get("text", "")))
    return reply["content"]["status"], "".join(out)


def test_a_warm_kernel_is_forked_ready_and_follows_its_process(warm_process, folder, tmp_path_factory):
    cwd = tmp_path_factory.mktemp("page")
    km, kc = start_kernel(cwd)
    try:
        status, out = run(kc, "import os, sys; from ipykernel.kernelapp import IPKernelApp;"
                              " print(os.getpid(), os.getppid(), 'scratchgan.lab.state' in sys.modules, os.getcwd(),"
                              " IPKernelApp.instance().parent_handle == int(os.environ['JPY_PARENT_PID']))")
        pid, ppid, imported, where, env = out.split()
        pid, stand_in = int(pid), km.provisioner.process.pid
        assert status == "ok"
        assert pid != stand_in and int(ppid) == warm_process.pid  # forked by the warm process, not Jupyter's child
        assert imported == "True"  # the lab was imported before the kernel was asked for
        assert where == str(cwd) and env == "True"  # the folder and environment Jupyter gave its process (ipykernel
        # reads JPY_PARENT_PID at import, in the warm process: the kernel must still know it)
        # ipywidgets is imported in the kernel, so it registers its comm targets with it: without the control
        # target the page fetches each widget model in a message of its own (~0.5 s more)
        status, out = run(kc, "import comm, ipywidgets; print(sorted(comm.get_comm_manager().targets))")
        assert "'jupyter.widget.control'" in out and "'jupyter.widget'" in out, out
        # an interrupt reaches the forked kernel through the process Jupyter holds
        kc.execute("import time; time.sleep(30)")
        time.sleep(1.0)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=15)
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        assert run(kc, "print(6 * 7)") == ("ok", "42\n")  # and it goes on
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)  # a shutdown request: the kernel exits, then the process standing in for it
    assert gone(pid) and gone(stand_in)
    assert warm_process.poll() is None  # the warm process stays for the next page


def test_killing_the_kernel_process_stops_the_forked_kernel(warm_process, tmp_path):
    km, kc = start_kernel(tmp_path)
    try:
        pid = int(run(kc, "import os; print(os.getpid())")[1])
        kc.execute("while True: pass")  # a busy kernel, as a page left playing
        time.sleep(0.5)
        os.kill(km.provisioner.process.pid, signal.SIGKILL)  # what Jupyter does to a kernel that will not stop
        assert gone(pid), "the forked kernel outlived the process Jupyter killed"
    finally:
        kc.stop_channels()
        km.cleanup_resources()


def test_without_the_warm_process_the_kernel_starts_as_usual(folder, tmp_path):
    """No warm process listening (it never started, or it stopped): the client becomes the plain kernel."""
    km, kc = start_kernel(tmp_path)
    try:
        status, out = run(kc, "import os, sys; print(os.getpid(), 'scratchgan.lab.state' in sys.modules)")
        pid, imported = out.split()
        assert status == "ok" and int(pid) == km.provisioner.process.pid and imported == "False"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_the_warm_process_leaves_with_the_lab(folder):
    """The lab's command killed outright (no Ctrl-C): its warm process notices and exits."""
    sock = folder / "warm.sock"
    parent = subprocess.Popen([sys.executable, "-c", "import subprocess, sys, time; p = subprocess.Popen(sys.argv[1:]);"
                               " print(p.pid, flush=True); time.sleep(60)", sys.executable, warm.__file__, "--serve", str(sock)],
                              stdout=subprocess.PIPE, text=True)
    pid = int(parent.stdout.readline())
    t0 = time.time()
    while not sock.exists() and time.time() - t0 < 30:
        time.sleep(0.05)
    parent.kill()
    parent.wait()
    assert gone(pid, within=30), "the warm process outlived the command that started it"


def test_a_socket_path_too_long_for_linux_means_kernels_started_cold(tmp_path):
    """A Unix socket's path holds 107 bytes on Linux: a deeper temporary folder gives up warm kernels, not the lab."""
    assert warm.available(str(tmp_path / "warm.sock"))
    assert not warm.available("/" + "d" * 110 + "/warm.sock")


@pytest.mark.skipif(importlib.util.find_spec("voila") is None, reason="the lab's server needs voila")
def test_the_server_starts_warm_kernels_unless_told_not_to(tmp_path):
    import json
    from scratchgan.lab import server
    for warm_kernels, kernel in ((True, warm.KERNEL_NAME), (False, "python3")):
        proc, url = server.start(port=server.free_port(), workdir=str(tmp_path), warm_kernels=warm_kernels, data="ring")
        try:
            (notebook,) = [f for f in os.listdir(proc.folder) if f.endswith(".ipynb")]
            with open(os.path.join(proc.folder, notebook)) as f:
                assert json.load(f)["metadata"]["kernelspec"]["name"] == kernel
            assert (proc.warm is not None and proc.warm.poll() is None) == warm_kernels
        finally:
            server.stop(proc)
        assert proc.warm is None or gone(proc.warm.pid)  # stopped with the server
