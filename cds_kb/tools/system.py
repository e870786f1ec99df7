"""``cds-kb system-check``: the Debian packages the build and the tests need, installed when missing.

``make html`` runs ``system-check --build`` (Graphviz, which draws the network pictures);
``make test`` and ``make bench`` run ``system-check`` (the build's packages and the tests').
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..core.errors import UserError

# Debian package for each program the build runs (sphinx.ext.graphviz's `dot`: the network pictures).
BUILD_PROGRAMS = {"dot": "graphviz"}
# Debian package for each program the tests run.
SYSTEM_PROGRAMS = {**BUILD_PROGRAMS, "chromium": "chromium", "msgfmt": "gettext", "msgmerge": "gettext", "hunspell": "hunspell"}
# Debian package for each data file the tests read (the spelling check's French dictionary).
SYSTEM_FILES = {"/usr/share/hunspell/fr_CA.dic": "hunspell-fr"}


def system_check(build_only: bool = False) -> None:
    programs, files = (BUILD_PROGRAMS, {}) if build_only else (SYSTEM_PROGRAMS, SYSTEM_FILES)
    missing = sorted(
        {package for program, package in programs.items() if shutil.which(program) is None}
        | {package for path, package in files.items() if not Path(path).exists()}
    )
    if not missing:
        return
    who = "the build" if build_only else "the build and the tests"
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise UserError(f"{who} need {', '.join(missing)}; install them with: sudo {' '.join(command)}")
    print(f"installing {', '.join(missing)} (Debian packages) for {who}")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(command, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
