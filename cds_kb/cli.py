"""The work behind the command-line tools (see ``__main__``)."""

from __future__ import annotations

import io
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

from . import security, sitemap
from .i18n import CATALOG, LANGUAGE_NAMES, PACKAGE

PROJECT = PACKAGE.parent
# Debian package for each program the tests run.
SYSTEM_PROGRAMS = {"chromium": "chromium", "msgfmt": "gettext", "msgmerge": "gettext", "hunspell": "hunspell"}
# Debian package for each data file the tests read (the spelling check's French dictionary).
SYSTEM_FILES = {"/usr/share/hunspell/fr_CA.dic": "hunspell-fr"}


class UserError(Exception):
    """A problem the person running the command can fix; shown without a traceback."""


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write a file (text as UTF-8) so that a reader never sees it half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)
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
    try:
        sitemap.write_site_sitemap(root)
    except (OSError, ValueError) as error:
        raise UserError(f"{root}: cannot write the site's sitemap from en/ and fr/ ({error}); run 'make html' first") from None


def extract_labels(potdir: str) -> None:
    catalog = Catalog(project="cds_kb", charset="utf-8", fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"_": None}
    ):
        catalog.add(message, None, [(f"cds_kb/{filename}", line)], auto_comments=comments, context=context)
    template = io.BytesIO()
    write_po(template, catalog, width=79, omit_header=False, sort_by_file=True)
    write_atomically(Path(potdir) / f"{CATALOG}.pot", template.getvalue())


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


# --- Translation catalogs (see catalogs.py and pocheck.py) ---


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT))
    except ValueError:
        return str(path)


def update_catalogs(potdir: str) -> None:
    from . import catalogs

    report = catalogs.update(Path(potdir))
    for path in report.created:
        print(f"new catalog {_shown(path)}: translate every message")
    for path in report.updated:
        print(f"updated {_shown(path)}")
    for path in report.orphans:
        print(f"kept {_shown(path)}: no English page has it any more; delete it if the page is gone for good")
    print(
        f"{len(report.created)} created, {len(report.updated)} updated, {len(report.unchanged)} unchanged; "
        "'make stats' shows what is left to translate"
    )


def wrap_catalogs() -> None:
    from . import catalogs

    for path in catalogs.wrap():
        print(f"rewrapped {_shown(path)}")


def print_stats(strict: bool) -> None:
    from . import catalogs

    pages, total = catalogs.stats()
    print(catalogs.format_stats(pages, total))
    if strict and not total.complete:
        left = [page.name for page in pages if not page.complete]
        raise UserError(
            f"{len(left)} catalog(s) not fully translated ({total.messages['untranslated']} untranslated, "
            f"{total.messages['fuzzy']} fuzzy messages): {', '.join(left)}; translate them and remove the fuzzy flags"
        )


def check_catalogs(paths: list[str]) -> None:
    from . import catalogs, pocheck

    targets = [Path(path) for path in paths] or catalogs.catalog_paths(catalogs.messages_dir())
    for path in targets:
        if not path.is_file():
            raise UserError(f"{path}: no such catalog")
    problems = pocheck.check(targets)
    for problem in problems:
        print(problem)
    if problems:
        raise UserError(f"{len(problems)} problem(s) in the catalogs (above); fix each, then run 'make check-po' again")
    print(f"{len(targets)} catalogs checked: no problem")
