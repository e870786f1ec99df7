"""Search: the home page's search box, the search page, and the index it searches.

The box is a plain GET form to the site's search page (``search.html?q=WORDS``), so it
works without script and gives shareable addresses.

The index is the project's own (``docs/maintaining/search.md`` says why, with figures).
While a page is read (``doctree-read``, after the Locale transform, so in the build's
language) this module keeps what search needs of it in the page's record in the ``kb``
domain (``search``): its title, type, names (title, aliases in every language, the title's
translations), summary, headings, plain text, and a weight for each stemmed term. Kept per
docname, the data is purged and merged with the domain's, so it is right under ``-j`` and
incremental builds.

Once every page is written (``html-collect-pages``, before the search page), the index
is written from that data into ``_static/kb-search/`` (never touching a page; a file is
re-written only when its content changed):

- ``meta.js``: every page's address, title, type and other names (folded), the stop
  words and the number of term buckets; loaded with the search page;
- ``terms-N.js``: the term buckets (stemmed term -> pages and weights), a term's bucket
  chosen by its first three letters; a query loads only the buckets of its words;
- ``text/<docname>.js``: a page's plain text, loaded for the results shown (excerpts);
- ``stemmer.js``: Snowball's stemmer for the language (Sphinx's copy of it).

Every file is a script that hands its data to ``window.kbSearch``, so search works from
the built folder opened from disk and under a ``script-src 'self'`` policy. The client
is ``static/kb-search.js``; it folds and stems words exactly as ``terms`` does here.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import snowballstemmer
from docutils import nodes
from sphinx import addnodes
from sphinx import search as sphinx_search
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core.files import update_file
from ..core.languages import SOURCE_LANGUAGE, TRANSLATIONS
from .domain import ENTRY, TYPE_LABELS
from .i18n import _, page_catalog
from .nodes import search_box
from .pages import front_matter_of, generated_page_due

logger = logging.getLogger(__name__)

# Types a result can have besides the entry types, with their labels.
OTHER_TYPE_LABELS = {"post": _("Story"), "page": _("Page")}
# Weights of a term by where it appears: names (title, aliases) >> headings >> body.
NAME_WEIGHT, HEADING_WEIGHT, MAX_BODY_WEIGHT = 10, 3, 4
# Text kept per page for excerpts.
MAX_TEXT = 20_000
# Target size of a term bucket; the number of buckets grows with the index.
BUCKET_BYTES = 24_000
# Words too common to help, never indexed (the client drops them from queries too).
STOP_WORDS = {
    "en": "a an and are as at be by for from has have in is it its of on or our the this that to was we were with".split(),
    "fr": "au aux avec ce ces dans de des du en est et la le les leur nos notre nous ou par pour qui que sa se son sur un une".split(),
}
_TOKEN = re.compile(r"[a-z0-9]+")
_XREF = re.compile("\x01([^\x02]*)\x02")
_STEMMERS: dict[str, Any] = {}
SEARCH_PAGE = "search"
STATIC = Path(__file__).parent / "theme" / "cds_kb" / "static"
_STEMS: dict[tuple[str, str], str] = {}


# --- words -------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, without accents: ``Numérique`` -> ``numerique``; ``œ`` -> ``oe``."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of a text; one-letter words (l', d', s) are dropped."""
    return [word for word in _TOKEN.findall(fold(text)) if len(word) > 1]


def stem(word: str, language: str) -> str:
    """Snowball's stem of a folded word (the client stems with the same algorithm)."""
    key = (language, word)
    if key not in _STEMS:
        if language not in _STEMMERS:
            _STEMMERS[language] = snowballstemmer.stemmer("french" if language == "fr" else "english")
        _STEMS[key] = _STEMMERS[language].stemWord(word)
    return _STEMS[key]


def terms(text: str, language: str) -> list[str]:
    """The stemmed terms of a text, stop words left out, in order."""
    stop = set(STOP_WORDS.get(language, ()))
    return [stem(word, language) for word in words(text) if word not in stop]


# --- what each page gives the index ------------------------------------------------


def _other_titles(app: Sphinx, docname: str, source_title: str) -> list[str]:
    """The entry's title in the other languages: the source's, or the translation's from its page catalog."""
    if app.config.language != SOURCE_LANGUAGE:
        return [source_title]
    names = []
    for language in sorted(TRANSLATIONS):
        catalog = page_catalog(app, docname, language)
        if catalog.exists():
            # Re-read this page when its translation changes: the index holds that name.
            app.env.note_dependency(str(catalog))
            entry = polib.pofile(str(catalog)).find(source_title)
            if entry is not None and entry.msgstr and not entry.obsolete:
                names.append(entry.msgstr)
    return names


def _is_skipped(node: nodes.Node) -> bool:
    """Parts of a page that are not its own text: facts list, backlinks, metadata."""
    if isinstance(node, (nodes.meta, nodes.comment, nodes.raw, nodes.system_message)):
        return True
    if isinstance(node, nodes.Element):
        classes = set(node.get("classes", ()))
        return bool(classes & {"kb-facts", "kb-mentioned-in", "kb-in-this-story"})
    return False


def _flatten(node: nodes.Node, parts: list[str], headings: list[str]) -> None:
    """Plain text of a doctree; links to entries by id become ``\\x01id\\x02`` (titles later)."""
    if _is_skipped(node):
        return
    if isinstance(node, nodes.Text):
        parts.append(str(node))
        return
    if isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "kb" and not node.get("refexplicit"):
        parts.append(f"\x01{node['reftarget']}\x02")
        return
    for child in node.children:
        _flatten(child, parts, headings)
    if isinstance(node, nodes.title) and isinstance(node.parent, nodes.section) and node.parent.parent is not None and not isinstance(node.parent.parent, nodes.document):
        headings.append(node.astext())
    if isinstance(node, (nodes.TextElement, nodes.list_item)) and not isinstance(node, nodes.Inline):
        parts.append("\n")


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """Keep what the index needs of the page just read (``doctree-read``)."""
    env, docname, language = app.env, app.env.docname, app.config.language
    front_matter = front_matter_of(env)
    record = env.domains["kb"].record(docname)
    kind = record.get("type") if record.get("kind") == ENTRY else record.get("kind") or "page"
    title = env.titles[docname].astext() if docname in env.titles else docname
    names = [title]
    if record.get("kind") == ENTRY:
        names += _other_titles(app, docname, str(front_matter.get("title") or title))
        aliases = front_matter.get("aliases") or {}
        if isinstance(aliases, dict):
            names += [str(alias) for values in aliases.values() for alias in (values or [])]
    parts: list[str] = []
    headings: list[str] = []
    for child in doctree.children:
        _flatten(child, parts, headings)
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parts))
    text = re.sub(r"\s*\n\s*", "\n", text).strip()
    # The title is the page's name, not its text.
    text = text.removeprefix(title).strip()
    # A post's description is only in its <meta>: it opens the text, as it opens a result.
    summary = next((meta["content"] for meta in doctree.findall(nodes.meta) if meta.get("name") == "description"), "")
    if summary and summary not in text:
        text = f"{summary}\n{text}"

    weights: Counter[str] = Counter()
    body = Counter(terms(_XREF.sub(lambda match: match.group(1).replace("-", " "), text), language))
    for term, count in body.items():
        weights[term] += min(MAX_BODY_WEIGHT, 1 + int(math.log2(count)))
    for term in set(terms("\n".join(headings), language)):
        weights[term] += HEADING_WEIGHT
    for term in set(terms("\n".join(names), language)):
        weights[term] += NAME_WEIGHT
    record["search"] = {
        "title": title,
        "type": kind,
        "names": list(dict.fromkeys(" ".join(words(name)) for name in names)),
        # Both packed (a fifth of the size): the environment carries them for every page, Sphinx
        # loads the environment at every build and copies it back from each -j chunk.
        "text": _pack(text[:MAX_TEXT]),
        "weights": _pack(dict(weights)),
    }


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _unpack(packed: bytes) -> Any:
    return json.loads(zlib.decompress(packed))


# --- the index files ---------------------------------------------------------------


def bucket_of(term: str, buckets: int) -> int:
    """The bucket of a term, from its first three letters (the client computes the same).

    Terms that share their first three letters share a bucket, so a query word's
    longer forms and one-letter typos after its third letter are in the bucket it loads.
    """
    number = 0
    for char in term[:3]:
        number = (number * 31 + ord(char)) % 1_000_003
    return number % buckets


def _script(call: str, *args: Any) -> str:
    return f"kbSearch.{call}({','.join(json.dumps(arg, ensure_ascii=False, separators=(',', ':')) for arg in args)});\n"


def index_files(app: Sphinx) -> dict[str, str]:
    """Path (under ``_static/kb-search/``) -> content of every index file of this build."""
    env, language = app.env, app.config.language
    records = env.domains["kb"].pages
    pages = sorted((d, record["search"]) for d, record in records.items() if "search" in record and d in env.all_docs)
    ids = env.domains["kb"].ids
    titles = {entry_id: records.get(docname, {}).get("search", {}).get("title", entry_id) for entry_id, docname in ids.items()}

    postings: dict[str, list[int]] = {}
    for number, (docname, data) in enumerate(pages):
        for term, weight in sorted(_unpack(data["weights"]).items()):
            postings.setdefault(term, []).extend((number, weight))
    total = sum(len(term) + 4 * len(found) for term, found in postings.items())
    buckets = max(1, math.ceil(total / BUCKET_BYTES))
    grouped: list[dict[str, list[int]]] = [{} for _ in range(buckets)]
    for term, found in sorted(postings.items()):
        # Page numbers as gaps from the previous one: shorter files.
        gaps = [found[i] - (found[i - 2] if i else 0) if i % 2 == 0 else found[i] for i in range(len(found))]
        grouped[bucket_of(term, buckets)][term] = gaps

    files = {
        "meta.js": _script("meta", {
            "language": language,
            "buckets": buckets,
            "stop": STOP_WORDS.get(language, []),
            # A page's names besides its title (which the client folds itself).
            "pages": [[app.builder.get_target_uri(d), data["title"], data["type"], data["names"][1:]] for d, data in pages],
        }),
        "stemmer.js": _stemmer_script(language),
    }
    files.update({f"terms-{n}.js": _script("terms", n, bucket) for n, bucket in enumerate(grouped)})
    for docname, data in pages:
        text = _XREF.sub(lambda match: titles.get(match.group(1), match.group(1)), _unpack(data["text"]))
        files[f"text/{docname}.js"] = _script("text", docname, text)
    return files


def _stemmer_script(language: str) -> str:
    """Snowball's JavaScript stemmer for the language, as Sphinx ships it, exposed as ``kbStem``."""
    folder = Path(sphinx_search.__file__).parent / "minified-js"
    name = "french" if language == "fr" else "english"
    base = (folder / "base-stemmer.js").read_text(encoding="utf-8")
    stemmer = (folder / f"{name}-stemmer.js").read_text(encoding="utf-8")
    class_name = "FrenchStemmer" if language == "fr" else "EnglishStemmer"
    return f"(function () {{\n{base}\n{stemmer}\nwindow.kbStem = new {class_name}();\n}})();\n"


def write_index(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Write the index files that changed, remove those of pages that are gone, then the search page.

    Connected to ``html-collect-pages``: once every page is written. The search page carries
    the index's version (browsers fetch a changed index afresh).
    """
    if app.builder.format != "html" or not generated_page_due(app, SEARCH_PAGE):
        return  # nothing changed: the index and the search page stay as they are
    root = Path(app.outdir) / "_static" / "kb-search"
    files = index_files(app)
    for name, content in files.items():
        update_file(root / name, content)
    for path in root.rglob("*.js") if root.exists() else ():
        if path.relative_to(root).as_posix() not in files:
            path.unlink()
    yield SEARCH_PAGE, {"kb_search_version": _version(*files.values())}, "search.html"


def _version(*contents: str) -> str:
    return hashlib.sha256("".join(contents).encode()).hexdigest()[:10]


# --- the search page ---------------------------------------------------------------


def type_labels() -> dict[str, str]:
    """Every result type and its label, in the build's language, in the order the filter shows them."""
    return {kind: str(label) for kind, label in {**TYPE_LABELS, **OTHER_TYPE_LABELS}.items()}


def no_sphinx_index(app: Sphinx) -> None:
    """Sphinx's own search index and search page: not built (no page loads them); this module makes both."""
    if isinstance(app.builder, StandaloneHTMLBuilder):
        # The builder setting Sphinx's help builders use to go without search.
        app.builder.search = False


def _search_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # Every page links the search page (<link rel="search">), which Sphinx no longer makes.
    has_page = context["hasdoc"]
    context["hasdoc"] = lambda name: name == SEARCH_PAGE or has_page(name)
    if pagename != SEARCH_PAGE:
        return
    static = STATIC
    context["kb_search"] = {
        "version": context["kb_search_version"],
        "assets": {name: _version((static / name).read_text(encoding="utf-8")) for name in ("kb-search.js", "kb-search.css")},
        "types": type_labels(),
        "labels": {
            "query": str(_("Search the knowledge base")),
            "type": str(_("Type")),
            "all_types": str(_("All types")),
            "button": str(_("Search")),
            "loading": str(_("Searching…")),
            "results_one": str(_("1 result for “{query}”")),
            "results_many": str(_("{count} results for “{query}”")),
            "none": str(_("No results for “{query}”. Check the spelling, or try fewer or other words.")),
            "empty": str(_("Type one or more words to search.")),
            "results": str(_("Search results")),
            "more": str(_("Show more results")),
        },
    }


# --- the search box ----------------------------------------------------------------


def visit_search_box(self, node: search_box) -> None:
    action = self.builder.get_relative_uri(self.builder.current_docname, "search")
    self.body.append(
        f'<form class="kb-search-box" role="search" method="get" action="{self.attval(action)}">'
        f'<label class="visually-hidden" for="kb-search-input">{self.encode(node["label"])}</label>'
        f'<input type="search" id="kb-search-input" name="q" autocomplete="off" placeholder="{self.attval(node["placeholder"])}">'
        f'<button type="submit">{self.encode(node["button"])}</button></form>'
    )
    raise nodes.SkipNode


class SearchBoxDirective(SphinxDirective):
    """``{kb-search-box}``: a search form for the knowledge base."""

    def run(self) -> list[nodes.Node]:
        node = search_box(
            label=str(_("Search the knowledge base")),
            placeholder=str(_("A service, a department, a topic…")),
            button=str(_("Search")),
        )
        self.set_source_info(node)
        return [node]


def setup(app: Sphinx) -> None:
    app.add_node(search_box, html=(visit_search_box, None))
    app.add_directive("kb-search-box", SearchBoxDirective)
    app.connect("builder-inited", no_sphinx_index)
    # After the domain records its entries and posts (priority 800).
    app.connect("doctree-read", collect, priority=900)
    app.connect("html-page-context", _search_page_context)
    app.connect("html-collect-pages", write_index)
