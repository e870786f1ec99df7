"""Bad input: each case of tests/bad-input/ fails the build with one clear, located message.

A case is a folder: ``case.yaml`` (``what`` it is, the ``language`` built, the parts the
message must ``expect`` — the file and line, the fault, the fix — and optionally text the
built page must not contain: ``refused``) and ``files/``, laid over the extension's test
project (tests/roots/test-kb). The build runs as ``make html`` runs it (``-W --keep-going -n``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cds_kb.core import safety, schema
from cds_kb.core.frontmatter import FrontMatter

from ..conftest import PROJECT, TESTS

CASES = TESTS / "bad-input"
BASE = TESTS / "roots" / "test-kb"
MESSAGE = re.compile(r"^(?P<where>\S+?):(?P<line>\d+)?:? ?(WARNING|ERROR|CRITICAL): (?P<text>.*)$", re.MULTILINE)


def build(srcdir: Path, language: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        # The test project has no French catalogs: publish its untranslated pages, so that the
        # only fault a build reports is the one of the case.
        [sys.executable, "-m", "sphinx", "-b", "html", "-D", f"language={language}", "-D", "gettext_compact=0",
         "-D", "kb_publish_incomplete_translations=1",
         "-W", "--keep-going", "-n", "-q", str(srcdir), str(srcdir / "_build")],
        capture_output=True, text=True, cwd=PROJECT, env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("case", sorted(path.name for path in CASES.iterdir() if path.is_dir()))
def test_bad_input_fails_with_one_clear_message(case, tmp_path):
    spec = yaml.safe_load((CASES / case / "case.yaml").read_text(encoding="utf-8"))
    srcdir = tmp_path / "project"
    shutil.copytree(BASE, srcdir)
    shutil.copytree(CASES / case / "files", srcdir, dirs_exist_ok=True)
    catalogs = {path: path.read_bytes() for path in srcdir.rglob("*.po")}

    result = build(srcdir, spec["language"])
    output = result.stdout + result.stderr

    assert result.returncode != 0, f"{case}: the build passed:\n{output}"
    assert "Traceback" not in output and "Exception occurred" not in output, output
    messages = [match.group(0) for match in MESSAGE.finditer(output)]
    assert len(messages) == 1, f"{case}: expected one message, got:\n" + "\n".join(messages or [output])
    for part in spec["expect"]:
        assert part in messages[0], f"{case}: {part!r} is not in {messages[0]!r}"
    # Nothing written half-way, and no translation lost.
    assert not list((srcdir / "_build").rglob("*.tmp"))
    assert {path: path.read_bytes() for path in srcdir.rglob("*.po")} == catalogs
    if spec.get("refused"):
        for page in (srcdir / "_build").rglob("*.html"):
            assert spec["refused"] not in page.read_text(encoding="utf-8"), page


def test_the_test_project_itself_builds_clean(tmp_path):
    srcdir = tmp_path / "project"
    shutil.copytree(BASE, srcdir)
    for language in ("en", "fr"):
        result = build(srcdir, language)
        assert result.returncode == 0, result.stdout + result.stderr


# --- the schema, as the import tool calls it ------------------------------------------------


def test_validate_accepts_a_complete_post():
    post = {"type": "post", "key": "first", "title": "First", "date": "2020-01-02T09:00:00-05:00",
            "author": "Ada Lovelace", "image": "banner.jpg", "image-alt": "A banner", "mentions": ["notify"]}
    assert schema.validate("post", post) == []


@pytest.mark.parametrize(
    ("front_matter", "field", "expected"),
    [
        ({"type": "post", "title": "T"}, "key", "'key' is missing"),
        ({"type": "post", "key": "k", "title": "T", "date": "2017-11-20"}, "date", "has no UTC offset"),
        ({"type": "post", "key": "k", "title": "T", "date": "20 Nov 2017"}, "date", "is not a date; write ISO 8601"),
        ({"type": "post", "key": "k", "title": "T", "image": "a.jpg"}, "image-alt", "needs its alternative text"),
        ({"type": "post", "key": "k", "title": "T", "tags": "one"}, "tags", "a list of ids"),
        ({"type": "post", "key": "k", "title": "T", "autor": "A"}, "autor", "unknown field"),
        ({"type": "service", "id": "s", "title": "S", "summary": "x", "url": "http://x.org"}, "url", "https://"),
        ({"type": "service", "id": "s", "title": "S", "summary": "x", "status": "open"}, "status", "offered, being-explored, retired"),
        ({"type": "person", "id": "Ada Lovelace", "title": "A", "summary": "x"}, "id", "lower-case letters"),
        ({"type": "recipe", "title": "R"}, "type", "unknown page type 'recipe'"),
    ],
)
def test_validate_names_the_field_and_what_is_expected(front_matter, field, expected):
    lines = {key: number for number, key in enumerate(front_matter, start=2)}
    problems = schema.validate(None, FrontMatter(front_matter, lines))
    assert [problem.field for problem in problems] == [field]
    assert expected in problems[0].message
    assert problems[0].line == lines.get(field, lines.get("image", 1))


def test_active_content_finds_what_could_run_script():
    assert safety.active_content('<p class="note">Hello <a href="https://example.org">x</a></p>') == []
    assert safety.active_content("<img src=x onerror=alert(1)>") == ["an event handler attribute (onerror=)"]
    assert safety.active_content('<a href=" JavaScript:alert(1)">x</a>') == ["a javascript: address (href=)"]
    assert safety.active_content("<iframe src=https://example.org></iframe>") == ["a <iframe> element"]
