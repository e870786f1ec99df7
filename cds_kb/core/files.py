"""Writing files: the project's one atomic writer.

Every file the build or a tool writes goes through ``write_atomically`` (a reader never
sees it half-written, a failure leaves the old file), or ``update_file``, which writes only
when the bytes differ, so that a no-op build leaves every output file (and its
modification time) alone.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write a file (text as UTF-8) so that a reader never sees it half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(data)
    # A temporary file is private (0600); the file it becomes is readable as any other the build writes.
    os.chmod(handle.name, 0o666 & ~_umask())
    os.replace(handle.name, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def update_file(path: Path, content: str | bytes) -> bool:
    """Write ``content`` atomically unless the file already holds it; True when written."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomically(path, data)
    return True
