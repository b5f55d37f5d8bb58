from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import edged
import edged.exceptions
from edged._version import __version__

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGE = Path(edged.__file__).parent


def test_all_is_sorted_and_complete() -> None:
    assert edged.__all__ == sorted(edged.__all__)
    for name in edged.__all__:
        assert hasattr(edged, name), name
    errors = {n for n in dir(edged.exceptions) if isinstance(getattr(edged.exceptions, n), type)}
    errors = {n for n in errors if issubclass(getattr(edged.exceptions, n), edged.EdgedError)}
    assert errors <= set(edged.__all__)


def test_importing_edged_loads_no_inference_runtime() -> None:
    code = (
        "import sys, edged, edged.client, edged.config, edged.protocol\n"
        "heavy = [m for m in ('onnxruntime', 'pynvml', 'torch', 'transformers', 'numpy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_client_stands_alone() -> None:
    # An app that only talks to the daemon loads the client, the protocol and the exceptions:
    # no configuration code, no HTTP stack, no numpy. Config still works, imported on first use.
    code = (
        "import sys, edged\n"
        "edged.Client, edged.AsyncClient, edged.EdgedError, edged.__version__\n"
        "extra = [m for m in ('edged.config', 'httpx', 'numpy', 'onnxruntime', 'pynvml') if m in sys.modules]\n"
        "assert not extra, extra\n"
        "assert 'Config' in dir(edged) and 'Config' in edged.__all__\n"
        "from edged import Config\n"
        "assert edged.Config is Config and Config.__module__ == 'edged.config'\n"
        "assert Config().server.socket_mode == '0660'\n"
        "try:\n"
        "    edged.NoSuchThing\n"
        "except AttributeError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('edged.NoSuchThing')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_error_codes_round_trip() -> None:
    for code, cls in edged.exceptions.ERROR_CODES.items():
        if cls is edged.ConfigError:
            continue
        again = edged.exceptions.error_from_wire({"code": code, "message": "m", "request_id": "r"})
        assert type(again) is cls and again.request_id == "r"
    unknown = edged.exceptions.error_from_wire({"code": "brand_new", "message": "m"})
    assert type(unknown) is edged.EdgedError and unknown.code == "brand_new"


def test_version_has_one_source() -> None:
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == __version__
    assert edged.__version__ == __version__


def _face_uses(path: Path, submodules: set[str]) -> list[str]:
    """Each place `path` reads a name off the package face (submodule imports are fine)."""
    depth = len(path.relative_to(PACKAGE).parts)  # a relative import this deep reaches edged/
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module, node.level) in (("edged", 0), (None, depth)):
            found += [f"from edged import {a.name}" for a in node.names if a.name not in submodules]
        elif isinstance(node, ast.Import):
            found += ["import edged" for a in node.names if a.name == "edged"]
        elif (
            isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "edged"
        ):
            found.append(f"edged.{node.attr}")
    return [f"{path.relative_to(PACKAGE.parent)}: {use}" for use in found]


def test_no_module_imports_the_package_face() -> None:
    # The face imports the client; a module inside edged that reads a name off it would load
    # the client (and whatever the face grows) just to get, say, the version string.
    submodules = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.parent.name for p in PACKAGE.glob("*/__init__.py")
    }
    found = [
        use
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.name != "__init__.py" or p.parent != PACKAGE
        for use in _face_uses(p, submodules)
    ]
    assert not found, found
