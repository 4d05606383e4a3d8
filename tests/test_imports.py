"""Keep the device code device-neutral: only backend.py may import CuPy, and the
modules that run on the device never import NumPy (they use xp = get_xp(x))."""
import ast
import pathlib

import pytest

PKG = pathlib.Path(__file__).resolve().parents[1] / "scratchgan"
DEVICE_MODULES = ["layers", "losses", "optim", "gan", "penalty", "kernels", "conditional"]


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_only_backend_imports_cupy():
    offenders = [p.name for p in PKG.rglob("*.py") if p.name != "backend.py" and "cupy" in imported_modules(p)]
    assert offenders == []


@pytest.mark.parametrize("name", DEVICE_MODULES)
def test_device_modules_do_not_import_numpy(name):
    path = PKG / f"{name}.py"
    assert "numpy" not in set(imported_modules(path)), f"{name}.py must use xp = backend.get_xp(x), not numpy"
