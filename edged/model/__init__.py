"""Model folders: building them (`edged.model.build`, needs `edged[build]`) and trusting them
(`edged.model.manifest`, standard library only)."""

from __future__ import annotations

from edged.model.manifest import MANIFEST_NAME, Manifest, verify_folder

__all__ = ["MANIFEST_NAME", "Manifest", "verify_folder"]
