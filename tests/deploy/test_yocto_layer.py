"""deploy/yocto/meta-edged: lint, layer.conf, license checksum, patch, runtime dependencies, and
the split of the build-time tools into their own package.

No bitbake here, so this is what can be checked without one: oelint-adv (a dev dependency)
with no finding at all, and cross-checks between the recipes and the repository they build.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from importlib.util import cache_from_source, find_spec, source_from_cache
from pathlib import Path
from typing import Any

import pytest

from edged.cli import BUILD_TIME_COMMANDS
from edged.config import DEFAULT_MODEL_NAME, ModelConfig, tomllib
from edged.model.manifest import sha256_file

REPO = Path(__file__).resolve().parents[2]
LAYER = REPO / "deploy" / "yocto" / "meta-edged"
LAYER_CONF = LAYER / "conf" / "layer.conf"
RECIPE_DIR = LAYER / "recipes-ai" / "edged"
MODEL_RECIPE_DIR = LAYER / "recipes-ai" / "edged-model"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
MODULE_PACKAGES: dict[str, list[str]] = json.loads(
    (Path(__file__).parent / "data" / "python3-scarthgap-modules.json").read_text(encoding="utf-8")
)["modules"]

# Only the HOMEPAGE reachability check is suppressed: it needs the network.
OELINT = ["--release", "scarthgap", "--mode", "all", "--quiet", "--suppress", "oelint.vars.homepageping"]

# Third-party modules edged imports, and what provides each in the image.
RUNTIME_MODULES = {
    "zmq": "python3-pyzmq",
    "psutil": "python3-psutil",
    "numpy": "python3-numpy",
    "tokenizers": "python3-tokenizers",
    "jinja2": "python3-jinja2",
    "httpx": "python3-httpx",
    "onnxruntime": "${EDGED_ONNXRUNTIME}",
}
# Imported only when present, or only on other Pythons: no RDEPENDS.
OPTIONAL_MODULES = {
    "systemd": "python-systemd: RRECOMMENDS, journald fields",
    "pynvml": "nvidia-ml-py: discrete GPUs only; no recipe exists",
    "tensorrt": "only read for the TensorRT cache key",
    "tomli": "Python < 3.11 only; scarthgap has 3.12",
    "typing_extensions": "Python < 3.11 only; scarthgap has 3.12",
}
# `edged model build` runs on a build host with edged[build], never in the image.
BUILD_ONLY_MODULES = {
    "torch",
    "transformers",
    "accelerate",
    "gguf",
    "onnx",
    "onnx_ir",
    "onnxruntime_genai",
    "tqdm",
}
# What `edged bench` measures edged against, in a virtualenv of its own (`make bench-env`).
BENCH_PEER_MODULES = {
    "optimum",
    "llama_cpp",
    "litellm",
    "presidio_analyzer",
    "tldextract",
}  # tldextract: Presidio's
# The build-time modules: `edged model build` and `edged bench`, packaged as ${PN}-tools.
TOOLS_MODULES = ("edged.bench", "edged.model.build", "edged.model.fetch", "edged.model.graph")
TOOLS_PACKAGE = "${PN}-tools"


# -- a small reader for bitbake assignments ------------------------------------------------------


def assignments(path: Path) -> list[tuple[str, str, str]]:
    """[(name, operator, value)] for every `NAME op "value"` in a recipe or conf file."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)  # line continuations
    pattern = re.compile(
        r'^([A-Za-z0-9_\-${}:.\[\]]+?)\s*(\?\?=|\?=|:=|\+=|\.=|=\+|=\.|=)\s*"(.*)"\s*$', re.M
    )
    return [(m.group(1), m.group(2), m.group(3)) for m in pattern.finditer(text)]


def value_of(path: Path, name: str) -> str:
    values = [v for n, _, v in assignments(path) if n == name]
    assert values, f"{path.name}: {name} is not set"
    return " ".join(values)


def words(path: Path, name: str) -> list[str]:
    return value_of(path, name).split()


def recipe() -> Path:
    (found,) = RECIPE_DIR.glob("edged_*.bb")
    return found


def layer_files() -> list[Path]:
    suffixes = {".bb", ".bbappend", ".bbclass", ".inc", ".conf"}
    return sorted(p for p in LAYER.rglob("*") if p.suffix in suffixes)


# -- oelint-adv ----------------------------------------------------------------------------------


def oelint(*files: Path) -> subprocess.CompletedProcess[str]:
    if find_spec("oelint_adv") is None:
        pytest.fail("oelint-adv is missing: it is a dev dependency (pip install -e '.[dev]')")
    return subprocess.run(
        [sys.executable, "-m", "oelint_adv", *OELINT, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_oelint_finds_nothing() -> None:
    files = layer_files()
    assert recipe() in files and LAYER_CONF in files
    done = oelint(*files)
    assert done.returncode == 0 and not (done.stdout + done.stderr).strip(), done.stdout + done.stderr


def test_oelint_would_catch_a_bad_recipe(tmp_path: Path) -> None:
    # The gate is not vacuous: the same invocation flags a recipe missing its license fields.
    bad = tmp_path / "recipes-ai" / "bad" / "bad_1.0.bb"
    bad.parent.mkdir(parents=True)
    bad.write_text('SUMMARY = "x"\nSRC_URI = "file://x.patch"\n', encoding="utf-8")
    done = oelint(bad)
    assert done.returncode != 0 and "oelint.var.mandatoryvar.LICENSE" in done.stdout + done.stderr


# -- layer.conf ----------------------------------------------------------------------------------


def test_layer_conf() -> None:
    (collection,) = words(LAYER_CONF, "BBFILE_COLLECTIONS")
    for name in ("BBFILE_PATTERN", "BBFILE_PRIORITY", "LAYERVERSION"):
        assert value_of(LAYER_CONF, f"{name}_{collection}")
    assert int(value_of(LAYER_CONF, f"BBFILE_PRIORITY_{collection}")) > 0
    assert {"core", "openembedded-layer", "meta-python"} <= set(
        words(LAYER_CONF, f"LAYERDEPENDS_{collection}")
    )
    assert words(LAYER_CONF, f"LAYERSERIES_COMPAT_{collection}") == ["scarthgap"]
    patterns = words(LAYER_CONF, "BBFILES")
    assert all(p.startswith("${LAYERDIR}/") for p in patterns)
    # Every recipe of the layer is one those patterns pick up.
    rel = [str(p.relative_to(LAYER)) for p in LAYER.rglob("*.bb")]
    globs = [re.escape(p.removeprefix("${LAYERDIR}/")).replace(r"\*", "[^/]*") for p in patterns]
    assert all(any(re.fullmatch(g, r) for g in globs) for r in rel), rel


# -- the edged recipe ----------------------------------------------------------------------------


def test_recipe_version_matches_pyproject() -> None:
    assert recipe().stem == f"edged_{PYPROJECT['project']['version']}"


def test_license_and_checksum() -> None:
    assert value_of(recipe(), "LICENSE") == PYPROJECT["project"]["license"]
    (entry,) = words(recipe(), "LIC_FILES_CHKSUM")
    m = re.fullmatch(r"file://([^;]+);md5=([0-9a-f]{32})", entry)
    assert m, entry
    digest = hashlib.md5((REPO / m.group(1)).read_bytes()).hexdigest()
    assert m.group(2) == digest, f"LIC_FILES_CHKSUM says md5={m.group(2)}, {m.group(1)} has {digest}"


def test_build_backend_class() -> None:
    backend = PYPROJECT["build-system"]["build-backend"]
    classes = {"setuptools.build_meta": "python_setuptools_build_meta", "hatchling.build": "python_hatchling"}
    inherits = re.findall(r"^inherit\s+(.+)$", recipe().read_text(), re.M)
    assert classes[backend] in " ".join(inherits).split()
    # The build runs with --no-isolation: any other build requirement must be a -native DEPENDS.
    extra = [
        re.split(r"[<>=!~;\[ ]", r)[0].lower()
        for r in PYPROJECT["build-system"]["requires"]
        if not re.match(r"(setuptools|wheel)\b", r)
    ]
    depends = value_of(recipe(), "DEPENDS").split() if extra else []
    assert all(f"python3-{name}-native" in depends for name in extra), extra


def patches() -> list[Path]:
    return sorted((RECIPE_DIR / "edged").glob("*.patch"))


def apply_patch(patch_text: str, root: Path) -> dict[str, str]:
    """Apply a -p1 unified diff to files under `root` exactly as `patch --fuzz=0` would (offsets
    allowed, context must match); returns {path: new text}. Fails on any mismatch."""
    results: dict[str, str] = {}
    for file_diff in re.split(r"^(?=--- )", patch_text, flags=re.M)[1:]:
        target = re.search(r"^\+\+\+ b/(\S+)", file_diff, re.M)
        assert target, file_diff
        lines = (root / target.group(1)).read_text(encoding="utf-8").split("\n")
        for hunk in re.split(r"^(?=@@ )", file_diff, flags=re.M)[1:]:
            body = hunk.split("\n")[1:]
            old = [line[1:] for line in body if line[:1] in (" ", "-")]
            new = [line[1:] for line in body if line[:1] in (" ", "+")]
            starts = [i for i in range(len(lines) - len(old) + 1) if lines[i : i + len(old)] == old]
            assert len(starts) == 1, f"hunk does not apply cleanly to {target.group(1)}:\n{hunk}"
            lines[starts[0] : starts[0] + len(old)] = new
        results[target.group(1)] = "\n".join(lines)
    return results


def test_patches_are_listed_and_apply_without_fuzz() -> None:
    src_uri = words(recipe(), "SRC_URI")
    for patch in patches():
        assert f"file://{patch.name}" in src_uri, f"{patch.name} is not in SRC_URI"
        text = patch.read_text(encoding="utf-8")
        assert re.search(r"^Upstream-Status: ", text, re.M) and re.search(r"^Signed-off-by: ", text, re.M)
        apply_patch(text, REPO)
    listed = [u.removeprefix("file://") for u in src_uri if u.endswith(".patch")]
    assert sorted(listed) == [p.name for p in patches()]


def test_setuptools_69_patch_gives_a_license_table() -> None:
    # scarthgap's setuptools 69.1.1 rejects `license = "<SPDX>"`; after the patch it is a table.
    (patch,) = [p for p in patches() if "setuptools-69" in p.name]
    patched = tomllib.loads(apply_patch(patch.read_text(encoding="utf-8"), REPO)["pyproject.toml"])
    assert patched["project"]["license"] == {"text": PYPROJECT["project"]["license"]}
    unchanged = {k: v for k, v in patched["project"].items() if k != "license"}
    assert unchanged == {k: v for k, v in PYPROJECT["project"].items() if k != "license"}


def test_installed_files_exist_and_substitutions_match() -> None:
    text = recipe().read_text(encoding="utf-8")
    for rel in re.findall(r"\$\{S\}/(\S+)", text):
        assert (REPO / rel).is_file(), f"the recipe installs {rel}, which the repository lacks"
    unit = (REPO / "deploy/systemd/edged.service").read_text(encoding="utf-8")
    # The recipe rewrites these paths to ${bindir}/${base_bindir}: a sed that matches nothing
    # would leave the unit pointing at the wrong place without a word.
    for pattern in re.findall(r"-e 's,([^,]+),", text):
        assert re.search(rf"^Exec\w+={re.escape(pattern)}\b", unit, re.M), pattern
    (service,) = words(recipe(), "SYSTEMD_SERVICE:${PN}")
    assert f"${{systemd_system_unitdir}}/{service}" in text
    assert words(recipe(), "SYSTEMD_AUTO_ENABLE:${PN}") == ["enable"]
    assert "/etc/" not in text and "/lib/systemd" not in text, "use ${sysconfdir}, ${systemd_system_unitdir}"


# -- RDEPENDS against the imports ----------------------------------------------------------------


def module_name(path: Path) -> str:
    """The dotted module a file under edged/ holds: edged/bench/local.py, or its .pyc, is edged.bench.local."""
    if path.suffix == ".pyc":
        path = Path(source_from_cache(str(path)))
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_tools_module(name: str) -> bool:
    return any(name == m or name.startswith(f"{m}.") for m in TOOLS_MODULES)


def runtime_files() -> list[Path]:
    return [p for p in sorted((REPO / "edged").rglob("*.py")) if not is_tools_module(module_name(p))]


def tools_files() -> list[Path]:
    return [p for p in sorted((REPO / "edged").rglob("*.py")) if is_tools_module(module_name(p))]


def imported_modules(paths: Iterable[Path]) -> Iterator[tuple[str, Path]]:
    """(dotted module, file) for every absolute import in these files, including lazy ones."""
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield alias.name, path
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield node.module, path
                # `from concurrent import futures` imports a submodule.
                for alias in node.names:
                    yield f"{node.module}.{alias.name}", path


def stdlib_packages(module: str) -> list[str] | None:
    """The python3-* packages shipping `module` (longest listed prefix), None if not a file."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        packages = MODULE_PACKAGES.get(".".join(parts[:n]))
        if packages:
            return packages
    return None


def needed_packages(paths: Iterable[Path]) -> dict[str, set[str]]:
    """{package: {why}} for everything these files import; fails on a module nobody has classified."""
    needed: dict[str, set[str]] = {}
    unknown: set[str] = set()
    for module, path in imported_modules(paths):
        top = module.split(".")[0]
        where = f"{module} ({path.relative_to(REPO)})"
        if top in ("edged", "__future__") or top in OPTIONAL_MODULES or top in BUILD_ONLY_MODULES:
            continue
        if top in BENCH_PEER_MODULES:
            continue
        if top in RUNTIME_MODULES:
            needed.setdefault(RUNTIME_MODULES[top], set()).add(where)
            continue
        if top not in sys.stdlib_module_names and top not in ("tomllib",):  # stdlib from 3.11 on
            unknown.add(
                f"{top} ({path.relative_to(REPO)}): third-party; add its recipe to RDEPENDS and to this test"
            )
            continue
        packages = stdlib_packages(module)
        if packages is None:
            if top not in sys.builtin_module_names:
                unknown.add(f"{where}: a standard module the scarthgap manifest does not list")
            packages = ["python3-core"]  # built into the interpreter
        for package in packages:
            needed.setdefault(package, set()).add(where)
    assert not unknown, "\n".join(unknown)
    return needed


def test_rdepends_cover_every_import() -> None:
    rdepends = set(words(recipe(), "RDEPENDS:${PN}"))
    needed = needed_packages(runtime_files())
    missing = {pkg: sorted(why)[:3] for pkg, why in needed.items() if pkg not in rdepends}
    assert not missing, f"RDEPENDS:${{PN}} in {recipe().name} lacks: {missing}"
    # ...and names nothing the daemon does not import (kill is for the unit's ExecReload=).
    unused = rdepends - set(needed) - {"${VIRTUAL-RUNTIME_base-utils}"}
    assert not unused, f"RDEPENDS:${{PN}} names packages only the tools need, or none: {sorted(unused)}"


def test_tools_rdepends_cover_their_imports() -> None:
    runtime = set(words(recipe(), "RDEPENDS:${PN}"))
    tools = words(recipe(), f"RDEPENDS:{TOOLS_PACKAGE}")
    assert "${PN}" in tools, "the tools run on the daemon's own modules"
    beyond = {pkg for pkg in needed_packages(tools_files()) if pkg not in runtime}
    assert set(tools) - {"${PN}"} == beyond, f"RDEPENDS:{TOOLS_PACKAGE} should be {sorted(beyond)}"


# -- the tools package ---------------------------------------------------------------------------


def tools_globs() -> list[str]:
    """FILES:${PN}-tools, relative to site-packages."""
    prefix = "${PYTHON_SITEPACKAGES_DIR}/"
    entries = words(recipe(), f"FILES:{TOOLS_PACKAGE}")
    assert entries and all(e.startswith(prefix) for e in entries), entries
    return [e.removeprefix(prefix) for e in entries]


def in_tools_package(relative: str) -> bool:
    """Whether bitbake packages site-packages/`relative` in ${PN}-tools: a FILES glob matches the
    file or a folder above it (a folder takes everything under it)."""
    parts = relative.split("/")
    for glob in tools_globs():
        pattern = glob.split("/")
        if len(pattern) <= len(parts) and all(map(fnmatchcase, parts, pattern)):
            return True
    return False


def installed_files() -> Iterator[Path]:
    """Every file of edged/ the wheel installs, with the bytecode the installer adds beside it."""
    for path in sorted((REPO / "edged").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path
            if path.suffix == ".py":
                yield Path(cache_from_source(str(path)))
                yield Path(cache_from_source(str(path), optimization=1))


def test_tools_package_takes_the_build_time_modules_and_nothing_else() -> None:
    # Prepended, so it comes before ${PN}, whose FILES take the whole of site-packages.
    assert ("PACKAGES", "=+", TOOLS_PACKAGE) in assignments(recipe())
    wrong = []
    for path in installed_files():
        relative = str(path.relative_to(REPO))
        tools = path.suffix in (".py", ".pyc") and is_tools_module(module_name(path))
        if in_tools_package(relative) != tools:
            wrong.append(f"{relative}: {'build-time' if tools else 'runtime'}")
    assert not wrong, f"FILES:{TOOLS_PACKAGE} gets these wrong: {wrong}"
    # The command line knows which modules to miss, and they are the ones the recipe moves.
    assert all(is_tools_module(module) for module, _ in BUILD_TIME_COMMANDS.values())


def test_only_the_command_line_reaches_into_the_tools() -> None:
    # The daemon and every other runtime module work without ${PN}-tools installed: only cli.py
    # imports a tools module (lazily, for `edged bench` and `edged model build`), and no runtime
    # module imports the build stack.
    for module, path in imported_modules(runtime_files()):
        if is_tools_module(module):
            assert path == REPO / "edged" / "cli.py", f"{path.relative_to(REPO)} imports {module}"
        assert module.split(".")[0] not in BUILD_ONLY_MODULES, f"{path.relative_to(REPO)} imports {module}"


def test_module_map_is_scarthgap() -> None:
    # The table was generated from oe-core scarthgap (Python 3.12); spot-check it.
    assert MODULE_PACKAGES["asyncio"] == ["python3-asyncio"]
    assert MODULE_PACKAGES["sqlite3"] == ["python3-sqlite3"]
    assert MODULE_PACKAGES["tomllib"] == ["python3-tomllib"]
    assert MODULE_PACKAGES["ctypes"] == ["python3-ctypes"]
    assert stdlib_packages("concurrent.futures") == ["python3-asyncio"]


# -- the model recipe ----------------------------------------------------------------------------


def model_recipe() -> Path:
    (found,) = MODEL_RECIPE_DIR.glob("edged-model_*.bb")
    return found


def test_model_recipe_installs_where_edged_looks() -> None:
    assert value_of(model_recipe(), "EDGED_MODEL_NAME") == DEFAULT_MODEL_NAME
    text = model_recipe().read_text(encoding="utf-8")
    assert "${D}${datadir}/edged/models/${EDGED_MODEL_NAME}" in text
    # ...which is the documented fallback of [model] path.
    (path_field,) = [f for f in dataclasses.fields(ModelConfig) if f.name == "path"]
    assert f"/usr/share/edged/models/{DEFAULT_MODEL_NAME}" in path_field.metadata["doc"]


class _DataStore:
    """The two bitbake datastore calls the task makes."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def getVar(self, name: str) -> str:  # bitbake spells it so
        return self.values[name]


class _Fatal(Exception):
    pass


class _BB:
    @staticmethod
    def fatal(message: str) -> None:
        raise _Fatal(message)


def run_verify_model(folder: Path) -> None:
    """Run the recipe's `python do_verify_model()` body as bitbake would, on `folder`."""
    text = model_recipe().read_text(encoding="utf-8")
    m = re.search(r"^python do_verify_model\(\) \{\n(.*?)^\}", text, re.M | re.S)
    assert m, "do_verify_model not found"
    source = "def do_verify_model(d):\n" + textwrap.indent(textwrap.dedent(m.group(1)), "    ")
    namespace: dict[str, Any] = {"bb": _BB}
    exec(compile(source, str(model_recipe()), "exec"), namespace)
    namespace["do_verify_model"](_DataStore({"S": str(folder)}))


def test_model_recipe_checks_files_against_the_manifest(tmp_path: Path) -> None:
    folder = tmp_path / DEFAULT_MODEL_NAME
    folder.mkdir()
    (folder / "model.onnx").write_bytes(b"graph")
    (folder / "tokenizer.json").write_text("{}")
    files = {p.name: {"sha256": sha256_file(p), "bytes": p.stat().st_size} for p in folder.iterdir()}
    (folder / "manifest.json").write_text(json.dumps({"files": files}))
    run_verify_model(folder)

    (folder / "model.onnx").write_bytes(b"other graph")
    with pytest.raises(_Fatal, match=r"model\.onnx: sha256"):
        run_verify_model(folder)
    (folder / "manifest.json").unlink()
    with pytest.raises(_Fatal, match=r"no manifest\.json"):
        run_verify_model(folder)
