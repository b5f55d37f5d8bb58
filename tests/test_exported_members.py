from __future__ import annotations

import subprocess
import sys

import edged
import edged.exceptions


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


def test_error_codes_round_trip() -> None:
    for code, cls in edged.exceptions.ERROR_CODES.items():
        if cls is edged.ConfigError:
            continue
        again = edged.exceptions.error_from_wire({"code": code, "message": "m", "request_id": "r"})
        assert type(again) is cls and again.request_id == "r"
    unknown = edged.exceptions.error_from_wire({"code": "brand_new", "message": "m"})
    assert type(unknown) is edged.EdgedError and unknown.code == "brand_new"
