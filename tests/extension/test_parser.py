"""The Markdown source parser (cds_kb.sphinxext.parser) gives the doctrees MyST's parser gives.

It reuses MyST's set-up between parses and reads each translated message once per page;
none of that may change a doctree. Each test builds the test project twice, once with the
extension's parser and once with MyST's own (registered over it), in English and in French
(with a catalog whose translations carry markup), and compares every doctree.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from myst_parser.parsers.sphinx_ import MystParser

from cds_kb.sphinxext.parser import MarkdownParser

CATALOG = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "First story"
msgstr "Premier récit"

msgid "Writer, The Agency"
msgstr "Rédactrice, l’Agence"

msgid "The first story."
msgstr "Le premier récit."

msgid "We used {kb}`notify` to send messages."
msgstr "Nous avons utilisé {kb}`notify` pour envoyer des *messages*, avec `du code` et [un lien](https://example.org/fr)."

msgid "Plain text."
msgstr "Un paragraphe de texte simple, avec « guillemets », l’apostrophe et 50 % : #5; vraiment ! Voir https://example.org/fr."

msgid "A year."
msgstr "2017 : une année de partenariats."

msgid "An entity."
msgstr "Recherche &amp; développement"

msgid "Two lines."
msgstr ""
"Première ligne\\n"
"deuxième ligne"

msgid "A list."
msgstr "- un élément"

msgid "Spaces."
msgstr " Espaces autour "
'''
# English paragraphs whose translations above cover what MyST makes of plain text and of markup.
PARAGRAPHS = "\n\nPlain text.\n\nA year.\n\nAn entity.\n\nTwo lines.\n\nA list.\n\nSpaces.\n"


# Sphinx counts the messages it translated in each page; MyST's parser gives it the typed pages'
# own front matter fields (docinfo) too, messages no catalog has (see parser.for_myst).
_PROGRESS = re.compile(r' translation_progress="[^"]*"')


def _doctrees(make_app, srcdir: Path, language: str, parser: type | None) -> dict[str, str]:
    app = make_app("html", srcdir=srcdir, confoverrides={"language": language, "gettext_compact": False, "kb_publish_incomplete_translations": True})
    if parser is not None:
        app.registry.add_source_parser(parser, override=True)
    app.build()
    return {docname: _PROGRESS.sub("", app.env.get_doctree(docname).pformat()).replace(str(srcdir), "SRCDIR") for docname in sorted(app.env.found_docs)}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_doctrees_are_those_of_myst(make_app, tmp_path, rootdir, language):
    projects = {}
    for name in ("ours", "myst"):
        projects[name] = tmp_path / name / "kb"
        shutil.copytree(rootdir / "test-kb", projects[name])
        catalog = projects[name] / "locales" / "fr" / "LC_MESSAGES" / "stories" / "first.po"
        catalog.parent.mkdir(parents=True)
        catalog.write_text(CATALOG, encoding="utf-8")
        page = projects[name] / "stories" / "first.md"
        page.write_text(page.read_text(encoding="utf-8") + PARAGRAPHS, encoding="utf-8")
    ours = _doctrees(make_app, projects["ours"], language, None)
    myst = _doctrees(make_app, projects["myst"], language, MystParser)
    assert ours.keys() == myst.keys()
    for docname in ours:
        assert ours[docname] == myst[docname], docname
    if language == "fr":
        # The translation is there, markup and all: the comparison compared something.
        assert "Nous avons utilisé" in ours["stories/first"] and "<emphasis>" in ours["stories/first"]
        assert all(text in ours["stories/first"] for text in ("Un paragraphe de texte simple", "2017 : une année", "Recherche", "Première ligne"))


def test_each_translated_message_is_parsed_once_and_plain_text_not_at_all(make_app, kb_project):
    catalog = kb_project / "locales" / "fr" / "LC_MESSAGES" / "stories" / "first.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(CATALOG, encoding="utf-8")
    page = kb_project / "stories" / "first.md"
    page.write_text(page.read_text(encoding="utf-8") + PARAGRAPHS, encoding="utf-8")
    parsed: list[tuple[str, str]] = []

    class Counting(MarkdownParser):
        def _parse(self, inputstring, document):
            parsed.append((document["source"], inputstring))
            super()._parse(inputstring, document)

    app = make_app("html", srcdir=kb_project, confoverrides={"language": "fr", "gettext_compact": False, "kb_publish_incomplete_translations": True})
    app.registry.add_source_parser(Counting, override=True)
    app.build()
    messages = [(source, text) for source, text in parsed if source.endswith(":<translated>")]
    # Sphinx asks twice for each (Locale's two passes); each is parsed once.
    assert len(messages) == len(set(messages)), messages
    parsed_texts = " | ".join(text for _source, text in messages)
    for markup in ("{kb}`notify`", "2017 :", "&amp;", "Première ligne", "- un élément", " Espaces autour "):
        assert markup in parsed_texts
    # A line of plain text is not given to markdown-it.
    assert "Un paragraphe de texte simple" not in parsed_texts and "Premier récit" not in parsed_texts
