"""The Markdown source parser: MyST's, with what it sets up for every parse made once.

Sphinx parses each page with the parser registered for its file type, and parses each
translated message of a French page again, as a small document of its own (the
``Locale`` transform, twice per paragraph). MyST's parser sets everything up again for
every one of those parses, none of which depends on the text:

- a new markdown-it parser with every MyST plugin, and a new renderer, which lists its
  own methods with ``inspect`` (about 0.7 ms a parse);
- a default docutils document with docutils' default settings (an ``optparse`` parser
  of about 80 options: about 2 ms), built and thrown away, because
  ``options.get("document", make_document())`` evaluates its default even when the
  document is given;
- the front matter read twice with PyYAML's pure-Python parser, and every field of it
  rendered into the page (``docinfo``), though Sphinx and MyST read only a few.

Sphinx's ``Locale`` transform also parses every translated paragraph twice: once in its
first pass, which only uses the result for section titles and glossary terms, and once
to translate it.

At 1,000 stories that is most of the French build. ``MarkdownParser`` is MyST's parser
(``app.add_source_parser``, replacing MyST's registration for ``.md``) that keeps one
markdown-it parser per MyST configuration and process, renders without the throw-away
document, and reads the front matter once with libyaml, rendering only the fields MyST and
Sphinx read (``for_myst``). Only the set-up is shared: each parse gets a fresh markdown-it
environment and renders into the document Sphinx gives.
A page whose front matter sets MyST options (``myst:``) gets its own configuration, as
with MyST. While a page is read, the parse of each translated message is kept (as a copy)
for the next request of the same message at the same place, which is the second pass of
``Locale``; a message of plain text (``is_plain_text``) becomes the paragraph MyST would
make of it without running markdown-it. The same changes belong in MyST and Sphinx:
``docs/maintaining/performance.md`` describes them with the time they save.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import yaml
from docutils import nodes
from docutils.parsers.rst.languages import get_language as get_language_rst
from markdown_it import MarkdownIt
from myst_parser.config.main import MdParserConfig, merge_file_level
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import YAML_LOAD_ERRORS
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import create_warning
from sphinx.application import Sphinx

from ..core.schema import SCHEMAS, SPHINX_KEYS

# libyaml when PyYAML has it: the same data as yaml.safe_load (which MyST uses), faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Front matter keys through which a page changes MyST's configuration (see merge_file_level).
_FILE_LEVEL_KEYS = ("myst", "html_meta", "substitutions")
# How sphinx.transforms.i18n names the document of a translated message ("<source>:<line>:<translated>").
_TRANSLATED = ":<translated>"
# Per page read (the current document's data): (source, text) -> a copy of its parse.
_PARSES = "kb_translated_parses"


class _Renderer(SphinxRenderer):
    """MyST's Sphinx renderer, set up without building a default document it does not use."""

    def setup_render(self, options: dict[str, Any], env: MutableMapping[str, Any]) -> None:
        # DocutilsRenderer.setup_render, less ``make_document()``: the parser always gives the document.
        document = options["document"]
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = document
        self.current_node = options.get("current_node", document)
        self.reporter = document.reporter
        self.language_module_rst = get_language_rst(document.settings.language_code)
        self._heading_offset = 0
        self._level_to_section = {0: document}
        self._heading_slugs = {}


class _Parsers:
    """Idle markdown-it parsers by MyST configuration, for this process.

    A parser is taken for one parse and given back after it, so that a parse started
    while another runs (a directive that parses a file) gets a parser of its own.
    """

    def __init__(self) -> None:
        self._idle: dict[int, tuple[MdParserConfig, list[MarkdownIt]]] = {}

    @contextmanager
    def use(self, config: MdParserConfig) -> Iterator[MarkdownIt]:
        kept = self._idle.get(id(config))
        if kept is None or kept[0] is not config:
            # A configuration not seen before (or a new one at the address of a freed one).
            kept = self._idle[id(config)] = (config, [])
        idle = kept[1]
        parser = idle.pop() if idle else create_md_parser(config, _Renderer)
        try:
            yield parser
        finally:
            parser.options.pop("document", None)
            idle.append(parser)


def front_matter_data(text: str) -> dict[str, Any] | None | str:
    """The YAML front matter of a source as ``yaml.safe_load`` reads it.

    None when there is none; the raw block when it cannot be read (MyST reports it).
    """
    if not text.startswith("---"):
        return None
    lines = iter(text.splitlines())
    if not next(lines).startswith("---"):
        return None
    block = []
    for line in lines:
        if line.startswith(("---", "...")):
            break
        block.append(line.rstrip() + "\n")
    raw = "".join(block)
    try:
        return yaml.load(raw, Loader=_SafeLoader)  # noqa: S506 - a safe loader (libyaml's)
    except YAML_LOAD_ERRORS:
        return raw


# Characters with a meaning in MyST's inline syntax (or that open a construct): text
# without them, on one line, starting with a letter, is one paragraph of that text.
_MARKUP = re.compile(r"[\\`*_\[\]<>&{}$~|^\n\r]")
# MyST extensions that change plain text (links, typography): no plain text with them.
_TEXT_EXTENSIONS = {"linkify", "gfm_autolink", "smartquotes", "replacements"}


def is_plain_text(text: str, config: MdParserConfig) -> bool:
    """Whether MyST renders a translated message as a paragraph of its text, unchanged.

    One line, no markup character, first a letter (so no list, heading, quote, comment,
    target or fence), no space around it, and no MyST extension that rewrites text.
    """
    return (
        bool(text) and text[0].isalpha() and text == text.strip()
        and not _MARKUP.search(text)
        and not config.commonmark_only and not config.gfm_only and not config.html_meta
        and not _TEXT_EXTENSIONS.intersection(config.enable_extensions)
    )


def for_myst(data: dict[str, Any]) -> dict[str, Any]:
    """The front matter MyST renders: a typed page's own fields are the extension's.

    MyST renders every field into the page's ``docinfo``, which Sphinx then copies into
    ``env.metadata`` and translates field by field, though nothing reads them there: the
    extension reads a typed page's fields itself (``pages.front_matter_of``). MyST gets the
    title (the page's heading) and the keys MyST and Sphinx read (``schema.SPHINX_KEYS``).
    """
    if data.get("type") not in SCHEMAS:
        return data
    return {key: value for key, value in data.items() if key == "title" or key in SPHINX_KEYS}


class MarkdownParser(MystParser):
    """MyST's parser, with its set-up made once per configuration and process (see the module)."""

    _parsers = _Parsers()

    def parse(self, inputstring: str, document: nodes.document) -> None:
        source = document.get("source") or ""
        if not source.endswith(_TRANSLATED):
            self._parse(inputstring, document)
            return
        # A translated message: parsed once per page and place, whichever pass of Locale asks.
        parses = document.settings.env.current_document.get(_PARSES)
        if parses is None:
            parses = document.settings.env.current_document[_PARSES] = {}
        kept = parses.pop((source, inputstring), None)
        if kept is not None:
            document.extend(kept)
            return
        if is_plain_text(inputstring, document.settings.env.myst_config):
            # What MyST makes of a line of plain text, without running markdown-it.
            paragraph = nodes.paragraph(inputstring, "", nodes.Text(inputstring))
            paragraph.source, paragraph.line = source, 1
            document.append(paragraph)
            return
        self._parse(inputstring, document)
        parses[(source, inputstring)] = [child.deepcopy() for child in document.children]

    def _parse(self, inputstring: str, document: nodes.document) -> None:
        config: MdParserConfig = document.settings.env.myst_config
        data = front_matter_data(inputstring)
        if isinstance(data, dict) and any(key in data for key in _FILE_LEVEL_KEYS):

            def warning(wtype, message):
                return create_warning(document, message, wtype, line=1, append_to=document)

            config = merge_file_level(config, data, warning)
        with self._parsers.use(config) as parser:
            parser.options["document"] = document
            env: dict[str, Any] = {}
            tokens = parser.parse(inputstring, env)
            if isinstance(data, dict):
                # MyST's renderer takes front matter already read (it reads a string with PyYAML).
                for token in tokens:
                    if token.type == "front_matter":
                        token.content = for_myst(data)  # type: ignore[assignment]
                        break
            parser.renderer.render(tokens, parser.options, env)


def setup(app: Sphinx) -> None:
    # myst_parser registers its parser first (it is listed before cds_kb in conf.py).
    app.add_source_parser(MarkdownParser, override=True)
