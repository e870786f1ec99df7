"""The importer's parts, one job each: HTML to MyST, dates, bylines, old-site links, messages, front matter."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cds_kb.core import frontmatter, schema
from cds_kb.tools.importer import authors, convert, fields, links, messages
from cds_kb.tools.importer.french import align, cost
from cds_kb.tools.importer.report import Progress, Report

# --- HTML to MyST ---------------------------------------------------------------------------

WORDPRESS = """\
<div class="wp-block-group" style="background-color:#d8d8d8"><section>
<h2 class="wp-block-heading" id="h-why"><strong>Why&nbsp;it matters</strong></h2>
<p>We built <strong>GC Forms</strong> with <em>care</em>&#8217;s help: see <a href="https://example.org/a?b=1&amp;c=2">the guide</a>.<br>Next line.</p>
<h5>Too deep</h5>
<ul>
<li>One<ul><li>One point one</li></ul></li>
<li><strong>Two.</strong><br><br>Second paragraph of two.</li>
</ul>
<blockquote><p>A quote.</p></blockquote>
<figure class="wp-block-image"><img width="1920" style="max-width:100%" src="https://cdn.example.org/chart.png" alt="A chart of forms"><figcaption>Forms per month</figcaption></figure>
<table><tbody><tr><th>Week</th><th>Forms</th></tr><tr><td>1</td><td>12</td></tr></tbody></table>
<p><span style="font-weight:bold">Bold span</span> and <span class="x">plain span</span>.</p>
<p>- not a list, and 100% text</p>
</section></div>
"""


def myst(body: str, **options) -> convert.Converted:
    return convert.to_myst(body, convert.Context("post.md", body_line=10, old_site="https://digital.canada.ca", **options))


def test_wordpress_html_becomes_clean_myst():
    result = myst(WORDPRESS)
    assert result.text == (
        "## Why\u00a0it matters\n\n"
        "We built **GC Forms** with *care*’s help: see [the guide](https://example.org/a?b=1&c=2).\\\nNext line.\n\n"
        "### Too deep\n\n"
        "- One\n  - One point one\n"
        "- **Two.**\n\n  Second paragraph of two.\n\n"
        "> A quote.\n\n"
        "[A chart of forms](https://cdn.example.org/chart.png)\n\n"
        "Forms per month\n\n"
        "| Week | Forms |\n| --- | --- |\n| 1 | 12 |\n\n"
        "**Bold span** and plain span.\n\n"
        "\\- not a list, and 100% text\n"
    )
    assert "<" not in result.text  # no raw HTML left: everything is translatable MyST
    kinds = [kind for kind, _message in result.notes]
    assert kinds == ["image"]  # the picture is a link (no --fetch-images): reported


def test_a_fetched_figure_is_a_myst_figure_with_alt_text_and_caption():
    picture = lambda url, alt: convert.Picture("images/chart.png", url)  # noqa: E731
    result = myst('<figure><img src="https://cdn.example.org/chart.png" alt="A chart"><figcaption>Per month</figcaption></figure>'
                  '<p>Inline <img src="/img/x.svg" alt="an icon"> here.</p>', picture=picture)
    assert result.text == ":::{figure} images/chart.png\n:alt: A chart\n\nPer month\n:::\n\nInline ![an icon](images/chart.png) here.\n"
    assert result.notes == []


def test_what_myst_cannot_express_is_reported_with_its_line():
    body = ("Intro.\n\n<iframe src=\"https://www.youtube.com/embed/x\" title=\"Our video\"></iframe>\n\n"
            "[click](javascript:alert(1))\n\n<p>Text \u202eevil\u202c and <del>gone</del>.</p>\n\n<script>x()</script>\n")
    result = myst(body)
    assert "[Our video](https://www.youtube.com/embed/x)" in result.text
    assert "javascript" not in result.text and "click" in result.text
    assert "evil" in result.text and "\u202e" not in result.text and "gone" in result.text
    notes = dict((message.split(": ", 1)[1][:30], message.split(": ", 1)[0]) for _kind, message in result.notes)
    assert {kind for kind, _message in result.notes} == {"html", "link", "characters"}
    lines = sorted(int(message.split(":")[1]) for _kind, message in result.notes)
    assert lines == [12, 14, 16, 16, 16, 18]  # the body starts on line 10 of the file
    assert notes


def test_a_layout_table_gives_back_its_cells_content():
    result = myst("<table><tr><td><h3>Day 1</h3><p>First.</p><p>Second.</p></td>"
                  "<td><img src=\"https://cdn.example.org/a.jpg\" alt=\"A photo\"></td></tr></table>")
    assert result.text == "## Day 1\n\nFirst.\n\nSecond.\n\n[A photo](https://cdn.example.org/a.jpg)\n"
    assert "layout-table" in [kind for kind, _ in result.notes]


def test_markdown_footnotes_and_spaced_links_survive():
    result = myst("Hard to scale [^1]. See [the page] (https://example.org/p).\n\n[^1]: [A book](https://example.org/b) says so.\n")
    assert result.text == "Hard to scale [^1]. See [the page](https://example.org/p).\n\n[^1]: [A book](https://example.org/b) says so.\n"


def test_old_site_links_become_pages_of_the_site(tmp_path):
    stories = tmp_path / "docs" / "stories"
    site = links.OldSite({"en": "https://digital.canada.ca", "fr": "https://numerique.canada.ca"})
    site.know(stories / "policy-and-delivery.md", "policy", ["Bringing together policy and digital delivery", "Réunir les politiques"], "2018-09-07T09:00:00-04:00", None)
    page = stories / "other.md"
    assert site.link("https://digital.canada.ca/2018/09/07/policy/", page) == "policy-and-delivery.md"
    assert site.link("http://numerique.canada.ca/2018/09/07/r%C3%A9unir-les-politiques/", page) == "policy-and-delivery.md"
    # Not a post of the site (another day, another slug, another page): an absolute https link.
    assert site.link("http://digital.canada.ca/2018/09/10/policy/", page) == "https://digital.canada.ca/2018/09/10/policy/"
    assert site.link("https://digital.canada.ca/careers/", page) == "https://digital.canada.ca/careers/"
    assert myst('<a href="/careers/">Careers</a>', link=lambda url: site.link(url, page)).text == "[Careers](https://digital.canada.ca/careers/)\n"


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "iso"), [
    ("2017-11-20 09:00:00 -0400", "2017-11-20T09:00:00-04:00"),
    ("2021-03-18T14:00:00.000Z", "2021-03-18T14:00:00+00:00"),
    ("2022-11-24T10:56:58", "2022-11-24T10:56:58-05:00"),  # winter: EST
    ("2022-06-24T10:56:58", "2022-06-24T10:56:58-04:00"),  # summer: EDT
])
def test_every_date_shape_of_the_archive_gets_its_offset(written, iso):
    assert fields.normalize_date(written, fields.time_zone("America/Toronto")) == iso
    assert fields.has_offset(written) == (not written.endswith("58"))


def test_a_date_without_offset_needs_a_time_zone():
    with pytest.raises(ValueError):
        fields.normalize_date("2022-11-24T10:56:58")
    with pytest.raises(ValueError):
        fields.normalize_date("2022-11-24", fields.time_zone("America/Toronto"))


# --- bylines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("byline", "front"), [
    ("Leanne Labelle, Head of Procurement", {"author": "Leanne Labelle", "role": "Head of Procurement"}),
    ("Michael Edgar, Health Canada", {"author": "Michael Edgar", "role": "Health Canada"}),
    ("Paul Craig, Senior Developer, CDS Platform Team", {"author": "Paul Craig", "role": "Senior Developer, CDS Platform Team"}),
    ("Lynn Chalati and Charlotte Pedersen ", {"author": ["Lynn Chalati", "Charlotte Pedersen"]}),
    ("Christine Monteiro and Patrick Wright, Health Canada", {"author": ["Christine Monteiro", "Patrick Wright"], "role": "Health Canada"}),
    ("Ann Lee, Bob Kay, and Cy Dunn (Senior Policy Advisors at CDS)", {"author": ["Ann Lee", "Bob Kay", "Cy Dunn"], "role": "Senior Policy Advisors at CDS"}),
    ("Ann Lee, Director - COVID Alert; Bob Kay and Cy Dunn - COVID Alert",
     {"author": ["Ann Lee", "Bob Kay", "Cy Dunn"], "role": ["Director - COVID Alert", "COVID Alert", "COVID Alert"]}),
    ("Yaprak Baltacıoğlu, Secretary of the Treasury Board", {"author": "Yaprak Baltacıoğlu", "role": "Secretary of the Treasury Board"}),
    ("Stevie-Ray Talbot, Product Management and Policy", {"author": "Stevie-Ray Talbot", "role": "Product Management and Policy"}),
])
def test_bylines_split_into_people_with_their_roles(byline, front):
    split = authors.split_byline(byline)
    assert split.reason is None and split.front_matter() == front
    assert schema.validate("post", {"type": "post", "key": "k", "title": "T", **front}) == []


@pytest.mark.parametrize(("byline", "reason"), [
    ("CDS Policy Team", "does not look like a person's name"),
    ("Colin MacArthur, Head of Design Research, John Millons, Head of Policy", "seems to name another person ('John Millons')"),
])
def test_a_byline_that_cannot_be_split_with_confidence_is_kept_as_written(byline, reason):
    split = authors.split_byline(byline)
    assert split.front_matter() == {"byline": byline} and reason in split.reason


def test_a_known_person_lets_the_byline_split_and_keeps_its_spelling():
    known = {authors.normal("John Millons"): "John Millons", authors.normal("Élise Cossette"): "Élise Cossette"}
    split = authors.split_byline("Colin MacArthur, Head of Design Research, John Millons, Head of Policy", known)
    assert split.front_matter() == {"author": ["Colin MacArthur", "John Millons"], "role": ["Head of Design Research", "Head of Policy"]}
    assert authors.split_byline("Elise Cossette, Outreach", known).names == ["Élise Cossette"]


def test_french_roles_come_from_the_french_byline_name_by_name():
    assert authors.french_roles(["Leanne Labelle"], "Leanne Labelle, chef de l’approvisionnement") == {"Leanne Labelle": "chef de l’approvisionnement"}
    assert authors.french_roles(["Christine Monteiro", "Patrick Wright"], "Christine Monteiro et Patrick Wright de Santé Canada") == \
        {"Christine Monteiro": "Santé Canada", "Patrick Wright": "Santé Canada"}
    assert authors.french_roles(["A B"], "") == {}


# --- front matter and schema -----------------------------------------------------------------


def test_a_field_given_twice_is_refused_with_both_lines():
    with pytest.raises(frontmatter.FrontMatterError) as fault:
        frontmatter.parse("---\ntitle: A\ntags: [a]\nauthor: B\ntags: [b]\n---\n")
    assert fault.value.line == 5 and "'tags' is given twice, on lines 3 and 5" in str(fault.value)


def test_the_pairing_key_the_build_requires_is_the_one_both_imports_write():
    assert schema.pairing_key("CDS-distributed") == "cds-distributed"
    assert fields.pairing_key({"translationKey": "CDS-distributed"}, "Title") == "cds-distributed"
    assert schema.validate("post", {"type": "post", "key": fields.pairing_key({"translationKey": "CDS-distributed"}, "x"), "title": "T"}) == []


# --- messages and alignment ----------------------------------------------------------------------


def test_messages_are_what_sphinx_extracts():
    page = ('---\ntype: post\nkey: k\ntitle: A title\nauthor: [A B, C D]\nrole: [Writer, ""]\ndescription: Short.\n'
            "image: https://x.org/a.jpg\nimage-alt: Banner\n---\n\n## Head\n\nLine one\\\nline two.\n\n- item\n\n"
            "| a | b |\n| --- | --- |\n| c | |\n\n![alt text](images/a.png)\n\n```\ncode\n```\n")
    found = [(m.kind, m.text) for m in messages.page_messages(page)]
    assert found == [
        ("image-alt", "Banner"), ("description", "Short."), ("title", "A title"), ("role", "Writer"),
        ("heading", "Head"), ("paragraph", "Line one line two."), ("item", "item"),
        ("cell", "a"), ("cell", "b"), ("cell", "c"), ("paragraph", "![alt text](images/a.png)"), ("alt", "alt text"),
    ]


def test_blocks_split_or_merged_differently_in_french_are_aligned_not_dropped():
    english = [messages.Message(text, 1, kind) for kind, text in [
        ("heading", "Why it matters"),
        ("paragraph", "We built 3 forms in 2021. They are used every day by people across the country."),
        ("paragraph", "The first one was the hardest to build."),
        ("paragraph", "The second one was easier, thanks to what we learned."),
        ("paragraph", "See [the guide](https://example.org/en) for more."),
    ]]
    french = [messages.Message(text, 1, kind) for kind, text in [
        ("heading", "Pourquoi c’est important"),
        ("paragraph", "Nous avons créé 3 formulaires en 2021."),
        ("paragraph", "Des gens les utilisent chaque jour, partout au pays."),
        ("paragraph", "Le premier a été le plus difficile à créer. Le deuxième a été plus facile, grâce à ce que nous avions appris."),
        ("paragraph", "Consultez [le guide](https://example.org/fr) pour en savoir plus."),
        ("paragraph", "Un paragraphe de plus, sans équivalent en anglais, avec [un lien](https://example.org/x) et 12 exemples."),
    ]]
    fills, leftover = align(english, french)
    assert [fill.certain for fill in fills] == [True] * 5
    assert fills[1].text == "Nous avons créé 3 formulaires en 2021. Des gens les utilisent chaque jour, partout au pays."
    assert fills[2].text == "Le premier a été le plus difficile à créer."
    assert fills[3].text == "Le deuxième a été plus facile, grâce à ce que nous avions appris."
    assert fills[4].text.startswith("Consultez [le guide]")
    assert [unit.text[:20] for unit in leftover] == ["Un paragraphe de plu"]
    # A pair whose links differ does not line up: filled, but for a translator to check.
    fills, _ = align(messages.body_messages("See [the guide](https://example.org/en) for more.\n"),
                     messages.body_messages("Consultez le guide pour en savoir plus.\n"))
    assert fills[0].text and not fills[0].certain and "link" in fills[0].why


def test_progress_shows_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shown, hidden = Terminal(), io.StringIO()
    for stream in (shown, hidden):
        progress = Progress(2, stream)
        progress.step(1, "a.md")
        progress.done()
    assert "[1/2] a.md" in shown.getvalue() and hidden.getvalue() == ""
    report = Report(refused=["x.md:3: bad; fix it"], warnings=[("date-zone", "w")], time_zone="America/Toronto")
    assert report.failed and "1 dates without a UTC offset, read in America/Toronto" in report.summary()


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>1. not a list</p><p>12) neither</p>", "1\\. not a list\n\n12\\) neither\n"),
    ("<p>% not a comment, # not a heading</p>", "\\% not a comment, # not a heading\n"),
    ('<p><a href="https://x.org/a b(c.pdf">file</a></p>', "[file](https://x.org/a%20b%28c.pdf)\n"),
    ("<table><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>", "| inner |\n| --- |\n"),
    ("<pre><code>x = 1\n  y = 2</code></pre>", "```\nx = 1\n  y = 2\n```\n"),
    ("<p>&amp;nbsp; and &lt;tag&gt; and a|b</p>", "\\&nbsp; and \\<tag> and a\\|b\n"),
])
def test_text_never_turns_into_markup(html, expected):
    assert myst(html).text == expected


def test_a_post_the_converter_cannot_read_is_refused_not_a_traceback(tmp_path, monkeypatch):
    from cds_kb.tools.importer import english, import_posts

    def broken(body, context):
        raise RuntimeError("unexpected tag soup")

    monkeypatch.setattr(english, "to_myst", broken)
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: A post\n---\nText.\n", encoding="utf-8")
    report = import_posts([str(post)], str(tmp_path / "docs" / "stories"))
    assert report.failed and report.refused[0].startswith(f"{post}: could not be imported (RuntimeError: unexpected tag soup)")


@pytest.mark.parametrize(("text", "language", "kept", "marked"), [
    ("le [OneTeamGov](https://www.oneteamgov.uk/) (en anglais seulement), qui",
     "fr", "le [OneTeamGov](https://www.oneteamgov.uk/), qui", ["https://www.oneteamgov.uk/"]),
    # Closing quotes and emphasis stay; non-breaking spaces count as spaces.
    ("les « [valeurs](https://x.example/a#b) »\u00a0(en anglais seulement) sont",
     "fr", "les « [valeurs](https://x.example/a#b) » sont", ["https://x.example/a#b"]),
    ("*[Nouvelle-Zélande](https://x.example/nz/)* (disponible en anglais seulement).",
     "fr", "*[Nouvelle-Zélande](https://x.example/nz/)*.", ["https://x.example/nz/"]),
    ("see [the guide](https://quebec.example/guide) (French only).",
     "en", "see [the guide](https://quebec.example/guide).", ["https://quebec.example/guide"]),
    # Not after an outside link, or not a marker: left as written.
    ("une [page du site](/stories/x) (en anglais seulement)", "fr", None, []),
    ("le [site](https://a.example/) (anglais) et (en anglais seulement) plus loin", "fr", None, []),
    ("read it [in French](https://a.example/fr) (French)", "en", None, []),
])
def test_one_language_markers_typed_after_a_link_are_taken_out(text, language, kept, marked):
    from cds_kb.tools.importer.links import without_one_language_markers

    assert without_one_language_markers(text, language) == (text if kept is None else kept, marked)


def test_a_marker_after_an_escaped_emphasis_mark_is_taken_out_too():
    from cds_kb.tools.importer.links import without_one_language_markers

    text = "l'[intégration](https://x.example/nz/)\\* (en anglais seulement), ce qui"
    assert without_one_language_markers(text, "fr") == ("l'[intégration](https://x.example/nz/)\\*, ce qui", ["https://x.example/nz/"])
