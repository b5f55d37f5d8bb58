from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = REPO / "models" / "smollm2-135m-instruct-int4"
SHARED = REPO.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-integration", action="store_true", help="run tests marked integration")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-integration"):
        return
    skip = pytest.mark.skip(reason="integration test: run `make test-integration`")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    # The machine's own systemd or edged settings must not leak into tests.
    for name in list(os.environ):
        if name.startswith("EDGED_") or name in (
            "NOTIFY_SOCKET",
            "WATCHDOG_USEC",
            "WATCHDOG_PID",
            "CREDENTIALS_DIRECTORY",
        ):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random two-layer model of the default architecture, built once per test run.

    TEST_TINY_MODEL=DIR reuses one built earlier (e.g. to run the suite on a Python without the
    build stack).
    """
    prebuilt = os.environ.get("TEST_TINY_MODEL")
    if prebuilt:
        return Path(prebuilt)
    from tests.support.tiny_model import build_tiny_model

    root = tmp_path_factory.mktemp("tiny-model")
    os.environ.setdefault("EDGED_BUILD_CACHE", str(root / "cache"))
    return build_tiny_model(root)


@pytest.fixture(scope="session")
def default_model() -> Path:
    if not (DEFAULT_MODEL / "manifest.json").is_file():
        pytest.skip(f"{DEFAULT_MODEL} is not built: run `make model`")
    return DEFAULT_MODEL
