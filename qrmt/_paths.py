"""Where qrmt keeps its files: ``$QRMT_HOME``, else the user data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["data_home"]


def data_home() -> Path:
    r"""Return qrmt's data directory, creating it if needed.

    ``$QRMT_HOME`` when set; otherwise the platform's user data directory
    (``$XDG_DATA_HOME/qrmt`` or ``~/.local/share/qrmt`` on Linux,
    ``~/Library/Application Support/qrmt`` on macOS, ``%LOCALAPPDATA%\\qrmt`` on Windows).
    """
    env = os.environ.get("QRMT_HOME")
    if env:
        path = Path(env).expanduser()
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / "qrmt"
    elif sys.platform.startswith("win"):
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "qrmt"
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "qrmt"
    path.mkdir(parents=True, exist_ok=True)
    return path
