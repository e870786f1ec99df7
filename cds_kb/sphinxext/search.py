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

- ``meta.js``: every page's name (front-coded), title and type, the stop words and the
  numbers of files; loaded with the search page;
- ``terms-N.js``: the term buckets (stemmed term -> the word it stands for, pages and
  weights), a term's bucket chosen by its first three letters, with the pages' names
  (``=name``) and the words only maintainers' pages hold; a query loads only the
  buckets of its words; ``postings/TERM.js``: the pages of a term most pages hold;
- ``keys-N.js``: the typo keys (a pair of letters among a word's first ones -> the
  index's words with that key), loaded for a word no page holds;
- ``text/<docname>.js``: a page's plain text, loaded for the excerpts of the results
  shown;
- ``stemmer.js``: Snowball's stemmer for the language (Sphinx's copy of it).

Words are stemmed here with PyStemmer, Snowball's C library, pinned to the release whose
JavaScript Sphinx ships (3.0): the pure-Python ``snowballstemmer`` that Sphinx requires is
3.1 and stems a few English words otherwise (``international``), which the browser would
then not find; PyStemmer is also about 30 times faster.

Every file is a script that hands its data to ``window.kbSearch``, so search works from
the built folder opened from disk and under a ``script-src 'self'`` policy. The client
is ``static/kb-search.js``; it folds and stems words exactly as ``terms`` does here.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import Stemmer
from docutils import nodes
from rapidfuzz.distance import OSA
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
MAINTAINING = "maintaining"
OTHER_TYPE_LABELS = {"post": _("Story"), "page": _("Page"), MAINTAINING: _("Maintaining this site")}
# The maintainers' pages ("Maintaining this site"): shown to a searcher only when the query
# is about maintaining the site or the type filter asks for them (docs/maintaining/search.md).
MAINTAINERS_FOLDER = "maintaining/"
# Weights of a term by where it appears: names (title, aliases) >> headings >> body.
NAME_WEIGHT, HEADING_WEIGHT, MAX_BODY_WEIGHT = 10, 3, 4
# Text kept per page for excerpts.
MAX_TEXT = 20_000
# Target sizes of a term bucket and of a typo-key file; their numbers grow with the index.
BUCKET_BYTES = 4_000
KEY_FILE_BYTES = 1_500
# Postings past this many numbers (a term most of a large site's pages hold) get a file of their own.
OWN_FILE_POSTINGS = 400
# Words too common to help, never indexed (the client drops them from queries too).
STOP_WORDS = {
    "en": "a an and are as at be by for from has have in is it its of on or our the this that to was we were with".split(),
    "fr": "au aux avec ce ces dans de des du en est et la le les leur nos notre nous ou par pour qui que sa se son sur un une".split(),
}
_TOKEN = re.compile(r"[a-z0-9]+")
_ORIGINAL_TOKEN = re.compile(r"[^\W_]+")
_XREF = re.compile("\x01([^\x02]*)\x02")
_ACCENTS = re.compile("[\u0300-\u036f]")
_STEMMERS: dict[str, Any] = {}
SEARCH_PAGE = "search"
STATIC = Path(__file__).parent / "theme" / "cds_kb" / "static"
_STEMS: dict[tuple[str, str], str] = {}


# --- words -------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, without accents: ``Numérique`` -> ``numerique``; ``œ`` -> ``oe``.

    The accents are the combining marks the client's ``fold`` removes (U+0300 to U+036F).
    """
    if text.isascii():
        return text.lower()
    return _ACCENTS.sub("", unicodedata.normalize("NFD", text.casefold().replace("œ", "oe").replace("æ", "ae")))


def _words_of_folded(folded: str) -> list[str]:
    return [word for word in _TOKEN.findall(folded) if len(word) > 1]


@functools.lru_cache(maxsize=1 << 16)
def _folded(token: str) -> tuple[str, tuple[str, ...]]:
    """One token of a text folded, and its ``words``: a page repeats its tokens, and pages share them."""
    folded = fold(token)
    return folded, tuple(_words_of_folded(folded))


def words(text: str) -> list[str]:
    """The folded words of a text; one-letter words (l', d', s) are dropped."""
    return _words_of_folded(fold(text))


def stem(word: str, language: str) -> str:
    """Snowball's stem of a folded word (the client stems with the same algorithm)."""
    key = (language, word)
    if key not in _STEMS:
        if language not in _STEMMERS:
            _STEMMERS[language] = Stemmer.Stemmer("french" if language == "fr" else "english")
        _STEMS[key] = _STEMMERS[language].stemWord(word)
    return _STEMS[key]


def terms(text: str, language: str) -> list[str]:
    """The stemmed terms of a text, stop words left out, in order."""
    stop = set(STOP_WORDS.get(language, ()))
    return [stem(word, language) for word in words(text) if word not in stop]


def surfaces(text: str, language: str) -> dict[str, list[str]]:
    """Each term of a text -> the words it comes from, lower case, accents kept, most frequent first.

    What a reader is shown for a term ("Did you mean « partenariats »?") and what typing
    mistakes are counted against: the index holds stems, which are not always words.
    """
    stop = set(STOP_WORDS.get(language, ()))
    found: dict[str, Counter[str]] = {}
    for token in _ORIGINAL_TOKEN.findall(text.lower()):
        folded = _folded(token)[1]
        if len(folded) == 1 and folded[0] not in stop:
            found.setdefault(stem(folded[0], language), Counter())[token] += 1
    return {term: [form for form, _ in forms.most_common()] for term, forms in found.items()}


def edits_allowed(word: str, other: str = "") -> int:
    """Typing mistakes allowed between a word typed and a word of the index: one, two when
    either has eight letters or more (and the word typed six: two letters dropped from
    eight); none under three letters or in a number (2021 is no mistake for 2022).
    The client's ``editsAllowed`` is the same."""
    if word.isdigit() or len(word) < 3:
        return 0
    return 2 if len(word) >= 8 or (len(other) >= 8 and len(word) >= 6) else 1


@functools.lru_cache(maxsize=1 << 16)
def typo_keys(word: str, edits: int = 2) -> frozenset[str]:
    """The typo keys of a word: every ordered pair of letters among its first ``edits + 2``.

    Two words within ``edits`` typing mistakes of each other (insertions, deletions,
    substitutions, swaps of neighbours), anywhere, the first letters included, always
    share a key: deleting the letters each mistake touched leaves both words the same,
    and the first two letters left come from the first ``edits + 2`` of each. So a word's
    neighbours are found in the few key files of its keys, without the whole vocabulary.
    """
    head = word[: edits + 2]
    keys = frozenset(head[i] + head[j] for i in range(len(head)) for j in range(i + 1, len(head)))
    return keys or frozenset({word})


def edit_distance(a: str, b: str, limit: int) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours from a to b; ``limit + 1`` past ``limit``.

    The optimal string alignment distance, which the client's ``distance`` computes too;
    here rapidfuzz's, in C++ (the build compares each maintainers' word with its
    neighbours: over 100,000 calls, 45 times slower in Python).
    """
    return OSA.distance(a, b, score_cutoff=limit)


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
    if docname.startswith(MAINTAINERS_FOLDER):
        kind = MAINTAINING
    title = env.titles[docname].astext() if docname in env.titles else docname
    names = [title]
    if record.get("kind") == ENTRY:
        names += _other_titles(app, docname, str(front_matter.get("title") or title))
    # Entries, and any page (such as the maintainers' section), may give other names.
    aliases = front_matter.get("aliases") or {}
    if isinstance(aliases, dict):
        names += [str(alias) for values in aliases.values() if isinstance(values, list) for alias in values]
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
    forms = surfaces(_XREF.sub(lambda match: match.group(1).replace("-", " "), "\n".join([text, *names])), language)
    record["search"] = {
        "title": title,
        "type": kind,
        "names": list(dict.fromkeys(" ".join(words(name)) for name in names)),
        # Text, weights and words packed (a fifth of the size): the environment carries them for
        # every page, Sphinx loads the environment at every build and copies it back from each -j chunk.
        "text": _pack(text[:MAX_TEXT]),
        "weights": _pack(dict(weights)),
        # The words of each term, unless the term is its only word.
        "surfaces": _pack({term: found for term, found in forms.items() if found != [term] and term in weights}),
    }


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _unpack(packed: bytes) -> Any:
    return json.loads(zlib.decompress(packed))


# --- the index files ---------------------------------------------------------------


def bucket_of(term: str, buckets: int) -> int:
    """The bucket of a term, from its first three letters (the client computes the same).

    Terms that share their first three letters share a bucket, so a query word's
    longer forms and its typing mistakes after the third letter are in the bucket it
    loads; mistakes in the first letters are found through the typo keys.
    """
    number = 0
    for char in term[:3]:
        number = (number * 31 + ord(char)) % 1_000_003
    return number % buckets


def file_of_key(key: str, files: int) -> int:
    """The typo-key file that holds a key (the client computes the same)."""
    return bucket_of(key, files)


def name_key(name: str, language: str) -> tuple[str, str] | None:
    """A page name as the index holds it (``=`` and its folded words) and the term whose bucket holds it.

    The bucket is that of the name's first word that is not a stop word: a query that is
    the name loads it anyway.
    """
    folded = words(name)
    stop = set(STOP_WORDS.get(language, ()))
    first = next((word for word in folded if word not in stop), None)
    return ("=" + " ".join(folded), stem(first, language)) if first else None


def _script(call: str, *args: Any) -> str:
    return f"kbSearch.{call}({','.join(json.dumps(arg, ensure_ascii=False, separators=(',', ':')) for arg in args)});\n"


def _postings(found: list[tuple[int, int]]) -> list[int]:
    """Page numbers and weights, compact: the gap from the previous page, alone when the weight is 1,
    else ``-(gap + 1)`` and the weight (the client's ``postings`` reads it)."""
    encoded, last = [], 0
    for page, weight in found:
        gap, last = page - last, page
        encoded += [gap] if weight == 1 else [-(gap + 1), weight]
    return encoded


def _surface_diff(term: str, word: str) -> str:
    """A term's word as what to keep of the term and what follows: ``notifi``, ``notify`` -> ``5y``."""
    shared = 0
    while shared < min(len(term), len(word)) and term[shared] == word[shared]:
        shared += 1
    return f"{shared}{word[shared:]}"


def _front_coded(names: list[str]) -> list[Any]:
    """Sorted names as (letters shared with the previous one, the rest), flat: short for similar names."""
    coded: list[Any] = []
    previous = ""
    for name in names:
        shared = 0
        while shared < min(len(name), len(previous)) and name[shared] == previous[shared]:
            shared += 1
        coded += [shared, name[shared:]]
        previous = name
    return coded


def within_mistakes(term: str, surface: str, word: str, query_stem: str, more: int = 0) -> bool:
    """Whether searching takes a query word (folded ``word``, stem ``query_stem``) for a
    misspelling of index term ``term`` (standing for the folded word ``surface``): word to
    word or stem to stem, within what their lengths allow, plus ``more`` ("Did you mean"
    allows one more; ``mistakes`` in kb-search.js)."""
    if term == query_stem:
        return False
    by_word = edits_allowed(word, surface) + (more if len(word) >= 3 else 0)
    by_stem = edits_allowed(query_stem, term) + (more if len(query_stem) >= 3 else 0)
    return bool(by_word) and edit_distance(surface, word, by_word) <= by_word or bool(by_stem) and edit_distance(term, query_stem, by_stem) <= by_stem


def _maintainers_words(postings: dict[str, list[tuple[int, int]]], maintainers: set[int], spelled: dict[str, set[str]], language: str) -> set[str]:
    """The terms that only maintainers' pages hold and that are not a misspelling of a searcher's word.

    A query holding one is about maintaining the site (``sphinx``, ``msgstr``,
    ``pagefind``); the typing-mistake examples of the maintainers' guides (``notfy``, even
    ``ntfy``, which "Did you mean" corrects) are not.
    """
    only = {term for term, found in postings.items() if all(page in maintainers for page, _ in found)}
    by_letters: dict[str, list[str]] = {}  # typo key -> searchers' terms
    for term in postings:
        if term not in only:
            for key in set().union(*(typo_keys(form) for form in spelled.get(term, {term}) | {term})):
                by_letters.setdefault(key, []).append(term)
    kept = set()
    for term in only:
        for word in spelled.get(term, {term}):
            neighbours = {other for key in typo_keys(term) | typo_keys(word) for other in by_letters.get(key, ())}
            # A short word two mistakes from a searcher's word is one too: "Did you mean" corrects it.
            more = 1 if len(word) < 6 else 0
            word_stem = stem(word, language)
            if any(within_mistakes(other, form, word, word_stem, more) for other in neighbours for form in spelled.get(other, {other})):
                break
        else:
            kept.add(term)
    return kept


def index_files(app: Sphinx) -> dict[str, str]:
    """Path (under ``_static/kb-search/``) -> content of every index file of this build."""
    env, language = app.env, app.config.language
    records = env.domains["kb"].pages
    # Every page but the one a host shows for a missing address.
    missing = getattr(app.config, "notfound_pagename", None)
    pages = sorted((d, record["search"]) for d, record in records.items() if "search" in record and d in env.all_docs and d != missing)
    ids = env.domains["kb"].ids
    titles = {entry_id: records.get(docname, {}).get("search", {}).get("title", entry_id) for entry_id, docname in ids.items()}
    types = list(type_labels())

    postings: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    named: dict[str, list[int]] = {}
    name_buckets: dict[str, str] = {}
    spelled: defaultdict[str, Counter[str]] = defaultdict(Counter)  # term -> its most frequent word on each page
    spellings: defaultdict[str, set[str]] = defaultdict(set)  # term -> all its words, folded
    for number, (docname, data) in enumerate(pages):
        for term, weight in sorted(_unpack(data["weights"]).items()):
            postings[term].append((number, weight))
        for name in data["names"]:
            key = name_key(name, language)
            if key and number not in named.get(key[0], []):
                named.setdefault(key[0], []).append(number)
                name_buckets[key[0]] = key[1]
        for term, forms in _unpack(data["surfaces"]).items():
            spelled[term][forms[0]] += 1
            spellings[term].update([_folded(form)[0] for form in forms])
    # Plain dicts from here on: looking up a term no page holds must not add it.
    postings, spelled, spellings = dict(postings), dict(spelled), dict(spellings)
    maintainers = {number for number, (_, data) in enumerate(pages) if data["type"] == MAINTAINING}

    spelling = {term: form for term, forms in spelled.items() if (form := forms.most_common(1)[0][0]) != term}
    # Typo key -> the words (folded) of the terms under it: the client compares words typed
    # with words, and stems a word listed to find its term.
    keys: dict[str, set[str]] = {}
    for term in postings:
        if not term.isdigit():
            for word in spellings.get(term, {term}):
                if stem(word, language) == term:
                    for key in typo_keys(term) | typo_keys(word):
                        keys.setdefault(key, set()).add(word)
    maintainers_words = _maintainers_words(postings, maintainers, spellings, language)

    entries: dict[str, Any] = {}
    own_files: dict[str, list[int]] = {}
    for term, found in postings.items():
        surface = _surface_diff(term, spelling[term]) if term in spelling else ""
        encoded = _postings(found)
        if len(encoded) > OWN_FILE_POSTINGS:
            # A term most pages hold: its postings in a file of its own, loaded only when a
            # query matches it, so that it does not weigh on every query of its bucket.
            own_files[term] = encoded
            entries[term] = "@" + surface
        else:
            entries[term] = ([surface] if surface else []) + encoded
    sizes = {term: len(term) + 4 + len(json.dumps(value, separators=(",", ":"))) for term, value in entries.items()}
    buckets = max(1, math.ceil(sum(sizes.values()) / BUCKET_BYTES))
    grouped: list[dict[str, list[Any]]] = [{} for _ in range(buckets)]
    for term in sorted(entries):
        grouped[bucket_of(term, buckets)][term] = entries[term]
    for name, found in sorted(named.items()):
        grouped[bucket_of(name_buckets[name], buckets)][name] = _postings([(page, 1) for page in found])
    flagged: list[list[str]] = [[] for _ in range(buckets)]
    for term in sorted(maintainers_words):
        flagged[bucket_of(term, buckets)].append(term)

    key_sizes = sum(len(key) + 6 + sum(len(term) + 1 for term in terms_) for key, terms_ in keys.items())
    key_files = max(1, math.ceil(key_sizes / KEY_FILE_BYTES))
    key_groups: list[dict[str, str]] = [{} for _ in range(key_files)]
    for key in sorted(keys):
        key_groups[file_of_key(key, key_files)][key] = " ".join(sorted(keys[key]))

    files = {
        "meta.js": _script("meta", {
            "language": language,
            "buckets": buckets,
            "keys": key_files,
            "stop": STOP_WORDS.get(language, []),
            "types": types,
            # One character per page: its type, as a base-36 index into "types".
            "kinds": "".join(_base36(types.index(data["type"] if data["type"] in types else "page")) for _, data in pages),
            "maintaining": types.index(MAINTAINING),
            "pages": _front_coded([docname for docname, _ in pages]),
            # Titles, shown as soon as results are ranked; a page's address is its name and
            # the builder's suffix, unless listed.
            "titles": [data["title"] for _, data in pages],
            "suffix": app.builder.link_suffix,
            "addresses": {number: address for number, (docname, _) in enumerate(pages)
                          if (address := app.builder.get_target_uri(docname)) != docname + app.builder.link_suffix},
        }),
        "stemmer.js": _stemmer_script(language),
    }
    files.update({f"terms-{n}.js": _script("terms", n, bucket, flagged[n]) for n, bucket in enumerate(grouped)})
    files.update({f"postings/{term}.js": _script("postings", term, encoded) for term, encoded in own_files.items()})
    files.update({f"keys-{n}.js": _script("keys", n, group) for n, group in enumerate(key_groups)})
    for docname, data in pages:
        text = _XREF.sub(lambda match: titles.get(match.group(1), match.group(1)), _unpack(data["text"]))
        files[f"text/{docname}.js"] = _script("text", docname, text)
    return files


def _base36(number: int) -> str:
    return "0123456789abcdefghijklmnopqrstuvwxyz"[number]


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


# Files every page loads that the search page does not use (code highlighting, tabs), and
# Sphinx's highlighter of search words, which kb-highlight.js replaces on every page.
SEARCH_PAGE_UNUSED = ("pygments.css", "sphinx-design.min.css", "design-tabs.js")
REPLACED = ("sphinx_highlight.js",)


def _static_name(asset: Any) -> str:
    return str(getattr(asset, "filename", asset)).rsplit("/", 1)[-1]


def _search_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # Every page links the search page (<link rel="search">), which Sphinx no longer makes.
    has_page = context["hasdoc"]
    context["hasdoc"] = lambda name: name == SEARCH_PAGE or has_page(name)
    unused = REPLACED + (SEARCH_PAGE_UNUSED if pagename == SEARCH_PAGE else ())
    for files in ("script_files", "css_files"):
        if files in context:
            context[files] = [asset for asset in context[files] if _static_name(asset) not in unused]
    # What kb-highlight.js says on a page opened from a result (?highlight=WORDS).
    context["kb_highlight"] = {
        "note": str(_("Words from your search are marked on this page: {words}.")),
        "remove": str(_("Remove the marks")),
    }
    if pagename != SEARCH_PAGE:
        return
    context["kb_search"] = {
        "version": context["kb_search_version"],
        "assets": {name: _asset_version(name) for name in ("kb-search.js", "kb-search.css")},
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
            "suggestion": str(_("Did you mean “{suggestion}”?")),
            "empty": str(_("Type one or more words to search.")),
            "results": str(_("Search results")),
            "more": str(_("Show more results")),
        },
    }


@functools.cache
def _asset_version(name: str) -> str:
    return _version((STATIC / name).read_text(encoding="utf-8"))


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
    # Marks the words searched on a page opened from a result; does nothing on other visits.
    app.add_js_file("kb-highlight.js", defer="defer")
    app.connect("html-collect-pages", write_index)
