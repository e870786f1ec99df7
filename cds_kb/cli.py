"""The work behind the command-line tools (see ``__main__``)."""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import security
from .i18n import CATALOG, LANGUAGE_NAMES, PACKAGE

PROJECT = PACKAGE.parent
# Debian package for each program the tests run.
SYSTEM_PROGRAMS = {"chromium": "chromium", "msgfmt": "gettext"}


class UserError(Exception):
    """A problem the person running the command can fix; shown without a traceback."""


def write_atomically(path: Path, text: str) -> None:
    """Write a file so that a reader never sees it half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(text)
    os.replace(handle.name, path)


def write_language_page(outdir: str) -> None:
    root = Path(outdir)
    missing = [code for code in LANGUAGE_NAMES if not (root / code / "index.html").exists()]
    if missing:
        raise UserError(f"{root}: no {', '.join(missing)} build inside it; run 'make html' first")
    settings = runpy.run_path(str(PROJECT / "conf.py"))
    titles, csp = settings["kb_site_title"], settings.get("kb_csp", {})
    templates = Environment(loader=FileSystemLoader(PACKAGE / "root"), autoescape=select_autoescape())
    page = templates.get_template("language-choice.html").render(titles=titles, languages=LANGUAGE_NAMES, csp=security.policy(csp, meta=True))
    write_atomically(root / "index.html", page)
    write_atomically(root / "_headers", security.headers_file(csp))
    shutil.copyfile(PACKAGE / "static" / "kb.css", root / "kb.css")


def extract_labels(potdir: str) -> None:
    catalog = Catalog(project="cds_kb", charset="utf-8", fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"_": None}
    ):
        catalog.add(message, None, [(f"cds_kb/{filename}", line)], auto_comments=comments, context=context)
    target = Path(potdir) / f"{CATALOG}.pot"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False, suffix=".tmp") as handle:
        write_po(handle, catalog, width=79, omit_header=False, sort_by_file=True)
    os.replace(handle.name, target)


def system_check() -> None:
    missing = sorted({package for program, package in SYSTEM_PROGRAMS.items() if shutil.which(program) is None})
    if not missing:
        return
    command = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise UserError(f"the tests need {', '.join(missing)}; install them with: sudo {' '.join(command)}")
    print(f"installing {', '.join(missing)} (Debian packages) for the tests")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(command, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
