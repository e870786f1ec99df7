"""Every Sphinx builder builds the real site, and the package installs like any other.

The site is published as HTML, but the extension makes generic nodes, so text, LaTeX and
single-page HTML work too; ``dirhtml`` writes every address as a folder, and every link
must follow.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ..conftest import LANGUAGES, PROJECT


def sphinx_build(builder: str, language: str, out: Path, cwd: Path = PROJECT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(cwd), "-D", f"language={language}",
         "-d", str(out / "doctrees" / language), "-W", "--keep-going", "-n", "-q", str(cwd / "docs"), str(out / builder / language)],
        capture_output=True, text=True, cwd=cwd, env=env,
    )


@pytest.mark.parametrize("builder", ["text", "singlehtml", "latex"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_builder_builds_the_real_site(tmp_path, builder, language):
    result = sphinx_build(builder, language, tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / builder / language
    if builder == "text":
        story = (out / "stories" / "pivoting-how-we-partner.txt").read_text(encoding="utf-8")
        byline, title = ("By *Wendy Luciani*", "Pivoting how we partner") if language == "en" else ("Par *Wendy Luciani*", "Réorienter notre façon")
        assert story.startswith(title) and byline in story
        # The placeholders are filled: an entry lists the stories that mention it.
        assert title in (out / "services" / "gc-notify.txt").read_text(encoding="utf-8")
    elif builder == "singlehtml":
        assert (out / "index.html").stat().st_size > 100_000
    else:
        assert list(out.glob("*.tex"))


@pytest.fixture(scope="module")
def dirhtml(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dirhtml")
    for language in LANGUAGES:
        result = sphinx_build("dirhtml", language, out)
        assert result.returncode == 0, result.stderr
    return out / "dirhtml"


@pytest.mark.parametrize("language", LANGUAGES)
def test_dirhtml_links_lead_to_pages(dirhtml, language):
    broken = set()
    for path in sorted((dirhtml / language).rglob("index.html")):
        if "_static" in path.parts:
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for link in page.select("a[href], link[rel=alternate][hreflang]"):
            href = link["href"].split("#")[0].split("?")[0]
            # Outside addresses, and the 404 page's root-relative ones (it is served at any depth).
            if not href or re.match(r"^[a-z]+:", href) or href.startswith("/"):
                continue
            target = (path.parent / href).resolve()
            if target.is_dir():
                target = target / "index.html"
            # The language choice at the root is written by `cds-kb language-page`, not by Sphinx.
            if target != (dirhtml / "index.html").resolve() and not target.exists():
                broken.add((path.relative_to(dirhtml).as_posix(), link["href"]))
    # The language toggle of a page leads to the same page in the other language's dirhtml build.
    assert broken == set()
    notify = BeautifulSoup((dirhtml / language / "services" / "gc-notify" / "index.html").read_text(encoding="utf-8"), "html.parser")
    other = "fr" if language == "en" else "en"
    assert notify.select_one(".kb-language-bar a")["href"] == f"../../../{other}/services/gc-notify/"


def test_package_installs_with_its_console_command_and_builds_the_site(tmp_path):
    """`pip install .` (no dependencies: the test environment has them) gives `cds-kb`, and the
    installed package, not the checkout, builds a copy of the site: templates and static files ship."""
    prefix, source = tmp_path / "prefix", tmp_path / "source"
    # From a copy: a build from the checkout itself would leave setuptools' build/ folder in it.
    for name in ("cds_kb", "pyproject.toml", "README.md"):
        copy = shutil.copytree if (PROJECT / name).is_dir() else shutil.copy2
        copy(PROJECT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")} if (PROJECT / name).is_dir() else {}))
    install = subprocess.run(
        # --ignore-installed: without it, pip uninstalls the checkout's editable install from .venv first.
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--ignore-installed", "--prefix", str(prefix), str(source)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert install.returncode == 0, install.stderr
    site_packages = next(prefix.glob("lib/python*/site-packages"))
    assert (site_packages / "cds_kb" / "sphinxext" / "theme" / "cds_kb" / "page.html").exists()
    assert not (site_packages / "bench").exists()
    env = {"PYTHONPATH": str(site_packages), "PATH": f"{prefix / 'bin'}:/usr/bin:/bin"}
    # The project (conf.py, docs, locale) without the package beside it.
    copy = tmp_path / "site"
    subprocess.run(["cp", "-r", str(PROJECT / "docs"), str(PROJECT / "locale"), str(PROJECT / "conf.py"), str(copy.mkdir() or copy)], check=True)
    for command in ([str(prefix / "bin" / "cds-kb"), "--help"], [sys.executable, "-m", "cds_kb", "--help"]):
        result = subprocess.run(command, capture_output=True, text=True, cwd=copy, env=env)
        assert result.returncode == 0, result.stderr
        verbs = re.search(r"\{([a-z,-]+)\}", result.stdout).group(1).split(",")
        assert {"import", "update-po", "stats", "check-po", "links", "language-page"} <= set(verbs)
    located = subprocess.run([sys.executable, "-c", "import cds_kb; print(cds_kb.__file__)"], capture_output=True, text=True, cwd=copy, env=env)
    assert located.stdout.strip().startswith(str(site_packages))
    result = sphinx_build("html", "en", tmp_path / "out", cwd=copy, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "html" / "en" / "_static" / "kb-search.js").exists()
    stats = subprocess.run([str(prefix / "bin" / "cds-kb"), "stats"], capture_output=True, text=True, cwd=copy, env=env)
    assert stats.returncode == 0 and "total" in stats.stdout, stats.stderr
