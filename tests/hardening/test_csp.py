"""The plugin adds no inline script: a Content-Security-Policy of `script-src 'self'` stays
possible for its pages. Material (9.x) writes three small inline scripts into every page
of its own; they need their hashes in the policy (or `'unsafe-inline'`).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest

from .conftest import BrowserThread, BuiltPayloadSite, generated_urls
from .html_scan import MATERIAL_INLINE_SCRIPTS, scan

RECORD_VIOLATIONS = """
window.__tpViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__tpViolations.push({directive: event.violatedDirective, blocked: event.blockedURI,
                              sample: event.sample || ""});
});
"""


def inline_script_hashes(site: BuiltPayloadSite, url: str) -> set[str]:
    page = scan(site.html(url))
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.text.encode()).digest()).decode() + "'"
        for s in page.scripts
        if s.executable_inline
    }


def test_generated_pages_have_no_inline_script_but_materials(
    payload_built: BuiltPayloadSite,
) -> None:
    urls = generated_urls(payload_built.site_dir)
    for url in urls:
        page = scan(payload_built.html(url))
        inline = [s for s in page.scripts if s.executable_inline]
        assert [s.material for s in inline] == [True] * len(MATERIAL_INLINE_SCRIPTS), url
        external = [s.attrs["src"] for s in page.scripts if "src" in s.attrs]
        assert external and all("://" not in src for src in external), url
        data = [s for s in page.scripts if not s.executable_inline and "src" not in s.attrs]
        assert [(s.attrs.get("id"), s.attrs.get("type")) for s in data] == [
            ("__config", "application/json")
        ], url
        # The figures travel in data attributes; no element carries an event handler.
        assert not [e for e in page.elements if any(a.startswith("on") for a in e.attrs)], url
    # The same three Material scripts everywhere: one policy (three hashes) fits every page.
    assert len(set().union(*(inline_script_hashes(payload_built, u) for u in urls))) <= 4


def new_page(browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    return context, page


def open_with_policy(page: Any, site: BuiltPayloadSite, url: str, policy: str) -> list[dict]:
    site.served.extra_headers["Content-Security-Policy"] = policy
    site.served.extra_headers["Cache-Control"] = "no-store"
    try:
        page.goto(site.served.url(url))
        for chart in ("heatmap", "breakdown", "channels"):
            page.wait_for_selector(
                f".tp-plot[data-tp-chart={chart}][data-tp-rendered=true]", state="attached"
            )
    finally:
        site.served.extra_headers.clear()
    return page.evaluate("window.__tpViolations")


def with_hashes(browser: Any, site: BuiltPayloadSite) -> list[dict]:
    url = "journeys/p03/"  # the </script> breakout payload
    hashes = " ".join(sorted(inline_script_hashes(site, url)))
    policy = f"script-src 'self' {hashes} 'report-sample'; object-src 'none'; base-uri 'none'"
    context, page = new_page(browser)
    try:
        open_with_policy(page, site, url, policy)
        page.eval_on_selector("button[data-tp-metric=friction]", "b => b.click()")
        page.wait_for_selector("[data-tp-current-metric=friction]", state="attached")
        assert page.evaluate("typeof Plotly") == "object"
        return page.evaluate("window.__tpViolations")
    finally:
        context.close()


@pytest.mark.browser
def test_charts_draw_under_script_src_self_plus_materials_hashes(
    chromium: BrowserThread, payload_built: BuiltPayloadSite
) -> None:
    assert chromium.run(with_hashes, payload_built) == []


def bare_self(browser: Any, site: BuiltPayloadSite) -> list[dict]:
    policy = "script-src 'self' 'report-sample'; object-src 'none'; base-uri 'none'"
    context, page = new_page(browser)
    try:
        return open_with_policy(page, site, "journeys/p00/", policy)
    finally:
        context.close()


@pytest.mark.browser
def test_under_bare_script_src_self_only_materials_inline_scripts_are_refused(
    chromium: BrowserThread, payload_built: BuiltPayloadSite
) -> None:
    violations = chromium.run(bare_self, payload_built)
    samples = sorted(v["sample"] for v in violations)
    assert {v["directive"] for v in violations} <= {"script-src-elem", "script-src"}
    assert len(samples) == len(MATERIAL_INLINE_SCRIPTS), violations
    for sample, start in zip(samples, sorted(MATERIAL_INLINE_SCRIPTS), strict=True):
        assert start.startswith(sample[:20]) or sample.startswith(start[:20]), (sample, start)
