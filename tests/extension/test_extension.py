"""The cds_kb extension on a small test project (tests/roots/test-kb), with sphinx.testing."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ..conftest import PARENTS, build, built_page, edit, mentioned_in


# Sphinx itself re-writes the section page whose toctree holds an updated page.
def test_entry_page_shows_its_fields_and_backlinks(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    assert not app.warning.getvalue()
    notify = built_page(app, "services/notify")
    facts = {dt.get_text(): dd.get_text(" ", strip=True) for dt, dd in zip(notify.select("dl.kb-facts dt"), notify.select("dl.kb-facts dd"))}
    assert facts["Status"] == "Offered"
    assert facts["Offered by"] == "The Agency"
    assert facts["Also known as"] == "Notifier"
    assert facts["How to reach it"] == "example.org/notify"
    assert notify.select_one("p.kb-summary").get_text() == "Sends messages."
    assert notify.find("meta", attrs={"name": "description"})["content"] == "Sends messages."
    assert mentioned_in(app, "services/notify") == ["First story", "Advice"]
    assert "January 2, 2020" in notify.find(id="mentioned-in").get_text()


def test_post_shows_byline_and_the_entries_it_mentions(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    first = built_page(app, "stories/first")
    byline = first.select_one("p.kb-byline")
    assert byline.get_text() == "By Ada Lovelace, Writer, The Agency · Published January 2, 2020"
    assert byline.find("a")["href"] == "../people/ada.html"
    assert byline.find("time")["datetime"] == "2020-01-02T09:00:00-05:00"
    assert [a.get_text() for a in first.find(id="in-this-story").select("li a")] == ["Notify", "Advice"]
    # The author is linked in the byline, and lists the story under "Mentioned in".
    assert mentioned_in(app, "people/ada") == ["First story"]


def test_post_without_author_or_date_shows_no_byline(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    second = built_page(app, "stories/second")
    assert second.select_one("p.kb-byline") is None
    assert second.find(id="in-this-story") is None


def test_listings_follow_the_entries(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    home = built_page(app, "index")
    assert [a.get_text() for a in home.select(".sd-card-title a")] == ["Advice", "Notify"]
    assert [a.get_text() for a in home.select("ul.kb-listing a")] == ["First story", "Second story"]
    assert home.select_one(".sd-card .kb-status-being-explored").get_text() == "Being explored"


def test_unknown_reference_names_file_and_line(make_app, kb_project):
    (kb_project / "stories" / "third.md").write_text(
        "---\ntype: post\nkey: third\ntitle: Third\ndescription: x\n---\n\nSee {kb}`no-such-entry`.\n", encoding="utf-8"
    )
    app, _, _ = build(make_app, kb_project)
    warnings = app.warning.getvalue()
    assert "third.md:8: WARNING: unknown knowledge-base entry 'no-such-entry'" in warnings


def test_unknown_mention_in_front_matter_names_its_line(make_app, kb_project):
    edit(kb_project / "stories" / "first.md", "mentions: [advice]", "mentions: [advice, nowhere]")
    app, _, _ = build(make_app, kb_project)
    assert "first.md:9: WARNING: unknown knowledge-base entry 'nowhere'" in app.warning.getvalue()


def test_duplicate_id_names_both_files(make_app, kb_project):
    (kb_project / "services" / "copy.md").write_text(
        "---\ntype: service\nid: notify\ntitle: Copy\nsummary: A copy.\n---\n\nCopy.\n", encoding="utf-8"
    )
    app, _, _ = build(make_app, kb_project)
    warnings = app.warning.getvalue()
    assert "duplicate knowledge-base id 'notify'" in warnings
    # Whichever of the two is read second is named with its line, the other by its path.
    assert "services/copy.md" in warnings and "services/notify.md" in warnings
    assert "md:3: WARNING" in warnings


def test_rebuild_with_nothing_changed_reads_and_writes_nothing(make_app, kb_project):
    build(make_app, kb_project)
    _, read, written = build(make_app, kb_project)
    assert (read, written) == (set(), set())


def _mtimes(*folders: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for folder in folders for path in Path(folder).rglob("*") if path.is_file()}


def test_rebuild_with_nothing_changed_touches_no_file(make_app, kb_project):
    # Sphinx's per-build files (static files, inventory, build info), furo's style sheet, the
    # year archives, the search page and index, the feed and the sitemap: none is written again.
    app, _, _ = build(make_app, kb_project)
    before = _mtimes(app.outdir, app.doctreedir)
    assert any(path.name == "2020.html" for path in before) and any(path.name == "meta.js" for path in before)
    time.sleep(0.01)  # a file written again would get another modification time
    app, _, _ = build(make_app, kb_project)
    assert _mtimes(app.outdir, app.doctreedir) == before


def test_generated_pages_follow_an_edit(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    archive = Path(app.outdir) / "stories" / "2020.html"
    edit(kb_project / "stories" / "first.md", "title: First story", "title: First tale")
    app, _, _ = build(make_app, kb_project)
    assert "First tale" in archive.read_text(encoding="utf-8")
    assert "First tale" in (Path(app.outdir) / "_static" / "kb-search" / "meta.js").read_text(encoding="utf-8")


def test_adding_a_reference_updates_the_backlinks_without_rereading(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    assert mentioned_in(app, "organizations/agency") == ["Notify"]
    edit(kb_project / "stories" / "second.md", "no mentions.", "no mentions, but {kb}`agency`.")
    app, read, written = build(make_app, kb_project)
    assert read == {"stories/second"}
    assert written - PARENTS == {"stories/second", "organizations/agency"}
    assert mentioned_in(app, "organizations/agency") == ["Second story", "Notify"]


def test_removing_a_reference_updates_the_backlinks(make_app, kb_project):
    build(make_app, kb_project)
    edit(kb_project / "stories" / "first.md", "We used {kb}`notify` to", "We used a service to")
    app, read, written = build(make_app, kb_project)
    assert read == {"stories/first"}
    assert "services/notify" in written
    assert mentioned_in(app, "services/notify") == ["Advice"]


def test_editing_text_rewrites_only_that_page(make_app, kb_project):
    build(make_app, kb_project)
    edit(kb_project / "stories" / "first.md", "to send messages", "to send many messages")
    _, read, written = build(make_app, kb_project)
    assert read == {"stories/first"}
    assert written - PARENTS == {"stories/first"}


def test_renaming_an_entry_updates_the_pages_that_link_to_it(make_app, kb_project):
    build(make_app, kb_project)
    edit(kb_project / "services" / "notify.md", "title: Notify", "title: Notify Plus")
    app, read, written = build(make_app, kb_project)
    assert read == {"services/notify"}
    assert {"stories/first", "services/advice", "index"} <= written
    assert [a.get_text() for a in built_page(app, "stories/first").find(id="in-this-story").select("li a")] == ["Notify Plus", "Advice"]


def test_adding_an_entry_updates_its_section_and_the_listings(make_app, kb_project):
    build(make_app, kb_project)
    (kb_project / "services" / "forms.md").write_text(
        "---\ntype: service\nid: forms\ntitle: Forms\nsummary: Builds forms.\nstatus: offered\n---\n\nForms.\n", encoding="utf-8"
    )
    app, read, written = build(make_app, kb_project)
    assert read == {"services/forms", "services/index"}
    assert "index" in written
    assert [a.get_text() for a in built_page(app, "index").select(".sd-card-title a")] == ["Advice", "Forms", "Notify"]


def test_parallel_build_gives_the_same_pages(make_app, tmp_path, rootdir):
    import shutil

    outputs = {}
    for jobs in (1, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(rootdir / "test-kb", srcdir)
        app, _, _ = build(make_app, srcdir, parallel=jobs)
        outputs[jobs] = {
            path.relative_to(app.outdir).as_posix(): path.read_bytes()
            for path in sorted(Path(app.outdir).rglob("*.html"))
        }
    assert outputs[1].keys() == outputs[2].keys()
    assert [name for name in outputs[1] if outputs[1][name] != outputs[2][name]] == []


@pytest.mark.parametrize("status", ["retired", "unknown-status"])
def test_status_values(make_app, kb_project, status):
    edit(kb_project / "services" / "advice.md", "status: being-explored", f"status: {status}")
    app, _, _ = build(make_app, kb_project)
    if status == "retired":
        assert built_page(app, "services/advice").select_one(".kb-status-retired").get_text() == "Retired"
    else:
        assert "advice.md:6: WARNING: front matter 'status': 'unknown-status' is not right for a service; write one of offered, being-explored, retired" in app.warning.getvalue()


def sidebar(app, docname: str) -> list[tuple[str, str]]:
    """(text, level) of each link in the sidebar navigation, current page marked with '*'."""
    nav = built_page(app, docname).select_one("nav.sidebar-tree")
    return [
        (("*" if "current" in a.get("class", []) else "") + a.get_text(), li["class"][0])
        for li in nav.select("li") for a in li.find_all("a", recursive=False)
    ]


def test_sidebar_shows_the_sections_and_the_current_sections_pages(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    assert sidebar(app, "services/notify") == [
        ("Services", "toctree-l1"), ("Advice", "toctree-l2"), ("*Notify", "toctree-l2"),
        ("Stories", "toctree-l1"), ("Organizations", "toctree-l1"), ("People", "toctree-l1"),
    ]
    assert sidebar(app, "index") == [("Services", "toctree-l1"), ("Stories", "toctree-l1"), ("Organizations", "toctree-l1"), ("People", "toctree-l1")]
    # Furo's own navigation tree, which the sidebar replaces, is not computed (it costs O(pages) per page).
    assert "sidebar-tree" in str(built_page(app, "index").select_one(".sidebar-drawer"))


def test_sidebar_of_a_large_section_shows_only_the_current_page(make_app, kb_project, monkeypatch):
    from cds_kb.sphinxext import navigation

    monkeypatch.setattr(navigation, "EXPANDED_PAGES", 1)
    app, _, _ = build(make_app, kb_project)
    assert sidebar(app, "stories/second") == [
        ("Services", "toctree-l1"), ("Stories", "toctree-l1"), ("*Second story", "toctree-l2"),
        ("Organizations", "toctree-l1"), ("People", "toctree-l1"),
    ]
    assert ("First story", "toctree-l2") not in sidebar(app, "stories/index")


def test_furo_computes_no_navigation_tree(make_app, kb_project):
    computed = []
    app = make_app("html", srcdir=kb_project)
    app.connect("html-page-context", lambda app, name, template, context, doctree: computed.append(context.get("furo_navigation_tree")), priority=900)
    app.build()
    assert computed and set(computed) == {""}


def test_changes_are_found_in_one_pass_as_one_by_one(make_app, kb_project):
    app, _, _ = build(make_app, kb_project)
    domain = app.env.domains["kb"]
    records = list(domain.pages.values())
    changes = [(None, record) for record in records] + [(record, {**record, "title": "Renamed"}) for record in records]
    one_by_one = set().union(*(domain.pages_showing_change(old, new) for old, new in changes))
    assert domain.pages_showing_changes(changes) == one_by_one
    assert {"index", "services/notify", "stories/first"} <= one_by_one


def test_translated_doctrees_do_not_carry_the_environment(make_app, kb_project):
    """A French doctree stays the size of its page: its nodes keep no link to the message documents."""
    import pickle

    catalog = kb_project / "locale" / "fr" / "LC_MESSAGES" / "stories" / "first.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "First story"\nmsgstr "Premier récit"\n\n'
        'msgid "We used {kb}`notify` to send messages."\nmsgstr "Nous avons utilisé {kb}`notify` pour envoyer des messages."\n',
        encoding="utf-8",
    )
    app = make_app("html", srcdir=kb_project, confoverrides={"language": "fr", "locale_dirs": ["locale"], "gettext_compact": False})
    app.build()
    assert "Nous avons utilisé" in built_page(app, "stories/first").get_text()
    doctree = pickle.loads((Path(app.doctreedir) / "stories" / "first.doctree").read_bytes())
    foreign = [node for node in doctree.findall() if node.document is not doctree]
    assert foreign == []


def test_every_per_page_fact_is_in_the_domain_record(make_app, kb_project):
    """One store: no side store in the environment; each page's record holds what the checks,
    the notice and search need, with the line of each field."""
    app, _, _ = build(make_app, kb_project)
    assert [name for name in vars(app.env) if name.startswith("kb")] == []
    record = app.env.domains["kb"].pages["stories/first"]
    assert record["kind"] == "post" and record["authors"] == ["Ada Lovelace"] and record["key"]
    assert record["lines"]["author"] == 5 and record["lines"]["mentions"] == 9
    assert {"title", "weights", "text"} <= record["search"].keys()
    # Pages without a type (section pages) have a record too: search and the notice need one.
    assert "search" in app.env.domains["kb"].pages["services/index"]


def test_a_byline_finds_its_person_by_name_whatever_the_entry_id(make_app, kb_project):
    # The person entry's id is not the slug of its title ("ada", not "ada-lovelace").
    edit(kb_project / "people" / "ada.md", "id: ada-lovelace", "id: ada")
    app, _, _ = build(make_app, kb_project)
    assert not app.warning.getvalue()
    assert app.env.domains["kb"].person_for("Ada Lovelace") == "people/ada"
    assert built_page(app, "stories/first").select_one("p.kb-byline a")["href"] == "../people/ada.html"


def test_the_link_map_marks_one_language_links_and_its_edits_reach_every_page_showing_them(make_app, kb_project):
    """A destination in French only is marked on English pages, in the entry and in the listing
    cards; editing the map re-reads the pages that link outside, and only them."""
    link_map = kb_project / "locales" / "links.csv"
    link_map.parent.mkdir()
    link_map.write_text("english,french,status,source\n,https://example.org/notify,french-only,its own page\n", encoding="utf-8")
    app, _, _ = build(make_app, kb_project)
    assert not app.warning.getvalue()
    link = built_page(app, "services/notify").select_one("dl.kb-facts a[href='https://example.org/notify']")
    assert link["hreflang"] == "fr"
    marker = link.find_next_sibling("span")
    assert marker["class"] == ["kb-language-only"] and marker.get_text() == "(French only)"
    card = built_page(app, "index").select_one(".kb-reach")
    assert card.select_one("a")["hreflang"] == "fr" and "(French only)" in card.get_text()

    link_map.write_text("english,french,status,source\nhttps://example.org/notify,,unverified,not found yet\n", encoding="utf-8")
    later = time.time() + 4
    os.utime(link_map, (later, later))
    app, read, written = build(make_app, kb_project)
    assert read == {"services/notify"}  # the one page that links outside
    assert "index" in written  # its card shows the address
    link = built_page(app, "services/notify").select_one("dl.kb-facts a[href='https://example.org/notify']")
    assert not link.get("hreflang") and link.find_next_sibling("span") is None
    assert "(French only)" not in built_page(app, "index").select_one(".kb-reach").get_text()
