"""The network pictures (cds_kb.sphinxext.network) on a small project (tests/roots/test-network).

In the project: Notify is offered by the Agency and related to Forms; Forms is offered by
the Bureau; the Pilot is led by the Agency with the Bureau as partner; the Rules are related
to the Pilot; the first story mentions Notify and Ada, the second Notify, Ada and the Rules;
a topic (How-to) is related to Notify but is not drawn.
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cds_kb.sphinxext import network

from ..conftest import build, built_page, edit

CSS = Path(network.__file__).parent / "theme" / "cds_kb" / "static" / "kb-network.css"
# The section pages Sphinx itself re-writes when a page of their folder is re-read.
SECTIONS = {f"{folder}/index" for folder in ("organizations", "services", "initiatives", "people", "policies", "topics", "stories")}


@pytest.fixture
def project(tmp_path: Path, rootdir: Path) -> Path:
    srcdir = tmp_path / "network"
    shutil.copytree(rootdir / "test-network", srcdir)
    return srcdir


def drawn(app, docname: str) -> list[tuple[str, str]]:
    """(name, href) of each entry in a page's picture, in tab order; each link's text is its name."""
    svg = built_page(app, docname).select_one("figure.kb-network-figure svg")
    links = []
    for link in svg.find_all("a"):
        text = " ".join(t.get_text() for t in link.find_all("text"))
        assert link["aria-label"] == text, f"the link's name is not the name drawn: {link['aria-label']!r} != {text!r}"
        links.append((link["aria-label"], link["href"]))
    return links


def listed(app, docname: str) -> dict[str, str]:
    """The list under the picture: label -> what follows it."""
    box = built_page(app, docname).select_one(".kb-network-list")
    return dict(item.get_text().split(": ", 1) for item in box.select("ul.kb-network-links > li"))


def test_an_entry_page_shows_its_neighbourhood_with_every_entry_linked(make_app, project):
    app, _, _ = build(make_app, project)
    assert not app.warning.getvalue()
    # The entry first (a link to the top of its own page), its own links, then who shares its stories
    # (ties broken by id, so that both languages show the same entries).
    assert drawn(app, "services/notify") == [
        ("Notify", "#"), ("The Agency", "../organizations/agency.html"), ("Forms", "forms.html"),
        ("Ada Lovelace", "../people/ada.html"), ("The Rules", "../policies/rules.html"),
    ]
    page = built_page(app, "services/notify")
    assert page.select_one("svg a[href='#']")["aria-current"] == "page"
    assert page.select_one("#network h2").get_text(strip=True).startswith("Who it works with")
    assert listed(app, "services/notify") == {
        "Offered by": "The Agency",
        "Related": "Forms",
        "Mentioned in the same stories": "Ada Lovelace (Second story, First story), The Rules (Second story)",
    }
    # The other end of each link says it the other way round.
    assert listed(app, "organizations/agency") == {"Offers": "Notify", "Leads": "The Pilot"}
    assert listed(app, "organizations/bureau") == {"Offers": "Forms", "Partner in": "The Pilot"}
    legend = [li.get_text(strip=True) for li in page.select("ul.kb-network-legend li")]
    assert legend == ["Organization", "Service", "Person", "Policy", "Offered by", "Related", "Mentioned in the same stories"]


def test_topics_are_not_drawn_and_an_entry_without_links_says_so(make_app, project):
    (project / "people" / "bob.md").write_text("---\ntype: person\nid: bob\ntitle: Bob\nsummary: Alone.\n---\n\nBob body.\n", encoding="utf-8")
    app, _, _ = build(make_app, project)
    assert built_page(app, "topics/howto").select_one(".kb-network") is None
    assert "How-to" not in [name for name, _ in drawn(app, "services/notify")]
    assert built_page(app, "people/bob").select_one("#network p").get_text() == "No link to another entry yet."


def test_the_home_page_shows_the_whole_network(make_app, project):
    app, _, _ = build(make_app, project)
    names = [name for name, _ in drawn(app, "index")]
    # By type, then by name; Bob-like entries without a link would not be drawn.
    assert names == ["The Agency", "The Bureau", "Forms", "Notify", "The Pilot", "Ada Lovelace", "The Rules"]
    page = built_page(app, "index")
    entries = {li.p.get_text(): [item.get_text() for item in li.select("ul > li")] for li in page.select("ul.kb-network-entries > li")}
    assert entries["The Pilot"] == ["Led by: The Agency", "Partners: The Bureau", "Related: The Rules"]
    caption = page.select_one("figure.kb-network-figure figcaption").get_text(" ", strip=True)
    assert caption.startswith("Who works with whom")


def test_pictures_carry_no_style_script_or_id(make_app, project):
    app, _, _ = build(make_app, project)
    for docname in ("index", "services/notify"):
        svg = built_page(app, docname).select_one("figure.kb-network-figure svg")
        assert svg["role"] == "group" and svg["aria-label"]
        assert svg.find_all(["style", "script", "title"]) == []
        assert [tag.name for tag in svg.find_all(True) if tag.has_attr("style") or tag.has_attr("id")] == []
        # Edges are said by the list; screen readers skip them in the picture.
        assert all(edge.get("aria-hidden") == "true" for edge in svg.select("g.edge"))


def test_two_builds_and_a_parallel_build_give_the_same_bytes(make_app, tmp_path, rootdir):
    outputs = []
    for name, jobs in (("a", 1), ("b", 1), ("c", 2)):
        srcdir = tmp_path / name
        shutil.copytree(rootdir / "test-network", srcdir)
        app, _, _ = build(make_app, srcdir, parallel=jobs)
        outputs.append({p.relative_to(app.outdir).as_posix(): p.read_bytes() for p in sorted(Path(app.outdir).rglob("*.html"))})
    assert b"kb-network-svg" in outputs[0]["index.html"]
    assert outputs[0] == outputs[1] == outputs[2]


def test_adding_a_relation_redraws_the_pictures_that_show_it_and_only_those(make_app, project):
    build(make_app, project)
    edit(project / "services" / "forms.md", "offered-by: bureau\n", "offered-by: bureau\nrelated: [ada]\n")
    app, read, written = build(make_app, project)
    assert read == {"services/forms"}
    # Forms itself, Ada (the other end) and the whole network; not Notify, which shows Forms but not this link.
    assert written - SECTIONS == {"services/forms", "people/ada", "index"}
    assert ("Forms", "../services/forms.html") in drawn(app, "people/ada")
    assert listed(app, "people/ada")["Related"] == "Forms"


def test_a_story_that_mentions_two_entries_links_them(make_app, project):
    build(make_app, project)
    edit(project / "stories" / "third.md", "description: The third story.\n", "description: The third story.\nmentions: [forms, rules]\n")
    app, read, written = build(make_app, project)
    assert read == {"stories/third"}
    assert written - SECTIONS == {"stories/third", "services/forms", "policies/rules", "index"}
    assert listed(app, "policies/rules")["Mentioned in the same stories"].endswith("Forms (Third story)")


def test_renaming_an_entry_redraws_every_picture_that_shows_it(make_app, project):
    build(make_app, project)
    edit(project / "organizations" / "bureau.md", "title: The Bureau", "title: The Office")
    app, read, written = build(make_app, project)
    assert read == {"organizations/bureau"}
    assert {"services/forms", "initiatives/pilot", "index"} <= written
    assert "services/notify" not in written
    assert ("The Office", "../organizations/bureau.html") in drawn(app, "initiatives/pilot")


def test_neighbourhoods_are_capped_and_ranked_by_stories_in_common(make_app, project, monkeypatch):
    # Notify is mentioned with Ada in two stories, with the Rules in one; with room for three
    # neighbours, its own links come first (the Agency, Forms), then Ada.
    monkeypatch.setattr(network, "NEIGHBOURS", 3)
    app, _, _ = build(make_app, project)
    assert [name for name, _ in drawn(app, "services/notify")] == ["Notify", "The Agency", "Forms", "Ada Lovelace"]
    assert "The Rules" not in listed(app, "services/notify")["Mentioned in the same stories"]


def test_text_builder_writes_the_list_without_the_picture(make_app, project):
    app = make_app("text", srcdir=project)
    app.build()
    assert not app.warning.getvalue()
    text = (Path(app.outdir) / "services" / "notify.txt").read_text(encoding="utf-8")
    assert "**Offered by**: The Agency" in text and "[graph" not in text and "Who it works with" in text


def test_dot_missing_is_a_warning_that_says_what_to_install(make_app, project):
    app, _, _ = build(make_app, project, confoverrides={"graphviz_dot": "no-such-dot"})
    assert "install Graphviz (Debian: apt-get install graphviz" in app.warning.getvalue()


# --- colours: WCAG 2.1 AA in furo's light and dark themes --------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palettes() -> dict[str, dict[str, str]]:
    """The colour variables of each theme, read from kb-network.css (light: ``body``; dark: ``body[data-theme="dark"]``)."""
    css = CSS.read_text(encoding="utf-8")
    blocks = {
        "light": re.search(r"^body \{(.*?)\}", css, re.S | re.M).group(1),
        "dark": re.search(r'^body\[data-theme="dark"\] \{(.*?)\}', css, re.S | re.M).group(1),
        "dark (system)": re.search(r'body:not\(\[data-theme="light"\]\) \{(.*?)\}', css, re.S).group(1),
    }
    return {theme: dict(re.findall(r"--kb-net-([a-z-]+):\s*(#[0-9a-f]{6})", block)) for theme, block in blocks.items()}


def test_every_colour_pair_meets_wcag_aa_in_both_themes():
    found = palettes()
    assert found["dark"] == found["dark (system)"]
    problems = []
    for theme, colours in found.items():
        background = colours["background"]
        for kind in network.NETWORK_TYPES:
            if contrast(colours["text"], colours[f"{kind}-fill"]) < 4.5:
                problems.append(f"{theme}: label text on a {kind}: {contrast(colours['text'], colours[f'{kind}-fill']):.2f}")
            if contrast(colours[f"{kind}-stroke"], background) < 3:
                problems.append(f"{theme}: {kind} outline on the page: {contrast(colours[f'{kind}-stroke'], background):.2f}")
        for name in ("line", "together", "focus"):
            if contrast(colours[name], background) < 3:
                problems.append(f"{theme}: {name} on the page: {contrast(colours[name], background):.2f}")
    assert problems == []


def test_each_type_has_its_own_shape_and_colours():
    assert len({tuple(sorted(shape.items())) for shape in network.SHAPES.values()}) == len(network.NETWORK_TYPES)
    for colours in palettes().values():
        assert len({colours[f"{kind}-fill"] for kind in network.NETWORK_TYPES}) == len(network.NETWORK_TYPES)


def test_graphviz_draws_each_picture_of_the_real_site_the_same_way_every_time(make_app, tmp_path):
    """Two builds give the same bytes only if Graphviz gives one drawing per source: run each of
    the real site's picture sources several times (Graphviz 2.43's fdp drew some two ways)."""
    from ..conftest import DOCS, PROJECT

    srcdir = tmp_path / "site"
    shutil.copytree(DOCS, srcdir)
    shutil.copy(PROJECT / "conf.py", srcdir / "conf.py")
    sources: dict[str, str] = {}
    for language in ("en", "fr"):
        app = make_app("html", srcdir=srcdir, builddir=tmp_path / language, confoverrides={"locale_dirs": [str(PROJECT / "locale")], "language": language})
        app.connect("doctree-resolved", lambda app, doctree, docname, language=language: sources.update(
            (f"{language}/{docname}", node["code"]) for node in doctree.findall(network.picture)), priority=900)
        app.build()
    assert len(sources) > 40
    # Several at once, as `-j auto` and a busy machine run them: that is when fdp varied.
    runs = [(docname, code) for docname, code in sources.items() for _ in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        drawings = list(pool.map(lambda run: (run[0], network.render_svg(app.config, run[1])), runs))
    varied = {docname for docname in sources if len({svg for name, svg in drawings if name == docname}) > 1}
    assert varied == set()
