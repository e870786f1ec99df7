"""Search: word handling, the index the build writes (real site and test project), incremental builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cds_kb.sphinxext import search

from ..conftest import build, edit


def index_data(outdir: Path, name: str):
    """The data an index file hands to kbSearch."""
    text = (outdir / "_static" / "kb-search" / name).read_text(encoding="utf-8")
    match = re.fullmatch(r"kbSearch\.\w+\((.*)\);\n", text, re.S)
    return json.loads(f"[{match.group(1)}]")


def docnames(outdir: Path) -> list[str]:
    """The index's pages, in their numbers' order (meta.js front-codes them)."""
    coded = index_data(outdir, "meta.js")[0]["pages"]
    found, previous = [], ""
    for shared, rest in zip(coded[::2], coded[1::2]):
        previous = previous[:shared] + rest
        found.append(previous)
    return found


def pages_of(postings: list) -> list[tuple[int, int]]:
    """(page number, weight) of a term's postings, as the client reads them."""
    found, page, i = [], 0, 1 if postings and isinstance(postings[0], str) else 0
    while i < len(postings):
        if postings[i] < 0:
            page += -postings[i] - 1
            found.append((page, postings[i + 1]))
            i += 2
        else:
            page += postings[i]
            found.append((page, 1))
            i += 1
    return found


def buckets(outdir: Path) -> list[tuple[dict, list[str]]]:
    """Each term bucket: (term or "=name" -> postings, the maintainers' words in it)."""
    return [tuple(index_data(outdir, path.name)[1:]) for path in sorted((outdir / "_static" / "kb-search").glob("terms-*.js"))]


def names(outdir: Path) -> dict[str, list[str]]:
    """Page -> its names (folded), from the "=name" entries of the buckets."""
    pages = docnames(outdir)
    found: dict[str, list[str]] = {}
    for entries, _ in buckets(outdir):
        for key, postings in entries.items():
            if key.startswith("="):
                for number, _ in pages_of(postings):
                    found.setdefault(pages[number], []).append(key[1:])
    return found


def maintainers_words(outdir: Path) -> set[str]:
    return {word for _, words in buckets(outdir) for word in words}


@pytest.mark.parametrize("word", ["numerique", "Numérique", "numériques", "NUMÉRIQUES"])
def test_french_words_fold_and_stem_alike(word):
    assert search.terms(word, "fr") == search.terms("numérique", "fr")


@pytest.mark.parametrize("text, folded", [
    ("Numérique", "numerique"), ("ŒUVRE Cœur", "oeuvre coeur"), ("Straße", "strasse"), ("Plain ASCII", "plain ascii"),
    # Only the marks kb-search.js's fold removes (U+0300 to U+036F): the client and the index agree.
    ("e\u20d7", "e\u20d7"),
])
def test_fold_removes_the_accents_the_client_removes(text, folded):
    assert search.fold(text) == folded


def test_english_stems_english_and_drops_stop_words():
    assert search.terms("the partnerships of services", "en") == search.terms("partnership service", "en")
    assert search.words("l’Ontario d'apprentissage Œuvre") == ["ontario", "apprentissage", "oeuvre"]


EDITS = {
    "delete": lambda word, i: word[:i] + word[i + 1 :],
    "insert": lambda word, i: word[:i] + "q" + word[i:],
    "substitute": lambda word, i: word[:i] + ("q" if word[i] != "q" else "z") + word[i + 1 :],
    "swap": lambda word, i: word[:i] + word[i + 1] + word[i] + word[i + 2 :] if i + 1 < len(word) else word,
}


@pytest.mark.parametrize("word", ["notify", "consulting", "partenariats", "ods", "energuide", "luciani"])
def test_a_word_within_its_mistakes_shares_a_typo_key_wherever_the_mistakes_are(word):
    for first_name, first in EDITS.items():
        for i in range(len(word)):
            once = first(word, i)
            assert search.typo_keys(word, 1) & search.typo_keys(once, 1), (first_name, i, once)
            assert search.edit_distance(word, once, 1) <= 1
            # Two mistakes are allowed from six letters.
            for second in EDITS.values() if len(word) >= 6 else ():
                for j in range(len(once)):
                    twice = second(once, j)
                    assert search.typo_keys(word, 2) & search.typo_keys(twice, 2), (word, twice)


def test_edit_distance_counts_insertions_deletions_substitutions_and_swaps():
    assert search.edit_distance("notify", "ntify", 2) == 1
    assert search.edit_distance("notify", "onitfy", 2) == 2
    assert search.edit_distance("consulting", "cnsultng", 2) == 2
    assert search.edit_distance("partenariats", "prtenariats", 2) == 1
    assert search.edit_distance("notify", "zzzzzz", 2) == 3  # past the limit: limit + 1
    assert [search.edits_allowed(word) for word in ("od", "ods", "notify", "energuide", "2021")] == [0, 1, 1, 2, 0]
    assert search.edits_allowed("laring", "learning") == 2  # two letters dropped from eight


def test_every_term_has_one_bucket_the_client_can_compute():
    assert search.bucket_of("notifi", 7) == ((ord("n") * 31 + ord("o")) * 31 + ord("t")) % 7
    assert search.bucket_of("notif", 7) == search.bucket_of("notifi", 7)
    assert search.bucket_of("x", 3) == ord("x") % 3


@pytest.mark.parametrize("language", ["en", "fr"])
def test_entry_names_come_from_titles_aliases_and_translations(site, language):
    found = names(site / language)
    # Both languages' names, from the front matter and the French page catalog.
    assert {"gc notify", "notify", "notification gc"} <= set(found["services/gc-notify"])
    assert {"canadian digital service", "cds", "service numerique canadien", "snc"} <= set(found["organizations/canadian-digital-service"])
    assert "ods" in found["organizations/ontario-digital-service"]


def test_index_gives_each_page_its_type_title_and_text(site):
    meta = index_data(site / "fr", "meta.js")[0]
    kinds = dict(zip(docnames(site / "fr"), (meta["types"][int(kind, 36)] for kind in meta["kinds"])))
    assert kinds["services/gc-notify"] == "service" and kinds["stories/pivoting-how-we-partner"] == "post"
    assert kinds["people/index"] == "page"
    # The maintainers' pages have a type of their own; the page shown for a missing address is not indexed.
    assert {kind for docname, kind in kinds.items() if docname.startswith("maintaining/")} == {"maintaining"}
    assert "404" not in kinds
    titles = dict(zip(docnames(site / "fr"), meta["titles"]))
    assert titles["services/gc-notify"] == "Notification GC" and meta["suffix"] == ".html" and meta["addresses"] == {}
    docname, text = index_data(site / "fr", "text/services/gc-notify.js")
    assert docname == "services/gc-notify" and "Service numérique canadien" in text
    # Links to entries by id show the entry's title, in the page's language.
    _, story = index_data(site / "fr", "text/stories/pivoting-how-we-partner.js")
    assert "\x01" not in story and "Notification GC" in story


@pytest.mark.parametrize("language", ["en", "fr"])
def test_buckets_give_each_term_its_word_and_compact_postings(site, language):
    entries = {term: postings for bucket, _ in buckets(site / language) for term, postings in bucket.items()}
    pages = docnames(site / language)
    notify = search.terms("notify", language)[0] if language == "en" else search.terms("notification", language)[0]
    postings = entries[notify]
    assert isinstance(postings[0], str)  # the word the term stands for, as what to keep and add
    kept = int(re.match(r"\d+", postings[0]).group())
    assert notify[:kept] + postings[0][len(str(kept)):] in {"notify", "notification", "notifications"}
    found = dict(pages_of(postings))
    assert found[pages.index("services/gc-notify")] >= search.NAME_WEIGHT


def test_typo_keys_list_each_word_under_every_key_it_has(site):
    keys = {}
    for path in (site / "en" / "_static" / "kb-search").glob("keys-*.js"):
        keys.update(index_data(site / "en", path.name)[1])
    for key in search.typo_keys("notify"):
        assert "notify" in keys[key].split()
    # A word misspelt in its first letters shares a key with the word.
    assert {"notify"} & {word for key in search.typo_keys("ntify", 1) for word in keys.get(key, "").split()}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_maintainers_words_are_theirs_alone_and_not_misspellings(site, language):
    words = maintainers_words(site / language)
    assert {"sphinx", "msgstr"} <= words
    # The typing-mistake examples of the search guide are misspellings of searchers' words.
    assert not {search.stem(word, language) for word in ("notfy", "notificaton", "cnsulting", "ntify", "prtenariats")} & words
    # A word searchers' pages hold is never one.
    assert not {search.stem(word, language) for word in ("notify", "service", "canada")} & words


@pytest.mark.parametrize("language", ["en", "fr"])
def test_search_page_has_labelled_controls_a_live_region_and_no_inline_script(site, language):
    page = BeautifulSoup((site / language / "search.html").read_text(encoding="utf-8"), "html.parser")
    for control in page.select("#kb-search input, #kb-search select"):
        assert page.find("label", attrs={"for": control["id"]}).get_text(strip=True)
    status = page.find(id="kb-search-status")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    assert page.find(id="search-results") is not None
    # The client, its stemmer and the index's list of pages are files (a strict CSP allows
    # them); no inline script of search's.
    assert len([script for script in page.find_all("script", src=True) if "kb-search" in script["src"]]) == 3
    assert not [script for script in page.find_all("script", src=False) if "kbSearch" in script.get_text()]
    assert not page.find_all(attrs={re.compile("^on"): True})


@pytest.mark.parametrize("language", ["en", "fr"])
def test_search_page_loads_only_what_it_uses_and_every_page_the_highlighter(site, language):
    loaded = lambda page: [tag.get("src") or tag.get("href") for tag in page.select("script[src], link[rel=stylesheet]")]
    search_page = loaded(BeautifulSoup((site / language / "search.html").read_text(encoding="utf-8"), "html.parser"))
    assert not [url for url in search_page if any(name in url for name in search.SEARCH_PAGE_UNUSED)]
    story = BeautifulSoup((site / language / "stories" / "pivoting-how-we-partner.html").read_text(encoding="utf-8"), "html.parser")
    # Sphinx's highlighter is replaced by the project's, on every page.
    assert any("kb-highlight.js" in url for url in loaded(story)) and not any("sphinx_highlight" in url for url in loaded(story))
    note = story.find(id="kb-highlight-note")
    assert note.has_attr("hidden") and note["role"] == "status" and "{words}" in note["data-note"] and note["data-remove"]


def test_french_search_page_labels_are_french(site):
    page = BeautifulSoup((site / "fr" / "search.html").read_text(encoding="utf-8"), "html.parser")
    options = [option.get_text() for option in page.select("#kb-search-type option")]
    assert options[0] == "Tous les types" and "Article" in options and "Organisation" in options
    form = page.find(id="kb-search")
    assert form["data-results-many"] == "{count} résultats pour «\u00a0{query}\u00a0»"
    assert page.find("label", attrs={"for": "kb-search-query"}).get_text() == "Rechercher dans la base de connaissances"
    assert form["data-suggestion"] == "Vouliez-vous dire «\u00a0{suggestion}\u00a0»\u00a0?"
    assert "Maintenance du site" in options
    story = BeautifulSoup((site / "fr" / "stories" / "pivoting-how-we-partner.html").read_text(encoding="utf-8"), "html.parser")
    note = story.find(id="kb-highlight-note")
    assert note["data-note"] == "Les mots de votre recherche sont mis en évidence sur cette page\u00a0: {words}."
    assert note["data-remove"] == "Retirer la mise en évidence"


def test_index_follows_the_pages_and_is_not_rewritten_when_nothing_changed(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    outdir = Path(app.outdir)
    assert {"notify", "notifier", "notification"} <= set(names(outdir)["services/notify"])
    meta = outdir / "_static" / "kb-search" / "meta.js"
    written = meta.stat().st_mtime_ns

    app, read, written_pages = build(make_app, kb_project)
    assert read == set() and meta.stat().st_mtime_ns == written

    edit(kb_project / "services" / "notify.md", "en: [Notifier]", "en: [Messenger]")
    (kb_project / "stories" / "second.md").unlink()
    app, read, _ = build(make_app, kb_project)
    found = names(outdir)
    assert "messenger" in found["services/notify"] and "notifier" not in found["services/notify"]
    assert "stories/second" not in found
    assert not (outdir / "_static" / "kb-search" / "text" / "stories" / "second.js").exists()


def test_a_term_most_pages_hold_has_its_postings_in_a_file_of_its_own(make_app, kb_project, monkeypatch):
    monkeypatch.setattr(search, "OWN_FILE_POSTINGS", 2)
    app, _, _ = build(make_app, kb_project)
    outdir = Path(app.outdir)
    entries = {term: postings for bucket, _ in buckets(outdir) for term, postings in bucket.items()}
    own = [term for term, postings in entries.items() if isinstance(postings, str)]
    assert own and all(entries[term].startswith("@") for term in own)
    for term in own:
        named, postings = index_data(outdir, f"postings/{term}.js")
        assert named == term and len(postings) > 2
    # Only those: the other terms keep their postings in their bucket.
    assert all(len([n for n in postings if not isinstance(n, str)]) <= 2 for term, postings in entries.items() if not isinstance(postings, str) and not term.startswith("="))
