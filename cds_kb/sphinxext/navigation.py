"""Navigation: the sidebar's tree of sections, at a cost that does not grow with the site.

Sphinx's ``toctree()`` template function resolves the site's whole tree for every page it
writes, however little of it is shown, so writing a site of N pages costs O(N²): with
1,000 posts, most of a build. Furo also computes its own full navigation tree for every
page in its ``html-page-context`` handler (then parses it with BeautifulSoup), though
this project's sidebar template replaces furo's and never shows it.

This module gives the sidebar template ``kb_navigation``: the sections of the root
page's toctree, and under the current section its pages, or only the current page when
the section has more than ``EXPANDED_PAGES`` (a sidebar with hundreds of stories helps
nobody; the section page lists them). The section tree is computed once per build and
process from the environment's toctree data; each page adds only its own links. The
``toctree`` function is hidden from furo's handler, and given back right after it.
"""

from __future__ import annotations

from typing import Any

from sphinx import addnodes
from sphinx.application import Sphinx

# A section with more pages than this shows only the current one in the sidebar.
EXPANDED_PAGES = 50
_TREE = "_kb_navigation_tree"
_HIDDEN = "_kb_hidden_toctree"


def _section_tree(app: Sphinx) -> dict[str, Any]:
    """The root's sections and their pages: computed once per build and process."""
    builder = app.builder
    tree = getattr(builder, _TREE, None)
    if tree is not None and tree["env"] is app.env:
        return tree
    env = app.env
    root = app.config.root_doc
    caption, sections = "", []
    for toctree in env.tocs[root].findall(addnodes.toctree) if root in env.tocs else ():
        caption = caption or toctree.get("caption") or ""
        for title, docname in toctree["entries"]:
            if docname in env.titles:
                sections.append((docname, title or env.titles[docname].astext()))
    pages = {section: [d for d in env.toctree_includes.get(section, []) if d in env.titles] for section, _title in sections}
    section_of = {page: section for section, children in pages.items() for page in children}
    tree = {"env": env, "caption": caption, "sections": sections, "pages": pages, "section_of": section_of}
    setattr(builder, _TREE, tree)
    return tree


def navigation(app: Sphinx, pagename: str) -> dict[str, Any]:
    """The sidebar of one page: sections, and the current section's pages."""
    tree = _section_tree(app)
    env, builder = app.env, app.builder
    current = pagename if pagename in tree["pages"] else tree["section_of"].get(pagename)

    def link(docname: str, title: str) -> dict[str, Any]:
        here = docname == pagename
        return {"title": title, "url": "#" if here else builder.get_relative_uri(pagename, docname), "current": here}

    sections = []
    for docname, title in tree["sections"]:
        section = {**link(docname, title), "open": docname == current, "pages": []}
        if docname == current:
            children = tree["pages"][docname]
            shown = children if len(children) <= EXPANDED_PAGES else [d for d in children if d == pagename]
            section["pages"] = [link(d, env.titles[d].astext()) for d in shown]
            section["inside"] = pagename in shown
        sections.append(section)
    return {"caption": tree["caption"], "sections": sections, "open": current is not None}


def _before_furo(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # Furo computes its navigation tree only when the page context has ``toctree``.
    if "toctree" in context:
        context[_HIDDEN] = context.pop("toctree")
    context["kb_navigation"] = navigation(app, pagename)


def _after_furo(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if _HIDDEN in context:
        context["toctree"] = context.pop(_HIDDEN)


def setup(app: Sphinx) -> None:
    # Furo's handler has the default priority, 500.
    app.connect("html-page-context", _before_furo, priority=450)
    app.connect("html-page-context", _after_furo, priority=550)
