"""Security in the pages: the Content Security Policy as a ``<meta>`` element, and no inline style.

The policy itself is built in ``core.csp`` (the language-page tool writes the same policy
into ``_headers`` for static hosts). Here: the page template reads ``kb_csp_meta`` (the
policy without ``frame-ancestors``, which browsers ignore in a meta element) and
``kb_theme_bootstrap``.

Furo writes two things inline that a strict policy would block. Its theme bootstrap
script (which sets the colour theme before the first paint, so a dark-theme reader sees no
flash of light) stays inline and is allowed by its sha256 hash: the page template writes
``csp.THEME_BOOTSTRAP`` from here, so the hash is computed from the very text served. Its
``<style>`` block of colour variables is written instead to ``_static/kb-theme-variables.css``
(rendered from furo's own partial at the end of the build), so styles need no hash and no
``'unsafe-inline'``. Sphinx's ``doctools.js`` compiles the French plural rule with
``new Function`` (blocked without ``'unsafe-eval'``): ``static/kb-csp-compat.js`` replaces
that one function.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..core import csp
from ..core.files import update_file

THEME_VARIABLES = "kb-theme-variables.css"


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["kb_csp_meta"] = csp.policy(app.config.kb_csp, meta=True)
    context["kb_theme_bootstrap"] = csp.THEME_BOOTSTRAP
    context["kb_theme_variables"] = f"_static/{THEME_VARIABLES}"


def write_theme_variables(app: Sphinx, exception: Exception | None) -> None:
    """Furo's colour variables as a stylesheet, from furo's own partial (instead of inline)."""
    if exception is not None or app.builder.format != "html":
        return
    from furo import _KNOWN_STYLES_IN_USE, get_pygments_style_colors

    context = dict(app.builder.globalcontext)
    context["furo_pygments"] = {
        "light": get_pygments_style_colors(_KNOWN_STYLES_IN_USE["light"], fallbacks={"foreground": "black", "background": "white"}),
        "dark": get_pygments_style_colors(_KNOWN_STYLES_IN_USE["dark"], fallbacks={"foreground": "white", "background": "black"}),
    }
    update_file(Path(app.builder.outdir) / "_static" / THEME_VARIABLES, app.builder.templates.render(THEME_VARIABLES, context))


def setup(app: Sphinx) -> None:
    # Sources added to the policy, per directive: {"script-src": ["'wasm-unsafe-eval'"]}.
    app.add_config_value("kb_csp", {}, "html", types=[dict])
    # Sphinx's translations loader uses `new Function`; this replaces it (see the file).
    app.add_js_file("kb-csp-compat.js", priority=300)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", write_theme_variables)
