"""Routing: decide local or cloud for every request, explain it, and fall back both ways."""

from __future__ import annotations
