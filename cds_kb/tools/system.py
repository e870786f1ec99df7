"""``cds-kb system-check``: the Debian packages the tests need, installed when missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..core.errors import UserError

# Debian package for each program the tests run.
SYSTEM_PROGRAMS = {"chromium": "chromium", "msgfmt": "gettext", "msgmerge": "gettext", "hunspell": "hunspell"}
# Debian package for each data file the tests read (the spelling check's French dictionary).
SYSTEM_FILES = {"/usr/share/hunspell/fr_CA.dic": "hunspell-fr"}


def system_check() -> None:
    missing = sorted(
        {package for program, package in SYSTEM_PROGRAMS.items() if shutil.which(program) is None}
        | {package for path, package in SYSTEM_FILES.items() if not Path(path).exists()}
    )
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise UserError(f"the tests need {', '.join(missing)}; install them with: sudo {' '.join(command)}")
    print(f"installing {', '.join(missing)} (Debian packages) for the tests")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(command, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
