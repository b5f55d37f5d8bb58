"""Huge pages for the loaded weights: real mappings of this process, read back from smaps."""

from __future__ import annotations

import ctypes
import mmap
import sys
from pathlib import Path

import pytest

from edged.engine import Engine, EngineOptions
from edged.engine.hugepages import anonymous_mappings, back_with_huge_pages

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="transparent huge pages are Linux's")

SMAPS = """\
7f0000000000-7f0000800000 rw-p 00000000 00:00 0
Size:               8192 kB
Rss:                8000 kB
AnonHugePages:      6144 kB
7f0000800000-7f0000a00000 r--p 00000000 fd:01 123                        /usr/lib/libfoo.so
Size:               2048 kB
Rss:                1024 kB
AnonHugePages:         0 kB
55d000000000-55d000400000 rw-p 00000000 00:00 0                          [heap]
Size:               4096 kB
Rss:                4096 kB
AnonHugePages:         0 kB
7f1000000000-7f1000400000 rw-s 00000000 00:01 9                          /dev/zero (deleted)
Size:               4096 kB
Rss:                4096 kB
AnonHugePages:         0 kB
7f2000000000-7f2000001000 ---p 00000000 00:00 0
Size:                  4 kB
Rss:                   0 kB
"""


def test_smaps_parsing_keeps_private_writable_anonymous_mappings(tmp_path: Path) -> None:
    smaps = tmp_path / "smaps"
    smaps.write_text(SMAPS)
    found = anonymous_mappings(smaps)
    assert [(m.start, m.size, m.path, m.rss, m.huge) for m in found] == [
        (0x7F0000000000, 8 << 20, "", 8000 * 1024, 6144 * 1024),
        (0x55D000000000, 4 << 20, "[heap]", 4096 * 1024, 0),
    ]


def _two_mappings(dense: int, sparse: int, touched: int) -> tuple[mmap.mmap, int, int]:
    """One reservation split into two writable mappings by a read-only page between them, so the
    kernel keeps them apart; the first is written whole, the second only its first `touched`."""
    gap = mmap.PAGESIZE
    region = mmap.mmap(-1, dense + gap + sparse, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    view = (ctypes.c_char * len(region)).from_buffer(region)
    base = ctypes.addressof(view)
    del view
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    assert libc.mprotect(base + dense, gap, mmap.PROT_READ) == 0
    for offset in [
        *range(0, dense, mmap.PAGESIZE),
        *range(dense + gap, dense + gap + touched, mmap.PAGESIZE),
    ]:
        region[offset] = 1
    return region, base, base + dense + gap


def _find(address: int):
    return next(m for m in anonymous_mappings() if m.start <= address < m.end)


def _span(address: int, size: int) -> tuple[int, int]:
    """Resident and huge bytes in [address, address + size): advising splits a mapping in parts."""
    parts = [m for m in anonymous_mappings() if m.start < address + size and m.end > address]
    return sum(m.rss for m in parts), sum(m.huge for m in parts)


@linux
def test_a_resident_mapping_is_collapsed_and_a_sparse_one_left_alone() -> None:
    region, dense_at, sparse_at = _two_mappings(16 << 20, 32 << 20, 4 << 20)
    try:
        assert (_find(dense_at).size, _find(sparse_at).size) == (16 << 20, 32 << 20)
        sparse_rss = _span(sparse_at, 32 << 20)[0]
        report = back_with_huge_pages()
        if report.method != "collapse":
            pytest.skip(f"this kernel cannot collapse on demand ({report.method}, {report.error})")
        assert report.collapsed_bytes > 0 and report.huge_bytes >= report.collapsed_bytes // 2
        assert _span(dense_at, 16 << 20)[1] >= 14 << 20  # every whole huge page inside it
        # Collapsing the sparse one would have made it resident; it was not touched.
        assert _span(sparse_at, 32 << 20) == (sparse_rss, 0)
        assert report.to_dict()["collapsed_mb"] == round(report.collapsed_bytes / 2**20, 1)
    finally:
        region.close()


@linux
def test_the_engine_reports_its_huge_pages_and_can_be_told_not_to(tiny_model: Path) -> None:
    engine = Engine(tiny_model, EngineOptions(context_length=128))
    engine.load()
    assert engine.huge_pages is not None and engine.huge_pages.method in ("collapse", "advise")
    assert engine.huge_pages.error is None
    off = Engine(tiny_model, EngineOptions(context_length=128, huge_pages=False))
    off.load()
    assert off.huge_pages is None
