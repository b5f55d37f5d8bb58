from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.telemetry import trees
from tests.telemetry.fake_pynvml import make_pynvml


@pytest.fixture(autouse=True)
def host_gpu_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the host's NVIDIA GPU unless it installs one: results must not depend on the box."""
    monkeypatch.setitem(sys.modules, "pynvml", make_pynvml(init_error="LibraryNotFound"))


@pytest.fixture
def install_pynvml(monkeypatch: pytest.MonkeyPatch) -> Callable[..., types.ModuleType]:
    def install(**kwargs: Any) -> types.ModuleType:
        module = make_pynvml(**kwargs)
        monkeypatch.setitem(sys.modules, "pynvml", module)
        return module

    return install


@pytest.fixture
def jetson_root(tmp_path: Path) -> Path:
    return trees.jetson_orin(tmp_path / "orin")


@pytest.fixture
def hot_jetson_root(tmp_path: Path) -> Path:
    return trees.jetson_orin(tmp_path / "orin-hot", hot=True)


@pytest.fixture
def x86_root(tmp_path: Path) -> Path:
    return trees.x86_dgpu(tmp_path / "x86")


@pytest.fixture
def laptop_root(tmp_path: Path) -> Path:
    return trees.laptop(tmp_path / "laptop")
