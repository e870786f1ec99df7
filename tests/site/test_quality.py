"""Quality gates on the built files: the Content Security Policy, reproducible builds, the links report."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys

from bs4 import BeautifulSoup

from cds_kb.core import csp
from cds_kb.sphinxext import security
from cds_kb.tools.links import external_links

from ..conftest import PROJECT, build_site, site_pages


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def meta_policy(page: BeautifulSoup) -> dict[str, list[str]]:
    element = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert element is not None, "no Content-Security-Policy meta element"
    return {part.split()[0]: part.split()[1:] for part in element["content"].split(";") if part.strip()}


def test_every_page_carries_the_policy_and_it_allows_exactly_its_inline_scripts(site):
    problems = []
    for path in site_pages(site):
        page = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        policy = meta_policy(page)
        if policy.get("default-src") != ["'self'"] or "frame-ancestors" in policy:
            problems.append(f"{path}: default-src is not 'self' only, or frame-ancestors is in the meta policy")
        scripts = policy.get("script-src", [])
        if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
            problems.append(f"{path}: unsafe script sources {scripts}")
        for script in page.find_all("script", src=False):
            if sha256_source(script.string or "") not in scripts:
                problems.append(f"{path}: an inline script is not allowed by the policy: {script.string!r:.60}")
        # No inline style the policy would block, no inline event handler, no javascript: address.
        problems += [f"{path}: <style> element" for _ in page.find_all("style")]
        problems += [f"{path}: style attribute on <{tag.name}>" for tag in page.find_all(style=True)]
        for tag in page.find_all(True):
            problems += [f"{path}: {name}= on <{tag.name}>" for name in tag.attrs if name.startswith("on")]
            for name in ("href", "src", "action"):
                if str(tag.get(name, "")).strip().lower().startswith("javascript:"):
                    problems.append(f"{path}: javascript: address on <{tag.name}>")
    assert problems == []


def test_headers_file_covers_every_path_with_the_full_policy(site):
    rules = csp.read_headers_file((site / "_headers").read_text(encoding="utf-8"))
    sent = csp.headers_for("/fr/stories/pivoting-how-we-partner.html", rules)
    assert sent["Content-Security-Policy"] == csp.policy({})
    assert "frame-ancestors 'none'" in sent["Content-Security-Policy"]
    assert sent["X-Content-Type-Options"] == "nosniff"
    # The meta element is the same policy less what browsers ignore in a meta element.
    page = BeautifulSoup((site / "en" / "index.html").read_text(encoding="utf-8"), "html.parser")
    header = {part.split()[0]: part.split()[1:] for part in sent["Content-Security-Policy"].split(";")}
    header.pop("frame-ancestors")
    assert meta_policy(page) == header


def test_policy_is_extended_in_one_place():
    extended = csp.policy({"script-src": ["'wasm-unsafe-eval'"], "connect-src": "'self'"})
    assert "script-src 'self' " + csp.source_hash(csp.THEME_BOOTSTRAP) + " 'wasm-unsafe-eval'" in extended
    assert "connect-src 'self'" in extended
    assert "frame-ancestors" not in csp.policy({}, meta=True)


def test_plural_rule_of_the_french_build_is_known_without_eval(site):
    import json
    import re

    catalog = (site / "fr" / "_static" / "translations.js").read_text(encoding="utf-8")
    rule = re.search(r'"plural_expr": ("[^"]*")', catalog).group(1)
    compat = (site / "fr" / "_static" / "kb-csp-compat.js").read_text(encoding="utf-8")
    assert json.loads(rule) in compat


def test_theme_variables_are_a_stylesheet_not_inline(site):
    for language in ("en", "fr"):
        css = (site / language / "_static" / security.THEME_VARIABLES).read_text(encoding="utf-8")
        assert "--color-code-background" in css and 'body[data-theme="dark"]' in css


def first_difference(first: bytes, second: bytes) -> str:
    """Where two versions of a file part: the lines around the first difference, for the report."""
    import difflib

    lines = [text.decode("utf-8", "replace").replace("><", ">\n<").splitlines() for text in (first, second)]
    return "\n".join(list(difflib.unified_diff(*lines, "first build", "second build", n=2, lineterm=""))[:40])


def test_two_clean_builds_are_byte_identical(tmp_path, monkeypatch):
    outputs = []
    for number, options in enumerate([(), ("-j", "auto")], start=1):
        # A different hash seed each time brings out any set or dict order left to chance.
        monkeypatch.setenv("PYTHONHASHSEED", str(number))
        build_site(tmp_path / f"build{number}", *options)
        outputs.append(tmp_path / f"build{number}" / "html")
    files = [{path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()} for root in outputs]
    assert sorted(files[0]) == sorted(files[1])
    differing = [name for name in sorted(files[0]) if files[0][name] != files[1][name]]
    assert differing == [], first_difference(files[0][differing[0]], files[1][differing[0]])
    # The search index is the site's own (Sphinx's searchindex.js is not written: no page loads it).
    assert {"index.html", "_headers", "en/index.html", "fr/index.html", "en/_static/kb-search/meta.js"} <= set(files[0])
    assert not any(name.endswith("searchindex.js") for name in files[0])


def test_links_report_lists_every_external_link_of_both_languages(site, tmp_path):
    out = tmp_path / "links.tsv"
    result = subprocess.run([sys.executable, "-m", "cds_kb", "links", str(site), "--out", str(out)], capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["language", "page", "url", "text"]
    assert {row[0] for row in rows[1:]} == {"en", "fr"}
    found = {(row[0], row[1], row[2]) for row in rows[1:]}
    assert ("en", "stories/pivoting-how-we-partner.html", "https://notification.canada.ca/") in found
    assert all(url.startswith(("http://", "https://", "mailto:")) for _, _, url in found)
    assert len(rows) - 1 == len(external_links(site))


def test_links_report_on_a_missing_build_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "cds_kb", "links", str(tmp_path)], capture_output=True, text=True, cwd=PROJECT)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "run 'make html' first" in result.stderr
