"""Build the benchmark environment: a separate virtualenv holding the peers edged is compared with.

Run as `python -m edged.bench.env [--venv .venv-bench]` (`make bench-env` does). The peers are
never runtime dependencies of edged, and two of them cannot share edged's own environment:
optimum-onnx 0.1.0 pins transformers < 4.58 while the model builder needs transformers 5.

Each peer is installed as its own group, so one that fails (a compiler missing for
llama-cpp-python, say) leaves the others usable. The outcome of every group, with pip's error
for a failed one, is written to `<venv>/edged-bench-env.json`; the benchmarks read it and report
a peer that is not there as missing, with that reason. A group already installed with the same
requirements is not installed again.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["GROUPS", "STATUS_NAME", "build_env", "llama_cpp_cmake_args", "read_status"]

STATUS_NAME = "edged-bench-env.json"

# In install order. torch comes first, pinned, so that nothing later pulls the CUDA build.
# onnxruntime is pinned to the version edged runs on, so optimum's numbers differ by the
# runtime around ONNX Runtime, not by ONNX Runtime itself.
GROUPS: dict[str, list[str]] = {
    "torch": ["torch==2.13.0"],
    "optimum": [
        "optimum-onnx[onnxruntime]==0.1.0",
        "transformers>=4.57,<4.58",
        "onnxruntime==1.32.0",
        "onnx-ir>=0.1",
        "gguf>=0.10",
        "accelerate>=1.0",
    ],
    "litellm": ["litellm==1.110.2"],
    # Pattern recognizers only (no spaCy model is downloaded): `edged bench privacy`.
    "presidio": ["presidio-analyzer==2.2.366"],
    "llama.cpp": ["llama-cpp-python==0.3.36"],
    "py-spy": ["py-spy"],
}
# A group that needs another one installed first.
NEEDS = {"optimum": "torch"}


def llama_cpp_cmake_args(cpuinfo: str | None = None) -> str:
    """CMAKE_ARGS for llama-cpp-python on this CPU ('' for its default, -march=native).

    On a CPU that reports AMX, -march=native compiles ggml's AMX kernels, and on this
    project's virtual machines (Xeon with AMX exposed to the guest) the first batched matmul
    then crashes with SIGSEGV in ggml_backend_amx_mul_mat. So there the build names the
    vector extensions the CPU has, one by one, and leaves AMX out.
    """
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            return ""
    flags: set[str] = set()
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            break
    if not any(f.startswith("amx") for f in flags):
        return ""
    args = ["-DGGML_NATIVE=OFF"]  # SSE4.2, AVX, AVX2, BMI2, FMA and F16C stay on by default
    if {"avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw"} <= flags:
        args.append("-DGGML_AVX512=ON")
        for flag, option in (
            ("avx512vbmi", "GGML_AVX512_VBMI"),
            ("avx512_vnni", "GGML_AVX512_VNNI"),
            ("avx512_bf16", "GGML_AVX512_BF16"),
        ):
            if flag in flags:
                args.append(f"-D{option}=ON")
    if "avx_vnni" in flags:
        args.append("-DGGML_AVX_VNNI=ON")
    return " ".join(args)


def read_status(venv: Path) -> dict[str, Any]:
    try:
        data = json.loads((venv / STATUS_NAME).read_text())
    except (OSError, ValueError):
        return {"groups": {}}
    return data if isinstance(data, dict) and isinstance(data.get("groups"), dict) else {"groups": {}}


def _pip(python: Path, args: list[str], env: dict[str, str], log: Path) -> tuple[int, str]:
    cmd = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", *args]
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(cmd)}\n")
        out.flush()
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        out.write(proc.stdout)
    return proc.returncode, proc.stdout


def _reason(output: str) -> str:
    """The lines of pip's output that say why, shortened for a report."""
    lines = [line.rstrip() for line in output.splitlines() if line.strip()]
    picked = [line for line in lines if "error" in line.lower() or "conflict" in line.lower()]
    text = " | ".join((picked or lines)[-6:])
    return text[-700:] if text else "pip failed without output"


def build_env(venv: Path, groups: list[str] | None = None, python: str = sys.executable) -> dict[str, Any]:
    venv = venv.resolve()
    if not (venv / "bin" / "python").exists():
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=False
        )
    vpy = venv / "bin" / "python"
    status = read_status(venv)
    log = venv / "edged-bench-env.log"
    # llama-cpp-python compiles from source: use both cores, and no more (CI's size).
    env = dict(os.environ, CMAKE_BUILD_PARALLEL_LEVEL=os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2"))
    constraints = venv / "edged-bench-constraints.txt"
    for name in groups or list(GROUPS):
        spec = GROUPS[name]
        previous = status["groups"].get(name, {})
        cmake_args = llama_cpp_cmake_args() if name == "llama.cpp" else ""
        if (
            previous.get("ok")
            and previous.get("spec") == spec
            and previous.get("cmake_args", "") == cmake_args
        ):
            print(f"bench-env: {name}: already installed", flush=True)
            continue
        need = NEEDS.get(name)
        if need and not status["groups"].get(need, {}).get("ok"):
            status["groups"][name] = {
                "ok": False,
                "spec": spec,
                "error": f"needs the {need} group, which failed",
            }
            continue
        # Freeze what the earlier groups installed, so a later group cannot break them; a real
        # conflict fails this group (and is reported) instead.
        frozen = subprocess.run([str(vpy), "-m", "pip", "freeze"], capture_output=True, text=True).stdout
        pins = [
            line
            for line in frozen.splitlines()
            if "==" in line and not line.startswith("-e") and line.split("==")[0].lower() not in _names(spec)
        ]
        constraints.write_text("\n".join(pins) + "\n")
        extra: list[str] = []
        group_env = env
        if name == "llama.cpp":
            # Compiled for this CPU: never reuse a wheel pip cached from another build.
            extra.append("--no-cache-dir")
            if previous.get("ok"):
                extra += ["--force-reinstall", "--no-deps"]  # the build flags changed
            group_env = dict(env, CMAKE_ARGS=cmake_args) if cmake_args else env
        print(f"bench-env: installing {name}: {' '.join(spec)} {cmake_args}".rstrip(), flush=True)
        started = time.monotonic()
        code, output = _pip(vpy, ["-c", str(constraints), *extra, *spec], group_env, log)
        seconds = round(time.monotonic() - started, 1)
        if code == 0:
            status["groups"][name] = {"ok": True, "spec": spec, "seconds": seconds, "cmake_args": cmake_args}
            print(f"bench-env: {name}: ok ({seconds} s)", flush=True)
        else:
            status["groups"][name] = {
                "ok": False,
                "spec": spec,
                "seconds": seconds,
                "cmake_args": cmake_args,
                "error": _reason(output),
            }
            print(f"bench-env: {name}: FAILED ({seconds} s), see {log}", flush=True)
        (venv / STATUS_NAME).write_text(json.dumps(status, indent=2) + "\n")
    status["python"] = str(vpy)
    (venv / STATUS_NAME).write_text(json.dumps(status, indent=2) + "\n")
    return status


def _names(spec: list[str]) -> set[str]:
    out = set()
    for item in spec:
        name = item.split("[")[0]
        for sep in ("==", ">=", "<=", "<", ">", "~="):
            name = name.split(sep)[0]
        out.add(name.strip().lower())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edged.bench.env", description=__doc__)
    parser.add_argument("--venv", default=".venv-bench", help="where the benchmark virtualenv goes")
    parser.add_argument("--only", action="append", choices=list(GROUPS), help="install only this group")
    args = parser.parse_args(argv)
    status = build_env(Path(args.venv), args.only)
    failed = [name for name, group in status["groups"].items() if not group.get("ok")]
    for name in failed:
        print(f"bench-env: {name} is missing: {status['groups'][name].get('error')}", file=sys.stderr)
    # Never an error: a peer that cannot be installed is reported missing by the benchmarks.
    return 0


if __name__ == "__main__":
    sys.exit(main())
