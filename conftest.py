"""pytest's --doctest-modules imports every module under scratchgan/ (pyproject.toml). The lab's widget modules
import ipywidgets, which only ``pip install -e .[lab]`` (or requirements.txt) brings: without it they are
left out of the collection instead of failing it (tests/test_lab.py skips its widget tests the same way)."""
import importlib.util
import os

# `python -m pytest -n auto` (pytest-xdist, the README's command) runs one worker per core, so each worker's BLAS gets
# one thread: two workers with two OpenBLAS threads each on two cores spin and wait for each other. A worker sets
# PYTEST_XDIST_WORKER before it loads this file, and NumPy (which reads the variable once, when it loads) after it.
# A thread count set by the user is kept; a run without -n keeps the machine's default.
if os.environ.get("PYTEST_XDIST_WORKER"):
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")

collect_ignore = [] if importlib.util.find_spec("ipywidgets") else [f"scratchgan/lab/{name}.py" for name in
                                                                     ("panels", "plane_panel", "tabs", "inputs", "widget")]


def pytest_configure(config):
    """Under -n, tests marked ``xdist_group(name)`` share a worker and run there in order (tests/test_lab_browser.py:
    one server and browser for the module); the rest go to whichever worker is free. That is xdist's ``--dist
    loadgroup``, made the default here: its plain ``load`` (what -n picks) would split a group, and pyproject.toml's
    addopts cannot name ``--dist`` (an unknown option to a pytest without pytest-xdist). Two halves, as that option
    sets them: the controller schedules by group, and each worker appends the group to its tests' ids."""
    if getattr(config.option, "dist", None) == "load":  # the controller, under -n without --dist
        config.option.dist = "loadgroup"
    if hasattr(config, "workerinput") and "--dist" not in " ".join(config.invocation_params.args):  # a worker
        config.option.loadgroup = True
