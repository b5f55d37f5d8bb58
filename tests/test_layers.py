"""The direction of dependencies inside edged, enforced on every import the source makes.

protocol ← backends / telemetry / state ← router ← daemon ← cli, and the client needs the
protocol only. Every import counts: module level, inside functions, under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "edged"

# Lower numbers sit lower. A module may import its own package freely, and otherwise only
# modules of a strictly lower layer: two different parts of one layer do not know each other.
LAYERS: dict[str, int] = {
    "edged._types": 0,
    "edged._version": 0,
    "edged._defaults": 0,
    "edged._urls": 0,
    "edged.exceptions": 0,
    "edged.systemd": 0,
    "edged.protocol": 1,
    "edged.config": 1,
    "edged.logging": 2,
    "edged.health": 2,
    "edged.model": 2,
    "edged.telemetry": 2,
    "edged.store": 2,
    "edged.privacy": 2,
    "edged.tasks": 2,
    "edged.engine": 3,
    "edged.backends": 4,
    "edged.transport": 4,
    "edged.router": 5,
    "edged.daemon": 6,
    "edged.endpoint": 7,
    "edged.doctor": 8,
    "edged.bench": 8,
    "edged.cli": 9,
    "edged.__main__": 10,
}
# The client library stands alone: an app that imports it gets the wire format and nothing else.
CLIENT_NEEDS = {"edged.protocol", "edged.exceptions", "edged._types", "edged._version", "edged._defaults"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _part(module: str) -> str:
    """The layered part a module belongs to: its sub-package, or itself for a top-level module."""
    for name in sorted(LAYERS, key=len, reverse=True):
        if module == name or module.startswith(name + "."):
            return name
    return module


def _imports(path: Path, module: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == "edged":  # `from edged import x` may name a submodule
                found += [(node.lineno, f"edged.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, target))
    return [(line, name) for line, name in found if name == "edged" or name.startswith("edged.")]


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    unplaced = [
        _module_name(p)
        for p in _sources()
        if _module_name(p) not in ("edged", "edged.client") and _part(_module_name(p)) not in LAYERS
    ]
    assert not unplaced, f"place these in LAYERS: {unplaced}"


@pytest.mark.parametrize("path", _sources(), ids=lambda p: _module_name(p))
def test_imports_point_down(path: Path) -> None:
    module = _module_name(path)
    if module == "edged":
        return  # the package face re-exports the public names; nothing inside may import it
    wrong = []
    for line, target in _imports(path, module):
        where = f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}"
        if target == "edged" or target in ("edged.__version__", "edged.__init__"):
            wrong.append(f"{where}: the package face (use edged._version for the version)")
            continue
        if module == "edged.client":
            if _part(target) not in CLIENT_NEEDS:
                wrong.append(f"{where}: the client needs the protocol only")
            continue
        mine, theirs = _part(module), _part(target)
        if mine == theirs:
            continue
        if theirs == "edged.client":
            # The CLI and doctor talk to a daemon through the client, like any app.
            if LAYERS[mine] < LAYERS["edged.doctor"]:
                wrong.append(f"{where}: only the command line uses the client")
            continue
        if LAYERS[theirs] >= LAYERS[mine]:
            wrong.append(
                f"{where}: {theirs} (layer {LAYERS[theirs]}) is not below {mine} (layer {LAYERS[mine]})"
            )
    assert not wrong, "\n".join(wrong)


def test_the_walk_sees_every_kind_of_import(tmp_path: Path) -> None:
    # The test above is only as good as _imports: check it on the forms the source uses.
    source = tmp_path / "edged" / "router" / "sample.py"
    source.parent.mkdir(parents=True)
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "import edged.daemon\n"
        "from edged import cli\n"
        "from . import policy\n"
        "from ..backends import base\n"
        "if TYPE_CHECKING:\n"
        "    from edged.transport import Transport\n"
        "def late():\n"
        "    from edged.doctor import run_doctor\n"
    )
    names = sorted(name for _, name in _imports(source, "edged.router.sample"))
    assert names == sorted(
        [
            "edged.daemon",
            "edged.cli",
            "edged.router",
            "edged.backends",
            "edged.transport",
            "edged.doctor",
        ]
    )
