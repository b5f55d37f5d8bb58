"""Backing the loaded weights with transparent huge pages (Linux).

Decoding one token reads every weight once: about 0.8 GB for a 1.5B int4 model, which with 4 KiB
pages is some 200,000 page translations per token, most of them TLB misses. With 2 MiB pages the
same read needs about 400. On the 2-core bench machine this is worth about a fifth of decode
speed (docs/benchmarks.md).

ONNX Runtime allocates its weight buffers (the prepacked MatMulNBits blocks) with malloc, so they
cannot be advised before they are written. Once the session has loaded, `back_with_huge_pages`
asks the kernel to collapse the large, fully resident anonymous mappings of the process into huge
pages: madvise(MADV_COLLAPSE), Linux 6.1 and later, synchronous. Older kernels (Jetson's 5.10 and
5.15) get madvise(MADV_HUGEPAGE) alone, and khugepaged collapses the mappings in the background.
Only mappings that are almost entirely resident are touched, so collapsing cannot grow the
resident set by more than the few pages each one lacks.

Nothing here is needed for correctness: every failure is reported, never raised.
"""

from __future__ import annotations

import ctypes
import errno
import mmap
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["HugePages", "Mapping", "anonymous_mappings", "back_with_huge_pages"]

MADV_HUGEPAGE = 14
MADV_COLLAPSE = 25
_THP = Path("/sys/kernel/mm/transparent_hugepage")
_DEFAULT_HUGE_PAGE = 2 << 20
MIN_MAPPING_BYTES = 4 << 20
MIN_RESIDENT = 0.9  # a mapping with more of it untouched is left alone (see the module docstring)


@dataclass(frozen=True)
class Mapping:
    start: int
    end: int
    perms: str
    path: str
    rss: int  # bytes
    huge: int  # bytes in transparent huge pages (AnonHugePages)

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def anonymous(self) -> bool:
        return self.path in ("", "[heap]")


@dataclass
class HugePages:
    """What `back_with_huge_pages` did."""

    mode: str = ""  # the system setting: always, madvise, never ("" when unknown)
    method: str = ""  # collapse | advise | none
    candidates: int = 0  # mappings that qualified
    collapsed_bytes: int = 0  # made huge now (MADV_COLLAPSE)
    advised_bytes: int = 0  # marked for khugepaged (MADV_HUGEPAGE)
    huge_bytes: int = 0  # anonymous memory of the process in huge pages afterwards
    failures: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "method": self.method,
            "candidates": self.candidates,
            "collapsed_mb": round(self.collapsed_bytes / 2**20, 1),
            "advised_mb": round(self.advised_bytes / 2**20, 1),
            "huge_mb": round(self.huge_bytes / 2**20, 1),
            "failures": self.failures[:8],
            "error": self.error,
        }


def anonymous_mappings(smaps: Path = Path("/proc/self/smaps")) -> list[Mapping]:
    """The private, writable, anonymous mappings of this process, with their resident bytes."""
    return [m for m in _mappings(smaps) if m.anonymous and m.perms.startswith("rw") and m.perms[3] == "p"]


def _mappings(smaps: Path) -> list[Mapping]:
    found: list[Mapping] = []
    current: dict[str, object] | None = None

    def close() -> None:
        if current is not None:
            found.append(Mapping(**current))  # type: ignore[arg-type]

    with smaps.open(encoding="ascii", errors="replace") as lines:
        for line in lines:
            head, _, rest = line.partition(" ")
            if "-" in head and not head.endswith(":"):
                close()
                fields = rest.split(None, 4)
                start, _, end = head.partition("-")
                current = {
                    "start": int(start, 16),
                    "end": int(end, 16),
                    "perms": fields[0] if fields else "----",
                    "path": fields[4].strip() if len(fields) > 4 else "",
                    "rss": 0,
                    "huge": 0,
                }
            elif current is not None and head in ("Rss:", "AnonHugePages:"):
                kib = int(rest.split()[0])
                current["rss" if head == "Rss:" else "huge"] = kib * 1024
    close()
    return found


def _system_mode() -> str:
    try:
        text = (_THP / "enabled").read_text()
    except OSError:
        return ""
    start, end = text.find("["), text.find("]")
    return text[start + 1 : end] if 0 <= start < end else ""


def _huge_page_size() -> int:
    try:
        return int((_THP / "hpage_pmd_size").read_text())
    except (OSError, ValueError):
        return _DEFAULT_HUGE_PAGE


def _collapse_supported(madvise: Callable[[int, int, int], int], page: int) -> bool:
    """Whether the kernel knows MADV_COLLAPSE (6.1+): tried on a scratch mapping of our own."""
    try:
        scratch = mmap.mmap(-1, 2 * page, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    except OSError:
        return False
    try:
        view = (ctypes.c_char * (2 * page)).from_buffer(scratch)
        base = ctypes.addressof(view)
        start = -(-base // page) * page  # the one whole huge page inside the scratch mapping
        for offset in range(start - base, start - base + page, mmap.PAGESIZE):
            scratch[offset] = 1
        supported = madvise(start, page, MADV_COLLAPSE) == 0 or ctypes.get_errno() != errno.EINVAL
        del view
        return supported
    finally:
        scratch.close()


def back_with_huge_pages(min_bytes: int = MIN_MAPPING_BYTES, min_resident: float = MIN_RESIDENT) -> HugePages:
    """Collapse (or advise) this process's large resident anonymous mappings into huge pages."""
    report = HugePages()
    if not sys.platform.startswith("linux"):
        report.method, report.error = "none", "transparent huge pages are a Linux feature"
        return report
    report.mode = _system_mode()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
        madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        madvise.restype = ctypes.c_int
        mappings = anonymous_mappings()
    except (OSError, AttributeError, ValueError) as exc:
        report.method, report.error = "none", f"cannot inspect or advise memory: {exc}"
        return report
    page = _huge_page_size()
    collapse = _collapse_supported(madvise, page)
    report.method = "collapse" if collapse else "advise"
    for mapping in mappings:
        if mapping.size < min_bytes or mapping.rss < min_resident * mapping.size:
            continue
        # Only whole huge pages inside the mapping can be collapsed.
        start = -(-mapping.start // page) * page
        end = mapping.end // page * page
        if end <= start:
            continue
        report.candidates += 1
        length = end - start
        if madvise(start, length, MADV_HUGEPAGE) == 0:
            report.advised_bytes += length
        if not collapse:
            continue
        if madvise(start, length, MADV_COLLAPSE) == 0:
            report.collapsed_bytes += length
            continue
        code = ctypes.get_errno()
        if code != errno.EINVAL:  # EINVAL: a mapping the kernel keeps small (a thread's stack)
            # EAGAIN/ENOMEM: no free huge page could be made now (fragmented memory); keep going.
            report.failures.append(f"{length >> 20} MiB: {os.strerror(code)}")
    try:
        report.huge_bytes = sum(m.huge for m in anonymous_mappings())
    except OSError:
        pass
    return report
