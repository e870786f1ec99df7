"""The Content Security Policy of the site, and the other response headers, built in one place.

The policy allows the site's own files only: no inline script but the ones hashed here
(furo's theme bootstrap, ``THEME_BOOTSTRAP``), no inline style, no plugin, no framing. The
extension puts it in every page as a ``<meta>`` element (``sphinxext.security``); the
language-page tool writes it, with the other headers, into ``_headers`` for static hosts
(``tools.language_page``). ``kb_csp`` in ``conf.py`` adds sources per directive, e.g.
``{"script-src": ["'wasm-unsafe-eval'"]}``; both follow.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
from collections.abc import Mapping
from typing import Any

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


