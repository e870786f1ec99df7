"""Authoring: `python -m cds_kb import` (the three source formats, --set, --force, --lang fr),
`python -m cds_kb new post`, and the preview and hosting set-up (make livehtml, .readthedocs.yaml)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
import polib

from cds_kb.core import frontmatter, linkmap
from cds_kb.tools.cli import main

from cds_kb.tools import catalogs

from ..conftest import CATALOGS, DOCS, POST_SOURCES, PROJECT, SOURCES

KB_ROLE = re.compile(r"\{kb\}`([^`]*)`")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def entry_titles(docs: Path = DOCS) -> dict[str, str]:
    titles = {}
    for path in docs.rglob("*.md"):
        front = frontmatter.parse(path.read_text(encoding="utf-8"))
        if front.get("id"):
            titles[front["id"]] = front["title"]
    return titles


def reduce_roles(text: str, titles: dict[str, str]) -> str:
    """``{kb}`text <id>``` -> text, ``{kb}`id``` -> the entry's title: what a reader sees."""

    def shown(match: re.Match) -> str:
        explicit = re.fullmatch(r"(.*?)\s*<([^>]+)>", match.group(1), re.S)
        return explicit.group(1) if explicit else titles[match.group(1)]

    return KB_ROLE.sub(shown, text)


def split_page(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, body_line = frontmatter.split(text)
    return frontmatter.parse(text).data, "\n".join(text.split("\n")[body_line - 1 :])


def flow(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


# --- The three source posts become the pages in docs/stories -----------------------------


@pytest.mark.parametrize("source", sorted(POST_SOURCES))
def test_reimported_source_post_is_its_page(capsys, tmp_path, source):
    assert (SOURCES / source).exists(), f"the source posts must be in {SOURCES} (shared/ beside the project)"
    page = DOCS / f"{POST_SOURCES[source]}.md"
    expected, expected_body = split_page(page)
    # tags and mentions are what a maintainer adds: supply the page's own.
    extra = {"tags": expected.get("tags", []), "mentions": expected.get("mentions", [])}
    code, out, err = run(capsys, "import", SOURCES / source, "--out", tmp_path,
                         "--set", f"tags={flow(extra['tags'])}", "--set", f"mentions={flow(extra['mentions'])}")
    assert code == 0, err
    imported = tmp_path / page.name
    assert out.splitlines()[0] == f"wrote {imported}" and "Summary: 1 written, 0 unchanged, 0 refused" in out
    front, body = split_page(imported)
    assert front == {**expected, **extra}
    assert body == reduce_roles(expected_body, entry_titles())


def test_import_reports_every_field_it_could_not_fill(capsys, tmp_path):
    code, _, err = run(capsys, "import", SOURCES / "000_e3a7fc0e680cf921.txt", "--out", tmp_path)
    assert code == 0
    warnings = err.strip().splitlines()
    assert all(line.startswith("warning: ") for line in warnings), err
    for field, flag in [("author", "--set author="), ("date", "--set date="), ("tags", "--set tags="),
                        ("mentions", "--set mentions="), ("image", "--set image="), ("description", "--set description=")]:
        assert any(f"no {field}" in line and flag in line for line in warnings), (field, err)
    front, _ = split_page(tmp_path / "joining-forces-for-canada.md")
    assert "author" not in front and "date" not in front  # nothing invented
    assert front["tags"] == [] and front["mentions"] == []


def test_set_supplies_the_missing_fields(capsys, tmp_path):
    post = tmp_path / "plain.txt"
    post.write_text("A test post\nFirst paragraph. Second sentence.\nSecond paragraph.\n", encoding="utf-8")
    code, _, err = run(capsys, "import", post, "--out", tmp_path / "out",
                       "--set", "author=Test Author, Test Role", "--set", "date=2000-01-02T09:00:00-05:00",
                       "--set", "tags=[topic-a, topic-b]", "--set", "mentions=entry-a,entry-b",
                       "--set", "image=banner.jpg", "--set", "image-alt=A test image", "--set", "description=Test description.")
    assert code == 0, err
    assert err == ""
    text = (tmp_path / "out" / "a-test-post.md").read_text(encoding="utf-8")
    assert text == (
        "---\ntype: post\nkey: a-test-post\ntitle: A test post\nauthor: Test Author\nrole: Test Role\n"
        'date: "2000-01-02T09:00:00-05:00"\ndescription: Test description.\nimage: banner.jpg\nimage-alt: A test image\n'
        "tags: [topic-a, topic-b]\nmentions: [entry-a, entry-b]\n---\n\nFirst paragraph. Second sentence.\n\nSecond paragraph.\n"
    )


def test_date_without_offset_is_read_in_the_sites_time_zone(capsys, tmp_path):
    post = tmp_path / "jekyll.md"
    post.write_text("---\ntitle: Test post\nauthor: Test Author\ndate: 2000-01-02 09:00\n---\nText.\n", encoding="utf-8")
    code, out, err = run(capsys, "import", post, "--out", tmp_path / "out")
    assert code == 0
    # conf.py: kb_time_zone = "America/Toronto" (the CDS publishes from Ottawa); January is EST.
    assert f"{post}:4: the date '2000-01-02 09:00' has no UTC offset: read in America/Toronto, written 2000-01-02T09:00:00-05:00" in err
    assert "1 dates without a UTC offset, read in America/Toronto" in out
    assert "no role for Test Author" in err
    front, _ = split_page(tmp_path / "out" / "test-post.md")
    assert front["date"] == "2000-01-02T09:00:00-05:00"


def test_a_page_the_build_would_refuse_is_never_written(capsys, tmp_path):
    post = tmp_path / "jekyll.md"
    post.write_text("---\ntitle: Test post\nimage: banner.jpg\n---\nText.\n", encoding="utf-8")
    code, out, err = run(capsys, "import", post, "--out", tmp_path / "out")
    assert code == 1 and "1 refused" in out
    assert f"error: {post}:3: the page would not build: front matter 'image-alt' is missing" in err and "--set image-alt=" in err
    assert not (tmp_path / "out").exists()


def test_markdown_body_is_kept_and_tidied(capsys, tmp_path):
    post = tmp_path / "cms.md"
    post.write_text(
        "---\ntitle: 'Test post'\ndescription: >-\n  Folded\n  description. \ntranslationKey: test-key\n---\n"
        "Intro with  two spaces and a [link](https://example.org/a).  \n \n## Heading \nRight after it,  \nwith a break.\n\n\n"
        "```\ncode  stays   as is\n```\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", post, "--out", tmp_path / "out")
    assert code == 0, err
    front, body = split_page(tmp_path / "out" / "test-post.md")
    assert front["key"] == "test-key" and front["description"] == "Folded description."
    assert body == (
        "\nIntro with two spaces and a [link](https://example.org/a).\n\n## Heading\n\n"
        "Right after it,\\\nwith a break.\n\n```\ncode  stays   as is\n```\n"
    )


def test_foreign_markup_is_reported_and_html_converted(capsys, tmp_path):
    post = tmp_path / "jekyll.md"
    post.write_text("---\ntitle: Test post\n---\nA {{ site.baseurl }} link.\n\n<div class=\"box\"><p>In a <b>box</b>.</p></div>\n", encoding="utf-8")
    code, _, err = run(capsys, "import", post, "--out", tmp_path / "out")
    assert code == 0
    assert f"{post}:4: a Liquid (Jekyll) tag is kept as text" in err
    _, body = split_page(tmp_path / "out" / "test-post.md")
    assert body == "\nA {{ site.baseurl }} link.\n\nIn a **box**.\n"


# --- Never overwrite; same source, same page ------------------------------------------------


def test_import_never_overwrites_a_different_page_without_force(capsys, tmp_path):
    source = SOURCES / "003_b1f82251e9bfeec7.txt"
    assert run(capsys, "import", source, "--out", tmp_path)[0] == 0
    page = tmp_path / "were-all-in-this-together.md"
    edited = page.read_text(encoding="utf-8").replace("mentions: []", "mentions: [connected150]")
    page.write_text(edited, encoding="utf-8")
    code, out, err = run(capsys, "import", source, "--out", tmp_path)
    assert code == 1 and "Summary: 0 written, 0 unchanged, 1 refused" in out
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {page}: already exists") and "--force" in errors[0]
    assert page.read_text(encoding="utf-8") == edited
    code, out, _ = run(capsys, "import", source, "--out", tmp_path, "--force")
    assert code == 0 and out.splitlines()[0] == f"wrote {page}"
    assert "mentions: []" in page.read_text(encoding="utf-8")


def test_importing_twice_gives_the_same_page(capsys, tmp_path):
    source = SOURCES / "004_a0fba2b215f319c2.txt"
    assert run(capsys, "import", source, "--out", tmp_path)[0] == 0
    page = tmp_path / "pivoting-how-we-partner.md"
    first = page.read_bytes()
    code, out, _ = run(capsys, "import", source, "--out", tmp_path)
    assert code == 0 and out.splitlines()[0] == f"unchanged {page}"
    assert run(capsys, "import", source, "--out", tmp_path, "--force")[0] == 0
    assert page.read_bytes() == first
    assert [path.name for path in tmp_path.iterdir()] == [page.name]  # no temporary file left


# --- Bad input: one line naming the file, nothing written -----------------------------------


BAD_INPUTS = {
    "missing": (None, "{path}: cannot be read"),
    "not-utf8": (b"Title\nCaf\xe9 au lait\n", "{path}:2: is not UTF-8 text"),
    "empty": (b"  \n\n", "{path}: is empty"),
    "broken-yaml": (b"---\ntitle: Test\nauthor: [Name\n---\nText\n", "{path}:3: the front matter is not valid YAML"),
    "no-closing-fence": (b"---\ntitle: Test\nText\n", "{path}:1: the front matter has no closing"),
    "toml": (b"+++\ntitle = 'Test'\n+++\nText\n", "{path}:1: TOML front matter"),
    "html": (b"<html><body>Text</body></html>\n", "{path}:1: unknown format"),
    "markdown-heading": (b"# Title\n\nText\n", "{path}:1: unknown format"),
    "title-only": (b"Just a title\n", "{path}: has no text after its title"),
    "no-title": (b"---\nauthor: Test Author\n---\nText\n", "{path}:1: the front matter has no 'title'"),
    "list-title": (b"---\ntitle: [a, b]\n---\nText\n", "{path}:2: 'title' must be text"),
    "french-post": (b"---\ntitle: Test\nlang: fr\n---\nTexte\n", "{path}:3: is a French post (lang: fr); import it with --lang fr"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_a_bad_file_is_refused_in_one_line_and_the_others_still_import(capsys, tmp_path, case):
    content, message = BAD_INPUTS[case]
    path = tmp_path / f"{case}.txt"
    if content is not None:
        path.write_bytes(content)
    good = SOURCES / "003_b1f82251e9bfeec7.txt"
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "import", path, good, "--out", out)
    assert code == 1 and "Summary: 1 written, 0 unchanged, 1 refused" in stdout
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: " + message.format(path=path)), err
    assert [p.name for p in out.iterdir()] == ["were-all-in-this-together.md"]
    assert not list(tmp_path.rglob("*.tmp"))


def test_bad_input_from_the_command_line_has_no_traceback(tmp_path):
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: 'unclosed\n---\nText\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cds_kb", "import", str(path), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {path}:") and result.stderr.count("\n") == 1, result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("setting, message", [
    ("colour=blue", "unknown field 'colour'"),
    ("date=20 November 2017", "not a date"),
    ("date=2017-11-20T09:00:00", "not a date"),
    ("date=2017-11-20", "not a date"),
    ("tags=[[a]]", "tags is a list of ids"),
    ("nothing", "give it as --set FIELD=VALUE"),
])
def test_bad_setting_is_refused(capsys, tmp_path, setting, message):
    code, _, err = run(capsys, "import", SOURCES / "000_e3a7fc0e680cf921.txt", "--out", tmp_path / "out", "--set", setting)
    assert code == 1 and message in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


# --- --lang fr: a French post fills its English page's catalog --------------------------------

STORY = "stories/were-all-in-this-together"
ENTRY = "organizations/canadian-digital-service"


@pytest.fixture
def french_project(tmp_path: Path) -> Path:
    """A small project: one English post and the entry it mentions, with their catalogs;
    the post's catalog has every translation removed."""
    for docname in (STORY, ENTRY):
        for source, target in ((DOCS / f"{docname}.md", tmp_path / "docs" / f"{docname}.md"),
                               (CATALOGS / f"{docname}.po", tmp_path / "locale" / "fr" / "LC_MESSAGES" / f"{docname}.po")):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    catalog = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / f"{STORY}.po"), wrapwidth=79)
    for message in catalog:
        message.msgstr = ""
    catalog.save()
    return tmp_path


def translations(catalog: Path) -> dict[str, tuple[str, bool]]:
    return {message.msgid: (message.msgstr, message.fuzzy) for message in polib.pofile(str(catalog))}


def french_post(folder: Path, drop_paragraph: bool = False) -> Path:
    """The French post, made from the project's own French translation (test data), as the CMS
    would export it: Jekyll front matter, entry names as plain text, no {kb} roles."""
    french = translations(CATALOGS / f"{STORY}.po")
    page, body = split_page(DOCS / f"{STORY}.md")
    french_titles = {"canadian-digital-service": french_title()}
    paragraphs = []
    for block in body.strip().split("\n\n"):
        heading = block.startswith("## ")
        text = french[block[3:] if heading else block][0]
        paragraphs.append(("## " if heading else "") + reduce_roles(text, french_titles))
    if drop_paragraph:
        del paragraphs[1]
    path = folder / "nous-sommes-tous-concernes.md"
    path.write_text(
        "---\n"
        f'title: "{french[page["title"]][0]}"\n'
        f'description: "{french[page["description"]][0]}"\n'
        f"author: {page['author']}, {french[page['role']][0]}\n"
        "date: 2017-11-20 09:00:00 -0400\nlang: fr\nlayout: cds/post\n"
        'trans_url: "/2017/11/20/were-all-in-this-together"\n---\n' + "\n\n".join(paragraphs) + "\n",
        encoding="utf-8",
    )
    return path


def french_title() -> str:
    return translations(CATALOGS / f"{ENTRY}.po")["Canadian Digital Service"][0]


def test_french_post_fills_the_catalog_of_its_english_page(capsys, french_project, tmp_path):
    post = french_post(tmp_path)
    catalog = french_project / "locale" / "fr" / "LC_MESSAGES" / f"{STORY}.po"
    code, out, err = run(capsys, "import", "--lang", "fr", post, "--out", french_project / "docs" / "stories")
    assert code == 0, err
    assert f"wrote {catalog}" in out
    filled = translations(catalog)
    assert f"French messages: {len(filled)} translated, 0 kept, 0 fuzzy, 0 untranslated" in out
    # Every message gets the project's translation back, {kb} roles included; nothing else changes.
    assert filled == translations(CATALOGS / f"{STORY}.po")
    # Byte for byte the project's catalog: the same messages in the catalogs' one wrapping style.
    assert catalog.read_text(encoding="utf-8") == (CATALOGS / f"{STORY}.po").read_text(encoding="utf-8")
    # No French page is made: the post is the translation of the English one.
    assert sorted(p.name for p in (french_project / "docs" / "stories").iterdir()) == ["were-all-in-this-together.md"]


def test_french_import_keeps_existing_translations_unless_forced(capsys, french_project, tmp_path):
    post = french_post(tmp_path)
    stories = french_project / "docs" / "stories"
    catalog = french_project / "locale" / "fr" / "LC_MESSAGES" / f"{STORY}.po"
    assert run(capsys, "import", "--lang", "fr", post, "--out", stories)[0] == 0
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgstr "Nous sommes tous concernés"', 'msgstr "Titre revu"'), encoding="utf-8")
    code, out, _ = run(capsys, "import", "--lang", "fr", post, "--out", stories)
    assert code == 0 and f"0 translated, {len(translations(catalog))} kept" in out
    assert translations(catalog)["We’re all in this together"][0] == "Titre revu"
    code, out, _ = run(capsys, "import", "--lang", "fr", post, "--out", stories, "--force")
    assert code == 0
    assert translations(catalog)["We’re all in this together"][0] == "Nous sommes tous concernés"


def test_a_french_paragraph_missing_leaves_only_its_message_for_a_translator(capsys, french_project, tmp_path):
    post = french_post(tmp_path, drop_paragraph=True)
    code, out, err = run(capsys, "import", "--lang", "fr", post, "--out", french_project / "docs" / "stories")
    assert code == 0
    catalog = french_project / "locale" / "fr" / "LC_MESSAGES" / f"{STORY}.po"
    filled = translations(catalog)
    expected = translations(CATALOGS / f"{STORY}.po")
    _, body = split_page(DOCS / f"{STORY}.md")
    dropped = body.strip().split("\n\n")[1]
    # The paragraph with no French is left empty and listed; everything else lines up.
    assert filled[dropped] == ("", False)
    assert {msgid: value for msgid, value in filled.items() if msgid != dropped} == {m: v for m, v in expected.items() if m != dropped}
    assert f"left for a translator in {catalog}: 1" in out and "not translated: " + repr(dropped[:67] + "...") in out


def french_translation(field: str) -> str:
    page, _ = split_page(DOCS / f"{STORY}.md")
    return translations(CATALOGS / f"{STORY}.po")[page[field]][0]


def test_french_import_makes_the_catalog_itself(capsys, french_project, tmp_path):
    post = french_post(tmp_path)
    catalog = french_project / "locale" / "fr" / "LC_MESSAGES" / f"{STORY}.po"
    catalog.unlink()
    code, out, err = run(capsys, "import", "--lang", "fr", post, "--out", french_project / "docs" / "stories")
    assert code == 0, err
    assert translations(catalog) == translations(CATALOGS / f"{STORY}.po")
    text = catalog.read_text(encoding="utf-8")
    assert '"Language: fr\\n"' in text and "Plural-Forms: nplurals=2; plural=(n > 1);" in text
    assert catalogs.normalized(text, catalog) == text  # the catalogs' one wrapping style


def test_a_french_post_whose_key_matches_no_english_page_is_refused_with_the_closest(capsys, french_project, tmp_path):
    post = french_post(tmp_path)
    mistyped = tmp_path / "mistyped.md"
    mistyped.write_text(post.read_text(encoding="utf-8").replace('trans_url: "/2017/11/20/were-all-in-this-together"', "translationKey: nous-sommes-tous-concerne"), encoding="utf-8")
    stories = french_project / "docs" / "stories"
    code, out, err = run(capsys, "import", "--lang", "fr", mistyped, "--out", stories)
    assert code == 1 and "1 refused" in out
    assert f"error: {mistyped}:" in err and "no English post has the pairing key 'nous-sommes-tous-concerne'" in err
    assert "the closest is 'nous-sommes-tous-concernes'" in err and "--set key=nous-sommes-tous-concernes" in err
    (stories / "were-all-in-this-together.md").unlink()
    code, _, err = run(capsys, "import", "--lang", "fr", post, "--out", stories)
    assert code == 1 and f"error: {post}: no English post" in err and "import the English post first" in err


def test_a_changed_english_page_brings_its_catalog_up_to_date(capsys, french_project, tmp_path):
    post = french_post(tmp_path)
    assert run(capsys, "import", "--lang", "fr", post, "--out", french_project / "docs" / "stories")[0] == 0
    page = french_project / "docs" / f"{STORY}.md"
    old = next(line for line in page.read_text(encoding="utf-8").split("\n") if line.startswith("As someone new"))
    page.write_text(page.read_text(encoding="utf-8").replace("As someone new", "As a person new"), encoding="utf-8")
    catalog = french_project / "locale" / "fr" / "LC_MESSAGES" / f"{STORY}.po"
    code, out, err = run(capsys, "import", "--lang", "fr", post, "--out", french_project / "docs" / "stories")
    assert code == 0, err
    entries = {entry.msgid: entry for entry in polib.pofile(str(catalog))}
    new = old.replace("As someone new", "As a person new")
    assert entries[new].msgstr == translations(CATALOGS / f"{STORY}.po")[old][0] and not entries[new].fuzzy
    # The old message keeps its translation, as an obsolete entry: nothing a translator wrote is lost.
    assert entries[old].obsolete and entries[old].msgstr


# --- new post ---------------------------------------------------------------------------------


def test_new_post_has_every_field_and_invents_nothing(capsys, tmp_path):
    code, out, err = run(capsys, "new", "post", "A test: post", "--out", tmp_path)
    assert code == 0, err
    page = tmp_path / "a-test-post.md"
    assert out.strip() == f"wrote {page}; fill in its fields and text"
    front, body = split_page(page)
    assert list(front) == ["type", "key", "title", "author", "role", "date", "description", "image", "image-alt", "tags", "mentions"]
    assert front["type"] == "post" and front["key"] == "a-test-post" and front["title"] == "A test: post"
    # Unknown fields stay empty for the author (no date of today: it is not the post's date).
    assert all(front[name] is None for name in ("author", "role", "date", "description", "image", "image-alt"))
    assert front["tags"] == [] and front["mentions"] == []
    assert body.strip()


def test_new_post_never_overwrites_without_force(capsys, tmp_path):
    assert run(capsys, "new", "post", "Test post", "--out", tmp_path)[0] == 0
    page = tmp_path / "test-post.md"
    page.write_text("edited", encoding="utf-8")
    code, _, err = run(capsys, "new", "post", "Test post", "--out", tmp_path)
    assert code == 1 and err.startswith(f"error: {page}: already exists") and "--force" in err
    assert page.read_text(encoding="utf-8") == "edited"
    assert run(capsys, "new", "post", "Test post", "--out", tmp_path, "--force")[0] == 0
    assert page.read_text(encoding="utf-8").startswith("---\ntype: post\n")


def test_new_post_needs_a_title_with_letters(capsys, tmp_path):
    code, _, err = run(capsys, "new", "post", " ?! ", "--out", tmp_path)
    assert code == 1 and "needs letters or digits" in err
    assert list(tmp_path.iterdir()) == []


# --- Preview and hosting ----------------------------------------------------------------------


def make_dry_run(*args: str, env_lang: str = "fr_CA.UTF-8") -> str:
    result = subprocess.run(["make", "-n", *args], capture_output=True, text=True, cwd=PROJECT,
                            env={"PATH": "/usr/bin:/bin", "LANG": env_lang})
    assert result.returncode == 0, result.stderr
    return result.stdout


def html_command(language: str) -> str:
    return next(line for line in make_dry_run(f"html-{language}").splitlines() if " -m sphinx " in line)


def test_make_html_builds_the_languages_at_once_after_one_system_check():
    dry = make_dry_run("html")
    lines = dry.splitlines()
    # One make for both languages, with as many jobs as languages (one core: one after the other).
    at_once = min(os.cpu_count() or 1, 2)
    assert any(f"--jobs={at_once} " in line and line.endswith(" html-en html-fr") for line in lines), dry
    # The system check once (two at once could both try to install Graphviz), before either build.
    checks = [number for number, line in enumerate(lines) if "system-check --build" in line]
    builds = [number for number, line in enumerate(lines) if " -m sphinx " in line]
    assert len(checks) == 1 and len(builds) == 2 and checks[0] < min(builds), dry
    # Each build with its share of the processors; the language page after both.
    assert all(f" -j {max(1, (os.cpu_count() or 1) // at_once)} " in lines[number] for number in builds), dry
    assert "language-page" in lines[-1]


@pytest.mark.parametrize("args, language", [((), "en"), (("LANG=fr",), "fr"), (("LANG=en",), "en")])
def test_livehtml_previews_one_language_with_the_options_of_make_html(args, language):
    command = " ".join(make_dry_run("livehtml", *args).replace("\\\n", " ").split())
    assert "/bin/sphinx-autobuild " in command
    # The same builder, language, doctree folder, options and output folder as make html.
    html = html_command(language).split(" -m sphinx ", 1)[1].split()
    assert " ".join(html[:-2]) in command  # -b html -c . -D language=.. -d .. SPHINXOPTS
    assert command.endswith(" ".join(html[-2:]))  # docs _build/html/<lang>
    assert "--re-ignore" in command and ".mo" in command  # compiled catalogs do not trigger a rebuild


def test_livehtml_refuses_an_unknown_language():
    result = subprocess.run(["make", "-n", "livehtml", "LANG=de"], capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode != 0 and "the languages are en fr" in result.stderr


def test_sphinx_autobuild_is_the_pinned_version():
    from importlib.metadata import version

    pins = dict(line.split("==") for line in (PROJECT / "requirements.txt").read_text().splitlines() if "==" in line and not line.startswith("#"))
    assert version("sphinx-autobuild") == pins["sphinx-autobuild"]


def test_read_the_docs_builds_both_languages_with_make_html(site, tmp_path):
    config = yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["build"]["os"] and config["build"]["tools"]["python"] == "3.11"
    commands = config["build"]["commands"]
    assert commands[0].split()[:2] == ["make", "html"]
    # The other commands publish _build/html: run them on the site the tests built.
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "html").symlink_to(site, target_is_directory=True)
    output = tmp_path / "rtd"
    for command in commands[1:]:
        subprocess.run(["bash", "-c", command], check=True, cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "READTHEDOCS_OUTPUT": str(output)})
    for page in ("index.html", "en/index.html", "fr/index.html", "en/search.html", "fr/stories/pivoting-how-we-partner.html"):
        assert (output / "html" / page).is_file(), page


def test_french_import_takes_only_the_key(capsys, french_project, tmp_path):
    code, _, err = run(capsys, "import", "--lang", "fr", french_post(tmp_path), "--out", french_project / "docs" / "stories", "--set", "date=2017-11-20T09:00:00-05:00")
    assert code == 1 and "--lang fr takes only --set key=KEY" in err


# --- The archive's shapes, in bulk: a folder, a dry run, people, links, pictures, mentions -------


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A copy of the site to import into (conf.py, docs/, locale/)."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy2(PROJECT / "conf.py", site / "conf.py")
    for name in ("docs", "locale"):
        shutil.copytree(PROJECT / name, site / name, ignore=shutil.ignore_patterns("*.mo"))
    return site


def write_posts(folder: Path, posts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in posts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


ARCHIVE_SHAPES = {
    "a-html.md": (
        "---\ntitle: 'Forms for everyone'\ndescription: >-\n  How we built forms.\nauthor: 'Jane Roe and John Doe, Policy'\n"
        "date: '2021-05-04T10:00:00'\ntranslationKey: Forms-Everyone\n---\n\n"
        "<p>We used <strong>GC Notify</strong>&nbsp;to send emails.</p>\n\n"
        "<h2 class=\"wp-block-heading\" id=\"h-x\"><strong>What we learned</strong></h2>\n\n<p>A lot.</p>\n"
    ),
    "b-markdown.md": (
        "---\ntitle: The second post\nauthor: 'JANE ROE, Senior Policy Analyst'\ndate: 2021-06-01T14:00:00.000Z\n"
        "translationKey: second-post\n---\n"
        "Read [our first post](/2021/05/04/forms-for-everyone/) and [join us](/careers/).\n"
    ),
    "c-broken.md": "---\ntitle: Broken\ntags: [a]\ntags: [b]\n---\nText.\n",
}


def test_a_folder_imports_file_by_file_with_a_summary_and_a_dry_run_first(capsys, site_copy, tmp_path):
    folder = write_posts(tmp_path / "archive", ARCHIVE_SHAPES)
    stories = site_copy / "docs" / "stories"
    before = sorted(p.name for p in site_copy.rglob("*"))
    code, out, err = run(capsys, "import", folder, "--out", stories, "--dry-run")
    assert code == 1  # a file was refused
    assert "Summary (dry run: nothing written): 4 would write, 0 unchanged, 1 refused" in out  # 2 pages, 2 people
    assert f"error: {folder / 'c-broken.md'}:4: the field 'tags' is given twice, on lines 3 and 4" in err
    assert sorted(p.name for p in site_copy.rglob("*")) == before

    code, out, err = run(capsys, "import", folder, "--out", stories)
    assert code == 1 and "Summary: 4 written, 0 unchanged, 1 refused" in out
    first, body = split_page(stories / "forms-for-everyone.md")
    assert first["key"] == "forms-everyone"  # the build's pairing keys are lower case
    assert first["author"] == ["Jane Roe", "John Doe"] and first["role"] == "Policy"
    assert first["date"] == "2021-05-04T10:00:00-04:00" and "1 dates without a UTC offset, read in America/Toronto" in out
    assert body == "\nWe used **GC Notify**\u00a0to send emails.\n\n## What we learned\n\nA lot.\n"
    second, body = split_page(stories / "the-second-post.md")
    # A person named twice is one entry (the spelling of the first one found wins).
    assert second["author"] == "Jane Roe" and second["role"] == "Senior Policy Analyst"
    assert "new person entries (2)" in out
    assert sorted(p.name for p in (site_copy / "docs" / "people").glob("j*.md")) == ["jane-roe.md", "john-doe.md"]
    jane = frontmatter.parse((site_copy / "docs" / "people" / "jane-roe.md").read_text(encoding="utf-8")).data
    assert jane == {"type": "person", "id": "jane-roe", "title": "Jane Roe", "summary": "Senior Policy Analyst", "role": "Senior Policy Analyst"}
    # A link to a post of the site is a link to its page; the old site's other pages stay absolute.
    assert body == "\nRead [our first post](forms-for-everyone.md) and [join us](https://digital.canada.ca/careers/).\n"
    # Suggested mentions: the entries the text names, by title or alias, as whole words.
    assert f"suggested mentions for {stories / 'forms-for-everyone.md'}: [gc-notify]" in out
    assert "{kb}`GC Notify <gc-notify>`" in out


def test_apply_mentions_links_the_first_mention_and_lists_it(capsys, site_copy, tmp_path):
    folder = write_posts(tmp_path / "archive", {"a-html.md": ARCHIVE_SHAPES["a-html.md"]})
    stories = site_copy / "docs" / "stories"
    code, out, err = run(capsys, "import", folder, "--out", stories, "--apply-mentions")
    assert code == 0, err
    front, body = split_page(stories / "forms-for-everyone.md")
    assert front["mentions"] == ["gc-notify"]
    assert body.startswith("\nWe used **{kb}`GC Notify <gc-notify>`**\u00a0to send emails.")


def test_fetch_images_downloads_pictures_and_links_the_ones_it_cannot(capsys, site_copy, tmp_path):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    served = tmp_path / "served"
    served.mkdir()
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000000000500010d0a2db40000000049454e44ae426082")
    (served / "chart.png").write_bytes(png)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        folder = write_posts(tmp_path / "archive", {"pics.md": (
            "---\ntitle: Pictures\nauthor: Jane Roe\ndate: '2021-05-04T10:00:00'\n---\n\n"
            f"<figure><img src=\"{base}/chart.png\" alt=\"A chart\"><figcaption>Forms per month</figcaption></figure>\n\n"
            f"<p><img src=\"{base}/missing.png\" alt=\"A lost picture\"></p>\n")})
        stories = site_copy / "docs" / "stories"
        code, out, err = run(capsys, "import", folder, "--out", stories, "--fetch-images")
    finally:
        server.shutdown()
    assert code == 0, err
    assert (stories / "images" / "chart.png").read_bytes() == png
    _, body = split_page(stories / "pictures.md")
    assert body == (f"\n:::{{figure}} images/chart.png\n:alt: A chart\n\nForms per month\n:::\n\n[A lost picture]({base}/missing.png)\n")
    assert f"the picture {base}/missing.png could not be fetched (File not found)" in err
    assert "1 pictures shown as links with their alt text" in out


def test_a_marker_the_french_post_typed_becomes_a_row_of_the_link_map(capsys, french_project, tmp_path):
    """« (en anglais seulement) » typed after a link leaves the text: the build adds it from the map."""
    post = french_post(tmp_path)
    edmonton = "(https://dashboard.edmonton.ca)"
    text = post.read_text(encoding="utf-8")
    assert edmonton in text
    post.write_text(text.replace(edmonton, edmonton + " (en anglais seulement)", 1), encoding="utf-8")
    links = french_project / "locale" / linkmap.LINK_MAP
    links.write_text("english,french,status,source\nhttps://dashboard.edmonton.ca,,unverified,nothing found yet\n", encoding="utf-8")
    code, out, err = run(capsys, "import", "--lang", "fr", post, "--out", french_project / "docs" / "stories")
    assert code == 0, err
    catalog = french_project / "locale" / "fr" / "LC_MESSAGES" / f"{STORY}.po"
    # The translation is the project's own, which has no typed marker.
    assert translations(catalog) == translations(CATALOGS / f"{STORY}.po")
    row = linkmap.load(links).find("https://dashboard.edmonton.ca")
    assert (row.status, row.source) == ("english-only", post.name)
    assert "1 rows recorded in locale/links.csv" in out
