"""A plain progress bar with ETA on stderr (no dependency).

On a terminal the bar redraws in place after every finished run; elsewhere (a pipe, a CI
log) it stays silent until :meth:`Progress.close`, which prints one final line.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress", "format_duration"]


def format_duration(seconds: float) -> str:
    """Format seconds as ``M:SS`` or ``H:MM:SS``.

    Example:
        >>> format_duration(3725)
        '1:02:05'
    """
    s = max(0, round(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


class Progress:
    """Count finished runs and show a bar with elapsed time and ETA.

    Args:
        total: runs to do in this invocation.
        skipped: runs already stored (shown, not counted in the ETA).
        stream: where to write (default ``sys.stderr``).
        live: redraw after each run; default: whether ``stream`` is a TTY.
        width: bar width in characters.
    """

    def __init__(self, total: int, *, skipped: int = 0, stream: TextIO | None = None,
                 live: bool | None = None, width: int = 28) -> None:
        self.total = int(total)
        self.skipped = int(skipped)
        self.stream = sys.stderr if stream is None else stream
        self.live = bool(getattr(self.stream, "isatty", lambda: False)()) if live is None else live
        self.width = width
        self.done = 0
        self.failed = 0
        self.start = time.perf_counter()

    def line(self) -> str:
        """Return the current status line (without carriage return)."""
        n = self.done + self.failed
        frac = n / self.total if self.total else 1.0
        filled = round(frac * self.width)
        elapsed = time.perf_counter() - self.start
        eta = elapsed / n * (self.total - n) if n else float("nan")
        eta_s = format_duration(eta) if n else "?"
        extra = f", {self.failed} failed" if self.failed else ""
        extra += f", {self.skipped} already stored" if self.skipped else ""
        return (f"[{'#' * filled}{'.' * (self.width - filled)}] {n}/{self.total} "
                f"{100 * frac:3.0f}% elapsed {format_duration(elapsed)} ETA {eta_s}{extra}")

    def update(self, *, ok: bool = True) -> None:
        """Count one finished (``ok``) or failed run and redraw when live."""
        if ok:
            self.done += 1
        else:
            self.failed += 1
        if self.live:
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def close(self) -> None:
        """Finish the bar: a newline when live, else one final status line."""
        if self.live:
            self.stream.write("\r" + self.line() + "\n")
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()
