"""Sphinx configuration for the digital government partnerships knowledge base.

One configuration builds both languages: the Makefile passes ``-D language=fr``
and a separate doctree folder for French. Settings only; logic lives in the
``cds_kb`` package (installed by ``make``: ``pip install -e .``).
"""

project = "Digital government partnerships"
author = "Canadian Digital Service"
html_show_copyright = False
html_show_sphinx = False

extensions = ["myst_parser", "sphinx_design", "cds_kb.sphinxext"]
root_doc = "index"
exclude_patterns = ["_build"]

# Language. `locale_dirs` is relative to docs/ (the source folder).
language = "en"
locale_dirs = ["../locale"]
gettext_compact = False
gettext_uuid = False
gettext_location = True
gettext_last_translator = "CDS partnerships knowledge base translators"
gettext_language_team = "French (Canada)"
# A French page whose catalog has fuzzy or untranslated messages fails the build (off), or is
# published with a notice linking to the English page (on). See docs/maintaining/translating.md.
kb_publish_incomplete_translations = False

# Values that differ by language are configuration, not catalog messages.
kb_site_title = {
    "en": "Digital government partnerships",
    "fr": "Partenariats en gouvernement numérique",
}
kb_date_locale = {"en": "en_CA", "fr": "fr_CA"}

# The importer (docs/maintaining/adding-posts.md): a source date without a UTC offset is read
# in the site's time zone (the CDS publishes from Ottawa); links to the old CDS site, in each
# language, become links to the site's own pages when it holds the post.
kb_time_zone = "America/Toronto"
kb_old_site = {"en": "https://digital.canada.ca", "fr": "https://numerique.canada.ca"}

# MyST: the front matter `title` is the page's heading, so it is translated
# with the page. Section ids keep the English slug in both languages.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_title_to_header = True
myst_heading_anchors = 3

# Text is shown exactly as written: the sources and translations carry their own typography.
smartquotes = False

# furo, with the templates a bilingual site under a strict CSP needs (cds_kb/sphinxext/theme).
html_theme = "cds_kb"
html_last_updated_fmt = None
html_use_index = False
html_domain_indices = False
html_copy_source = False
html_show_sourcelink = False

# The address where _build/html/ (the language choice, en/ and fr/) is published: the
# sitemaps, Atom feeds, OpenGraph tags and the 404 page need absolute addresses. This is a
# PLACEHOLDER (a reserved name that resolves nowhere): publish with
#   make html BASEURL=https://your.host/path/
# which passes -D html_baseurl=... to both language builds. cds_kb adds the language
# (<html_baseurl>en/, <html_baseurl>fr/) and derives the 404 page's notfound_urls_prefix.
html_baseurl = "https://kb.example/"
