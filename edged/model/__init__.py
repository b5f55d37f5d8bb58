"""Model folders: building them (`edged.model.build` and `.graph`, build-time only: they need
`edged[build]`, and device images leave them out) and trusting them (`edged.model.manifest`,
standard library only, what the daemon uses)."""

from __future__ import annotations

from edged.model.manifest import MANIFEST_NAME, Manifest, verify_folder

__all__ = ["MANIFEST_NAME", "Manifest", "verify_folder"]
