"""pytest's --doctest-modules imports every module under scratchgan/ (pyproject.toml). The lab's widget modules
import ipywidgets, which only ``pip install -e .[lab]`` (or requirements.txt) brings: without it they are
left out of the collection instead of failing it (tests/test_lab.py skips its widget tests the same way)."""
import importlib.util

collect_ignore = [] if importlib.util.find_spec("ipywidgets") else [f"scratchgan/lab/{name}.py" for name in
                                                                     ("panels", "tabs", "inputs", "widget")]
