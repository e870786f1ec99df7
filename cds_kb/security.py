"""Security headers: the Content Security Policy of the site, built in one place.

The policy allows the site's own files only: no inline script but the one hashed below,
no inline style, no plugin, no framing. It ships twice:

- as a ``<meta http-equiv="Content-Security-Policy">`` element in every page (the page
  template reads ``kb_csp_meta``; ``frame-ancestors`` is left out there, browsers ignore
  it in a meta element), and
- in ``_headers`` at the root of the built site (Netlify and Cloudflare Pages format), with
  the other response headers a static host should send (``python -m cds_kb language-page``
  writes it).

To extend the policy (say, ``'wasm-unsafe-eval'`` for a WebAssembly search), add sources
in ``conf.py``: ``kb_csp = {"script-src": ["'wasm-unsafe-eval'"]}``. Both the meta element
and ``_headers`` follow.

Furo writes two things inline that a strict policy would block. Its theme bootstrap
script (which sets the colour theme before the first paint, so a dark-theme reader sees no
flash of light) stays inline and is allowed by its sha256 hash: the page template writes
``THEME_BOOTSTRAP`` from here, so the hash is computed from the very text served. Its
``<style>`` block of colour variables is written instead to ``_static/kb-theme-variables.css``
(rendered from furo's own partial at the end of the build), so styles need no hash and no
``'unsafe-inline'``. Sphinx's ``doctools.js`` compiles the French plural rule with
``new Function`` (blocked without ``'unsafe-eval'``): ``static/kb-csp-compat.js`` replaces
that one function.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

# The policy before any extension from conf.py.
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}
# Directives a browser ignores in a <meta> policy.
NOT_IN_META = ("frame-ancestors", "report-uri", "sandbox")
# Furo's theme bootstrap, written by the page template as is (see the module docstring).
THEME_BOOTSTRAP = 'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'
INLINE_SCRIPTS = (THEME_BOOTSTRAP,)
# Response headers besides the policy, for hosts that read _headers.
OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
THEME_VARIABLES = "kb-theme-variables.css"


def source_hash(text: str) -> str:
    """The CSP source expression that allows one inline script or style: ``'sha256-...'``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def directives(extra: Mapping[str, Any] | None = None) -> dict[str, list[str]]:
    """The policy's directives: ``POLICY``, the inline script hashes, then ``extra`` (from ``kb_csp``)."""
    result = {name: list(sources) for name, sources in POLICY.items()}
    result["script-src"] += [source_hash(script) for script in INLINE_SCRIPTS]
    for name, sources in (extra or {}).items():
        added = [sources] if isinstance(sources, str) else list(sources)
        result.setdefault(name, [])
        result[name] += [source for source in added if source not in result[name]]
    return result


def policy(extra: Mapping[str, Any] | None = None, *, meta: bool = False) -> str:
    """The policy as a header value, or (``meta=True``) as the content of a meta element."""
    return "; ".join(
        " ".join([name, *sources]) for name, sources in directives(extra).items() if not (meta and name in NOT_IN_META)
    )


def headers(extra: Mapping[str, Any] | None = None) -> dict[str, str]:
    return {"Content-Security-Policy": policy(extra), **OTHER_HEADERS}


def headers_file(extra: Mapping[str, Any] | None = None) -> str:
    """``_headers`` for static hosts (Netlify, Cloudflare Pages): every path gets the headers."""
    lines = ["# Security headers for every page; written by 'python -m cds_kb language-page'.", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers(extra).items()]
    return "\n".join(lines) + "\n"


def read_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """The rules of a ``_headers`` file: (path pattern, headers)."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        elif rules:
            name, _colon, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(path: str, rules: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
    """The headers a static host sends for a URL path, as _headers rules give them."""
    found: dict[str, str] = {}
    for pattern, values in rules:
        if fnmatch.fnmatchcase(path, pattern.replace(":splat", "*")):
            found.update(values)
    return found


# --- Sphinx ---------------------------------------------------------------------------------


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["kb_csp_meta"] = policy(app.config.kb_csp, meta=True)
    context["kb_theme_bootstrap"] = THEME_BOOTSTRAP
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
    text = app.builder.templates.render(THEME_VARIABLES, context)
    target = Path(app.builder.outdir) / "_static" / THEME_VARIABLES
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        from .cli import write_atomically

        write_atomically(target, text)


def setup(app: Sphinx) -> None:
    # Sources added to the policy, per directive: {"script-src": ["'wasm-unsafe-eval'"]}.
    app.add_config_value("kb_csp", {}, "html", types=[dict])
    # Sphinx's translations loader uses `new Function`; this replaces it (see the file).
    app.add_js_file("kb-csp-compat.js", priority=300)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", write_theme_variables)
