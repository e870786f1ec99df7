"""Taxonomy, feeds, sitemaps, metadata and the 404 page on a small project (tests/roots/test-taxonomy)."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from ..conftest import build, built_page, edit

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "https://example.org/kb/en/"


@pytest.fixture
def project(tmp_path: Path, rootdir: Path) -> Path:
    srcdir = tmp_path / "taxonomy"
    shutil.copytree(rootdir / "test-taxonomy", srcdir)
    return srcdir


def post_list(app, docname: str, section_id: str) -> list[str]:
    section = built_page(app, docname).find(id=section_id)
    return [item.get_text(" ", strip=True) for item in section.select("li")] if section else []


def topics_of(app, docname: str) -> list[str]:
    line = built_page(app, docname).select_one("p.kb-topics")
    return [a.get_text() for a in line.find_all("a")] if line else []


def feed_titles(app) -> list[str]:
    feed = ElementTree.parse(Path(app.outdir) / "atom.xml").getroot()
    return [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


def sitemap_locs(app) -> list[str]:
    root = ElementTree.parse(Path(app.outdir) / "sitemap.xml").getroot()
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def test_posts_link_their_topics_and_topics_list_their_posts(make_app, project):
    app, _, _ = build(make_app, project)
    assert not app.warning.getvalue()
    assert topics_of(app, "stories/third") == ["News", "How-to"]
    assert built_page(app, "stories/third").select_one("p.kb-topics a")["href"] == "../topics/news.html"
    assert topics_of(app, "stories/second") == []
    assert post_list(app, "topics/news", "stories-on-this-topic") == ["Third story — March 4, 2021", "First story — January 2, 2020"]
    # Tags are not mentions: no second list of the same posts, and no topic under "In this story".
    assert built_page(app, "topics/news").find(id="mentioned-in") is None
    assert built_page(app, "stories/third").find(id="in-this-story") is None


def test_author_pages_list_their_stories(make_app, project):
    app, _, _ = build(make_app, project)
    ada = built_page(app, "people/ada")
    assert ada.find(id="stories-by").find("h2").get_text(strip=True).rstrip("¶") == "Stories by Ada Lovelace"
    assert post_list(app, "people/ada", "stories-by") == ["Third story — March 4, 2021", "First story — January 2, 2020"]
    # Someone who wrote nothing gets no empty section.
    assert built_page(app, "people/bob").find(id="stories-by") is None


def test_year_archives_list_each_years_posts(make_app, project):
    app, _, _ = build(make_app, project)
    archive = built_page(app, "stories/2021")
    assert archive.find("h1").get_text() == "Stories from 2021"
    assert [a.get_text() for a in archive.select("ul.kb-listing a")] == ["Third story"]
    assert archive.select_one("ul.kb-listing time")["datetime"] == "2021-03-04T10:00:00+00:00"
    assert not (Path(app.outdir) / "stories" / "None.html").exists()
    stories = built_page(app, "stories/index")
    assert [(a.get_text(), a["href"]) for a in stories.select("ul.kb-archive-years a")] == [("2021", "2021.html"), ("2020", "2020.html")]
    # A generated page has the language toggle and the metadata of any page.
    assert archive.select_one("nav.kb-language-bar a")["href"] == "../../fr/stories/2021.html"
    assert archive.find("meta", property="og:url")["content"] == BASE + "stories/2021.html"


def test_tagging_a_post_updates_the_topic_page_without_rereading_it(make_app, project):
    build(make_app, project)
    edit(project / "stories" / "second.md", "description: The second story.", "description: The second story.\ntags: [howto]")
    app, read, written = build(make_app, project)
    assert read == {"stories/second"}
    assert "topics/howto" in written and "topics/news" not in written
    assert post_list(app, "topics/howto", "stories-on-this-topic") == ["Third story — March 4, 2021", "Second story"]
    assert topics_of(app, "stories/second") == ["How-to"]


def test_untagging_a_post_updates_the_topic_page(make_app, project):
    build(make_app, project)
    edit(project / "stories" / "first.md", "tags: [news]", "tags: []")
    app, read, written = build(make_app, project)
    assert read == {"stories/first"}
    assert "topics/news" in written
    assert post_list(app, "topics/news", "stories-on-this-topic") == ["Third story — March 4, 2021"]
    assert feed_titles(app) == ["Third story", "First story"]


def test_renaming_a_topic_updates_the_posts_tagged_with_it(make_app, project):
    build(make_app, project)
    edit(project / "topics" / "howto.md", "title: How-to", "title: Guides")
    app, read, written = build(make_app, project)
    assert read == {"topics/howto"}
    assert {"stories/third", "topics/index"} <= written
    assert topics_of(app, "stories/third") == ["News", "Guides"]


def test_changing_a_posts_date_or_author_updates_archives_author_pages_and_feed(make_app, project):
    build(make_app, project)
    edit(project / "stories" / "first.md", '"2020-01-02T09:00:00-05:00"', '"2022-05-06T09:00:00-04:00"')
    app, read, written = build(make_app, project)
    assert read == {"stories/first"}
    assert {"people/ada", "topics/news", "stories/index"} <= written
    assert post_list(app, "people/ada", "stories-by")[0] == "First story — May 6, 2022"
    assert (Path(app.outdir) / "stories" / "2022.html").exists()
    assert feed_titles(app) == ["First story", "Third story"]
    edit(project / "stories" / "first.md", "author: Ada Lovelace", "author: Bob")
    app, read, written = build(make_app, project)
    assert {"people/ada", "people/bob"} <= written
    assert post_list(app, "people/bob", "stories-by") == ["First story — May 6, 2022"]
    assert post_list(app, "people/ada", "stories-by") == ["Third story — March 4, 2021"]


def test_no_op_rebuild_reads_and_writes_nothing_and_keeps_sitemap_and_feed_complete(make_app, project):
    app, _, _ = build(make_app, project)
    outputs = {name: (Path(app.outdir) / name).read_bytes() for name in ("atom.xml", "sitemap.xml")}
    app, read, written = build(make_app, project)
    assert (read, written) == (set(), set())
    assert {name: (Path(app.outdir) / name).read_bytes() for name in outputs} == outputs
    # After an edit, the sitemap still lists every page, not only the pages written.
    edit(project / "topics" / "news.md", "News body.", "News body, edited.")
    app, read, _ = build(make_app, project)
    assert read == {"topics/news"}
    assert (Path(app.outdir) / "sitemap.xml").read_bytes() == outputs["sitemap.xml"]


def test_sitemap_lists_every_page_with_its_alternates(make_app, project):
    app, _, _ = build(make_app, project)
    locs = sitemap_locs(app)
    expected = sorted(app.env.found_docs - {"404"}) + ["stories/2020", "stories/2021"]
    assert locs == [BASE + name + ".html" for name in sorted(expected)]
    urls = ElementTree.parse(Path(app.outdir) / "sitemap.xml").getroot().findall(f"{SITEMAP}url")
    first = next(url for url in urls if url.findtext(f"{SITEMAP}loc") == BASE + "stories/first.html")
    alternates = {link.get("hreflang"): link.get("href") for link in first.findall(f"{XHTML}link")}
    assert alternates == {
        "en": "https://example.org/kb/en/stories/first.html",
        "fr": "https://example.org/kb/fr/stories/first.html",
        "x-default": "https://example.org/kb/index.html",
    }


def test_feed_lists_dated_posts_newest_first(make_app, project):
    app, _, _ = build(make_app, project)
    feed = ElementTree.parse(Path(app.outdir) / "atom.xml").getroot()
    assert feed.findtext(f"{ATOM}updated") == "2021-03-04T10:00:00+00:00"
    assert feed.findtext(f"{ATOM}id") == BASE + "atom.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Third story", "First story"]
    third = entries[0]
    assert third.find(f"{ATOM}link").get("href") == BASE + "stories/third.html"
    assert third.findtext(f"{ATOM}summary") == "The third story."
    assert third.findtext(f"{ATOM}author/{ATOM}name") == "Ada Lovelace"
    assert third.findtext(f"{ATOM}author/{ATOM}uri") == BASE + "people/ada.html"
    assert [c.get("label") for c in third.findall(f"{ATOM}category")] == ["News", "How-to"]
    head = built_page(app, "stories/third").find("link", type="application/atom+xml")
    assert head["rel"] == ["alternate"] and head["href"] == "../atom.xml"


def test_opengraph_and_description(make_app, project):
    app, _, _ = build(make_app, project)
    first = built_page(app, "stories/first")

    def og(soup: BeautifulSoup, name: str) -> str | None:
        tag = soup.find("meta", property=name)
        return tag["content"] if tag else None

    assert og(first, "og:type") == "article"
    assert og(first, "og:title") == "First story"
    assert og(first, "og:url") == BASE + "stories/first.html"
    assert og(first, "og:description") == "The first story."
    assert og(first, "og:locale") == "en_CA" and og(first, "og:locale:alternate") == "fr_CA"
    assert og(first, "og:image") == "https://images.example/first.png"
    assert og(first, "og:image:alt") == "A picture of the first story."
    properties = [tag["property"] for tag in first.find_all("meta", property=True)]
    assert properties.index("og:image") + 1 == properties.index("og:image:alt")
    assert [m["content"] for m in first.find_all("meta", attrs={"name": "description"})] == ["The first story."]
    assert first.find("meta", attrs={"name": "kb:image-alt"}) is None
    # A page with no description field: its first paragraph.
    home = built_page(app, "index")
    assert og(home, "og:type") == "website"
    assert home.find("meta", attrs={"name": "description"})["content"] == "The home page of the test site."
    assert og(built_page(app, "stories/third"), "og:image") is None
    assert first.find("link", rel="canonical")["href"] == BASE + "stories/first.html"


def test_not_found_page_links_work_from_any_depth(make_app, project):
    app, _, _ = build(make_app, project)
    notfound = built_page(app, "404")
    assert notfound.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert notfound.select_one("article a.reference")["href"] == "/kb/en/index.html"
    assert notfound.select_one("nav.kb-language-bar a")["href"] == "/kb/fr/404.html"
    stylesheets = [link["href"] for link in notfound.find_all("link", rel="stylesheet")]
    assert stylesheets and all(href.startswith("/kb/en/_static/") for href in stylesheets)
    assert notfound.find("link", type="application/atom+xml")["href"] == "/kb/en/atom.xml"
    assert BASE + "404.html" not in sitemap_locs(app)


def test_parallel_build_gives_the_same_feed_and_sitemap(make_app, tmp_path, rootdir):
    outputs = {}
    for jobs in (1, 2):
        srcdir = tmp_path / f"j{jobs}"
        shutil.copytree(rootdir / "test-taxonomy", srcdir)
        app, _, _ = build(make_app, srcdir, parallel=jobs)
        outputs[jobs] = [(Path(app.outdir) / name).read_bytes() for name in ("atom.xml", "sitemap.xml", "stories/2021.html", "topics/news.html")]
    assert outputs[1] == outputs[2]


def test_base_url_must_be_absolute(make_app, project):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="html_baseurl must be the absolute address"):
        make_app("html", srcdir=project, confoverrides={"html_baseurl": "kb/"})


# --- Several authors: the byline, the author pages and the feed follow ---------------------------


def test_a_post_by_several_authors_links_each_and_lists_on_each_page(make_app, project):
    edit(project / "stories" / "second.md", "description: The second story.",
         'author: [Ada Lovelace, Bob]\nrole: Writers\ndate: "2019-05-06T09:00:00-04:00"\ndescription: The second story.')
    app, _, _ = build(make_app, project)
    assert not app.warning.getvalue()
    byline = built_page(app, "stories/second").select_one("p.kb-byline")
    # One role for both: the names joined as English joins a list (Babel's CLDR patterns).
    assert byline.get_text() == "By Ada Lovelace and Bob, Writers · Published May 6, 2019"
    assert [a["href"] for a in byline.find_all("a")] == ["../people/ada.html", "../people/bob.html"]
    assert "Second story — May 6, 2019" in post_list(app, "people/ada", "stories-by")
    assert post_list(app, "people/bob", "stories-by") == ["Second story — May 6, 2019"]


def test_each_author_with_a_role_and_a_byline_kept_as_written(make_app, project):
    edit(project / "stories" / "second.md", "description: The second story.",
         'author: [Ada Lovelace, Bob]\nrole: [Head of Research, ""]\ndescription: The second story.')
    edit(project / "stories" / "third.md", "author: Ada Lovelace", "byline: The Research Team")
    app, _, _ = build(make_app, project)
    assert not app.warning.getvalue()
    assert built_page(app, "stories/second").select_one("p.kb-byline").get_text() == "By Ada Lovelace (Head of Research) and Bob"
    third = built_page(app, "stories/third").select_one("p.kb-byline")
    # Kept as written: shown, linked to no one, listed on no author page.
    assert third.get_text().startswith("By The Research Team")
    assert third.find("a") is None
    assert "Third story — March 4, 2021" not in post_list(app, "people/ada", "stories-by")


def test_roles_that_do_not_match_the_authors_are_refused(make_app, project):
    edit(project / "stories" / "second.md", "description: The second story.",
         "author: [Ada Lovelace, Bob]\nrole: [Head of Research]\ndescription: The second story.")
    app, _, _ = build(make_app, project)
    assert "front matter 'role': 1 roles for 2 author(s)" in app.warning.getvalue()
