"""Core: what the Sphinx extension and the maintainers' tools both need, and nothing of either.

- ``errors``: ``UserError``, a fault the person running a command can fix;
- ``files``: the one atomic writer (and "write only when it changed");
- ``frontmatter``: the YAML block at the top of a page, with the line of each field;
- ``schema``: the page types and the front matter schema of each;
- ``languages``: the site's languages and the path of a page's catalog;
- ``po``: reading gettext catalogs (syntax check, translation state);
- ``csp``: the Content Security Policy and the other response headers;
- ``linkmap``: each outside destination's address in each language (``locale/links.csv``);
- ``safety``: what in a piece of HTML could run script;
- ``sitemaps``: the sitemap XML format with ``hreflang`` alternates;
- ``text``: slugs.

Nothing here imports Sphinx's application, the extension (``cds_kb.sphinxext``) or the tools
(``cds_kb.tools``): ``tests/unit/test_layout.py`` fails if it does.
"""
