"""``cds-kb language-page OUTDIR``: the root of the built site, once both languages are built.

Writes ``OUTDIR/index.html`` (the bilingual language choice, the Government of Canada
convention for a bilingual site's root), ``OUTDIR/_headers`` (the Content Security Policy and
other response headers, for static hosts that read the file), the site's ``sitemap.xml``
(from ``en/`` and ``fr/``'s own) and ``robots.txt``.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..core import csp, sitemaps
from ..core.errors import UserError
from ..core.files import update_file
from ..core.languages import LANGUAGE_NAMES
from .project import find_project

TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = Path(__file__).resolve().parent.parent / "sphinxext" / "theme" / "cds_kb" / "static" / "kb.css"


def write_language_page(outdir: str) -> None:
    root = Path(outdir)
    missing = [code for code in LANGUAGE_NAMES if not (root / code / "index.html").exists()]
    if missing:
        raise UserError(f"{root}: no {', '.join(missing)} build inside it; run 'make html' first")
    settings = find_project().settings()
    titles, extra = settings["kb_site_title"], settings.get("kb_csp", {})
    templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    page = templates.get_template("language-choice.html").render(titles=titles, languages=LANGUAGE_NAMES, csp=csp.policy(extra, meta=True))
    update_file(root / "index.html", page)
    update_file(root / "_headers", csp.headers_file(extra))
    update_file(root / "kb.css", STYLESHEET.read_bytes())
    try:
        languages = {code: (root / code / sitemaps.SITEMAP).read_bytes() for code in LANGUAGE_NAMES}
        content, site = sitemaps.site_sitemap(languages)
    except (OSError, ValueError) as error:
        raise UserError(f"{root}: cannot write the site's sitemap from en/ and fr/ ({error}); run 'make html' first") from None
    update_file(root / sitemaps.SITEMAP, content)
    update_file(root / "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {site}{sitemaps.SITEMAP}\n")
