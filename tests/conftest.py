"""Shared fixtures and helpers of every test: no test module imports another.

The tests are in four folders, one marker each (set here from the folder), so that
``pytest -m "not browser"`` is the fast loop:

- ``unit/``: core helpers and tools, no Sphinx build;
- ``extension/``: the extension on small ``sphinx.testing`` projects (``roots/``);
- ``site/``: builds of the real site, its tools and the bench;
- ``browser/``: Playwright driving Debian's Chromium on the built site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bench.browser import CHROMIUM, CHROMIUM_ARGS, serve  # the bench's server and Chromium: one of each
from cds_kb.core import frontmatter
from cds_kb.core.schema import ENTRY_TYPES

pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).resolve().parent
FOLDER_MARKERS = ("unit", "extension", "site", "browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each test gets the marker of its folder."""
    for item in items:
        folder = Path(item.fspath).resolve().relative_to(TESTS).parts[0]
        if folder in FOLDER_MARKERS:
            item.add_marker(getattr(pytest.mark, folder))

PROJECT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "fr")
DOCS = PROJECT / "docs"
CATALOGS = PROJECT / "locale" / "fr" / "LC_MESSAGES"
SOURCES = PROJECT.parent / "shared" / "source-posts"
# Each source post (beside the project, in shared/) and the page it became.
POST_SOURCES = {
    "000_e3a7fc0e680cf921.txt": "stories/joining-forces-for-canada",
    "003_b1f82251e9bfeec7.txt": "stories/were-all-in-this-together",
    "004_a0fba2b215f319c2.txt": "stories/pivoting-how-we-partner",
}


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture
def kb_project(tmp_path: Path, rootdir: Path) -> Path:
    """A fresh, editable copy of the extension's test project."""
    srcdir = tmp_path / "kb"
    shutil.copytree(rootdir / "test-kb", srcdir)
    return srcdir


def build_site(outdir: Path, *options: str, project: Path = PROJECT) -> dict[str, str]:
    """Build both languages of the real site (or a copy: ``project``) as `make html` does, into outdir; return each log."""
    logs = {}
    for language in LANGUAGES:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(project), "-D", f"language={language}",
             "-d", str(outdir / "doctrees" / language), "-W", "--keep-going", "-n", "-N", *options,
             str(project / "docs"), str(outdir / "html" / language)],
            capture_output=True, text=True, cwd=PROJECT,
        )
        assert result.returncode == 0, f"the {language} build failed:\n{result.stderr}"
        logs[language] = result.stdout
    subprocess.run([sys.executable, "-m", "cds_kb", "language-page", str(outdir / "html")], check=True, cwd=PROJECT)
    return logs


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built from scratch once per test session; returns the html folder."""
    outdir = tmp_path_factory.mktemp("site")
    build_site(outdir, "-j", "auto")
    return outdir / "html"


@pytest.fixture(scope="session")
def site_url(site: Path):
    """The built site served over HTTP on 127.0.0.1, as a static host would serve it."""
    with serve(site) as url:
        yield url


# --- the CDS archive sample, imported into a copy of the site (slow) ------------------------


@pytest.fixture(scope="session")
def archive_imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The 30 sample pairs imported (English, then French) into a copy of the site: (site, data)."""
    from bench import archive

    if not (archive.SAMPLE / "en").is_dir():
        pytest.fail(f"the archive sample must be in {archive.SAMPLE} (shared/ beside the project)")
    site = archive.copy_site(tmp_path_factory.mktemp("archive") / "site")
    before = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    reports = archive.import_sample(site)
    return site, {"reports": reports, "before": before}


@pytest.fixture(scope="session")
def archive_built(archive_imported) -> tuple[Path, dict]:
    """The imported sample built in both languages as `make html` does (pages a translator must
    finish published with their notice); the html is in site/_build/html."""
    from bench import archive

    site, data = archive_imported
    data["builds"] = {language: archive.build(site, language, "-j", "auto") for language in archive.LANGUAGES}
    return site, data


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM}: run 'make test' (it installs it) or 'apt-get install chromium'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


# --- helpers: the real site's sources and built pages -------------------------------------

BASE_URL = "https://kb.example/"


def docnames() -> list[str]:
    return sorted(path.relative_to(DOCS).with_suffix("").as_posix() for path in DOCS.rglob("*.md"))


def front_matter(docname: str) -> frontmatter.FrontMatter:
    return frontmatter.parse((DOCS / f"{docname}.md").read_text(encoding="utf-8"))


def entries() -> list[str]:
    return [d for d in docnames() if front_matter(d).get("type") in ENTRY_TYPES]


def html(site: Path, language: str, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site / language / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def built_pages(site: Path, language: str) -> set[str]:
    root = site / language
    return {
        path.relative_to(root).with_suffix("").as_posix()
        for path in root.rglob("*.html")
        if not path.relative_to(root).parts[0].startswith("_")
    }


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a link leads to: relative, root-relative (the 404 page) or under the base URL."""
    href = href.removeprefix(BASE_URL.rstrip("/"))
    return (site / href.lstrip("/") if href.startswith("/") else page.parent / href).resolve()


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- helpers: sphinx.testing builds -----------------------------------------------------

# Sphinx itself re-writes the section page whose toctree holds an updated page.
PARENTS = {"stories/index", "services/index", "organizations/index", "people/index"}


def build(make_app, srcdir: Path, **kwargs):
    """Build srcdir and return (app, pages read, pages written)."""
    app = make_app("html", srcdir=srcdir, **kwargs)
    read, written = set(), set()
    app.connect("doctree-read", lambda app, doctree: read.add(app.env.docname))
    app.connect("html-page-context", lambda app, page, *args: written.add(page) if page in app.env.found_docs else None)
    app.build()
    return app, read, written


def built_page(app, docname: str) -> BeautifulSoup:
    """A page a sphinx.testing build wrote, parsed."""
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    later = time.time() + 2  # newer than anything the first build recorded
    os.utime(path, (later, later))


def mentioned_in(app, docname: str) -> list[str]:
    section = built_page(app, docname).find(id="mentioned-in")
    return [a.get_text() for a in section.select("li a")]


# --- helpers: the built site as a browser sees it -------------------------------------------


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the build, as URL paths: both languages and the root page."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site)
        if not any(part.startswith("_") for part in relative.parts):
            pages.append(relative.as_posix())
    return pages
