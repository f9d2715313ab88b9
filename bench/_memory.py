"""Memory measurement: a large body that never exists whole, and peak resident memory.

``PatternStream`` is a read-only file of any size made by repeating one 1 MiB block, so a
1 GiB upload costs 1 MiB of the benchmark's own memory. ``PeakRss`` measures a block two ways:

- how far the process's resident set rose: on Linux it resets the kernel's high-water mark
  (writing ``5`` to ``/proc/self/clear_refs``, see proc(5)) and reads ``VmHWM`` afterwards;
  where that is not allowed it samples ``VmRSS`` from a thread every few milliseconds instead.
  This sees everything (C buffers included) but not memory the allocator reuses from earlier
  work, which is already resident;
- the peak of Python's own allocations during the block (``tracemalloc``), which sees every
  buffer Python holds at once, reused memory or not.
"""

from __future__ import annotations

import hashlib
import io
import random
import threading
import tracemalloc
from pathlib import Path
from types import TracebackType

MiB = 1 << 20
GiB = 1 << 30

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


class PatternStream(io.RawIOBase):
    """``size`` bytes of a repeated pseudo-random block, produced as they are read.

    Keeps the MD5 of what it handed out, to compare with the ETag and the downloaded bytes.
    """

    def __init__(self, size: int, block: int = MiB, seed: int = 0) -> None:
        super().__init__()
        self._block = random.Random(seed).randbytes(block)
        self._left = size
        self._offset = 0
        self.md5 = hashlib.md5()

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        # A read of everything returns everything, as a file would: the peak then shows it.
        wanted = self._left if size is None or size < 0 else min(size, self._left)
        parts = []
        while wanted > 0:
            piece = self._block[self._offset : self._offset + wanted]
            self._offset = (self._offset + len(piece)) % len(self._block)
            parts.append(piece)
            wanted -= len(piece)
            self._left -= len(piece)
        chunk = parts[0] if len(parts) == 1 else b"".join(parts)
        self.md5.update(chunk)
        return chunk

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def rss_kib(field: str) -> int:
    """A ``VmXxx`` line of /proc/self/status, in KiB."""
    for line in _STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} is not in {_STATUS}: not Linux?")


class PeakRss:
    """``with PeakRss() as peak: ...`` then ``peak.growth_mib`` (peak RSS minus RSS at entry)
    and ``peak.heap_peak_mib`` (most Python memory allocated during the block at one time)."""

    def __init__(self, sample_seconds: float = 0.002) -> None:
        self._sample_seconds = sample_seconds
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None
        self._sampled_peak = 0
        self.method = ""
        self.before_kib = 0
        self.peak_kib = 0
        self.heap_peak_mib = 0.0
        self._heap_before = 0
        self._started_tracing = False

    @property
    def growth_mib(self) -> float:
        return (self.peak_kib - self.before_kib) / 1024

    def __enter__(self) -> PeakRss:
        self._started_tracing = not tracemalloc.is_tracing()
        if self._started_tracing:
            tracemalloc.start()
        tracemalloc.reset_peak()
        self._heap_before = tracemalloc.get_traced_memory()[0]
        self.before_kib = rss_kib("VmRSS")
        try:
            _CLEAR_REFS.write_text("5")
            self.method = "VmHWM after resetting it through /proc/self/clear_refs"
        except OSError:
            self.method = "VmRSS sampled every 2 ms"
            self._sampled_peak = self.before_kib
            self._sampler = threading.Thread(target=self._sample, daemon=True)
            self._sampler.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._sampler is None:
            self.peak_kib = rss_kib("VmHWM")
        else:
            self._stop.set()
            self._sampler.join()
            self.peak_kib = max(self._sampled_peak, rss_kib("VmRSS"))
        self.heap_peak_mib = (tracemalloc.get_traced_memory()[1] - self._heap_before) / MiB
        if self._started_tracing:
            tracemalloc.stop()

    def _sample(self) -> None:
        while not self._stop.wait(self._sample_seconds):
            self._sampled_peak = max(self._sampled_peak, rss_kib("VmRSS"))
