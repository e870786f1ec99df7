"""Shared fixtures: Sphinx's own test fixtures, the test roots, and the real site built once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

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
    return Path(__file__).parent / "roots"


@pytest.fixture
def kb_project(tmp_path: Path, rootdir: Path) -> Path:
    """A fresh, editable copy of the extension's test project."""
    srcdir = tmp_path / "kb"
    shutil.copytree(rootdir / "test-kb", srcdir)
    return srcdir


def build_site(outdir: Path, *options: str) -> dict[str, str]:
    """Build both languages of the real site as `make html` does, into outdir; return each log."""
    logs = {}
    for language in LANGUAGES:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(PROJECT), "-D", f"language={language}",
             "-d", str(outdir / "doctrees" / language), "-W", "--keep-going", "-n", "-N", *options,
             str(PROJECT / "docs"), str(outdir / "html" / language)],
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


CHROMIUM = "/usr/bin/chromium"
# No network but loopback here: keep Chromium from calling home at start.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def site_url(site: Path):
    """The built site served over HTTP on 127.0.0.1, as a static host would serve it."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from urllib.parse import urlsplit

    from cds_kb import security

    # Send the headers the build's _headers file gives, as a static host would (the CSP).
    headers_file = site / "_headers"
    rules = security.read_headers_file(headers_file.read_text(encoding="utf-8")) if headers_file.exists() else []

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def end_headers(self) -> None:
            for name, value in security.headers_for(urlsplit(self.path).path, rules).items():
                self.send_header(name, value)
            super().end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


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
