"""The project a tool works on: the checkout that holds ``conf.py``, ``docs/`` and ``locale/``.

Tools find it from the current folder (or a folder above it), so that they work the same
from a checkout, from a copy of the site, and with the package installed elsewhere
(``pip install .``): the code is in the package, the content in the project.
"""

from __future__ import annotations

import runpy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import UserError
from ..core.languages import messages_dir

LANGUAGE = "fr"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @property
    def messages(self) -> Path:
        """The French catalogs."""
        return messages_dir(self.locale, LANGUAGE)

    @property
    def stories(self) -> Path:
        return self.docs / "stories"

    def settings(self) -> dict[str, Any]:
        """The values ``conf.py`` sets."""
        return runpy.run_path(str(self.root / "conf.py"))

    def shown(self, path: Path) -> str:
        """A path as a maintainer reads it: relative to the project when inside it."""
        try:
            return str(Path(path).resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def shown(path: Path) -> str:
    """A path as a maintainer reads it: relative to the project when inside one."""
    try:
        return find_project().shown(path)
    except UserError:
        return str(path)


def find_project(start: Path | None = None) -> Project:
    """The project holding ``start`` (default: the current folder)."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "conf.py").is_file() and (folder / "docs").is_dir():
            return Project(folder)
    raise UserError(f"{here}: not inside the knowledge base's project (no conf.py with docs/ beside it); run the command from the checkout")
