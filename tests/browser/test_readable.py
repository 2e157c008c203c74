"""Pages that read well, in Chromium at 1280 and 375 px: nothing wider than the content
column (a table may scroll inside its own box on a phone, never the page), the action leads
the steps, a step opened by its anchor is on screen, whole names on the heatmap's axes, and
axe-core finds no serious or critical WCAG 2 A/AA violation on any page type, light or dark."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.git_identity import GIT_IDENTITY

from .conftest import (
    ROOT,
    ZENSICAL,
    Served,
    build_site,
    generate_and_build_with_zensical,
    unavailable,
    watched_page,
)
from .test_charts import HEATMAP, wait_rendered

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 375}
EXAMPLE_JOURNEYS = sorted(
    path.stem for path in (ROOT / "journeys").rglob("*.yml") if not path.name.startswith("_")
)
INDEX_PAGES = ["journeys/", "insights/", "teams/", "teams/ecommerce/", "teams/customer-care/"]
ONE_OF_EACH = ["journeys/phone-purchase/", "journeys/", "insights/", "teams/ecommerce/", "teams/"]
"""A page of each generated type: journey, journeys index, insights, team, teams index."""
LONG_NAMES = "journeys/long-names/"
TOUCHPOINTS_40 = [
    "Centro de soporte técnico por teléfono",
    "Servicio de atención al cliente en línea",
]
TOO_LONG = "Portal de autoservicio para clientes particulares y empresas"

LAYOUT = """() => {
  const content = document.querySelector('.md-content');
  const box = content.getBoundingClientRect();
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '');
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const inScrollBox = el => {
    for (let up = el.parentElement; up && up !== content; up = up.parentElement) {
      if (scrolls(up)) return true;
    }
    return false;
  };
  const outside = [], scrolled = [];
  for (const el of content.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1) && !inScrollBox(el)) {
      outside.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    if (scrolls(el) && el.scrollWidth > el.clientWidth + 1) {
      scrolled.push(`${name(el)} ${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  return {page: document.documentElement.scrollWidth, viewport: window.innerWidth,
          outside, scrolled};
}"""


@pytest.fixture(scope="module", params=list(WIDTHS))
def sized_page(
    request: pytest.FixtureRequest, browser: Any, example_site: Served
) -> Iterator[tuple[Any, int]]:
    """A page of the example handbook at one width (and the width), in the light palette."""
    width = WIDTHS[request.param]
    ctx, page, watch = watched_page(
        browser, example_site.origin, viewport={"width": width, "height": 900}
    )
    yield page, width
    watch.assert_clean()
    ctx.close()


def open_page(page: Any, site: Served, path: str) -> None:
    page.goto(site.url(path))
    if path.startswith("journeys/") and path != "journeys/":
        wait_rendered(page)


def check_layout(layout: dict[str, Any], width: int) -> None:
    """No page-wide sideways scroll, nothing outside the content column; at 1280 px nothing
    scrolls, narrower only a table inside its own box (the theme's wrapper)."""
    assert layout["page"] <= layout["viewport"], layout
    assert layout["outside"] == [], layout
    if width >= WIDTHS["desktop"]:
        assert layout["scrolled"] == [], layout
    else:
        assert all(s.startswith("div.md-typeset__scrollwrap") for s in layout["scrolled"]), layout


def check_action_width(page: Any, width: int) -> None:
    """On a journey page: every action cell is at least 40 % of the content column (at 375 px
    a stacked block nearly as wide as the column)."""
    widths = page.evaluate(
        """() => ({
          content: document.querySelector('.md-content__inner').getBoundingClientRect().width,
          header: [...document.querySelectorAll('[data-tp-table=tp-steps] th')]
            .map(th => th.textContent),
          actions: [...document.querySelectorAll('[data-tp-table=tp-steps] tbody tr')]
            .map(tr => tr.children[3].getBoundingClientRect().width)})"""
    )
    assert widths["header"][3] == "Action"
    assert min(widths["actions"]) >= 0.4 * widths["content"], widths
    if width < WIDTHS["desktop"]:
        assert min(widths["actions"]) >= 0.9 * widths["content"], widths


def check_anchors(page: Any, site: Served, path: str = "journeys/phone-purchase/") -> None:
    """Each step with a pain point, opened by its anchor, shows the pain point on screen,
    below the sticky header."""
    open_page(page, site, path)
    steps = page.eval_on_selector_all(
        "[data-tp-table=tp-steps] tbody tr",
        "rows => rows.filter(r => r.querySelector('.tp-step__note--pain-point')).map(r => r.id)",
    )
    assert steps
    for step in steps:
        page.goto(site.url(f"{path}#{step}"))
        wait_rendered(page)
        page.wait_for_timeout(300)
        box = page.evaluate(
            """id => {
              const header = document.querySelector('.md-header').getBoundingClientRect();
              const row = document.getElementById(id).getBoundingClientRect();
              const pain = document.querySelector('#' + id + ' .tp-step__note--pain-point')
                .getBoundingClientRect();
              return {header: header.bottom, height: window.innerHeight,
                      row: [row.top, row.bottom], pain: [pain.top, pain.bottom]};
            }""",
            step,
        )
        assert box["pain"][0] >= box["header"] and box["pain"][1] <= box["height"], (step, box)
        assert box["row"][0] >= box["header"] - 1, (step, box)


@pytest.mark.parametrize("path", [f"journeys/{j}/" for j in EXAMPLE_JOURNEYS] + INDEX_PAGES)
def test_nothing_is_wider_than_the_content_column(
    sized_page: tuple[Any, int], example_site: Served, path: str
) -> None:
    page, width = sized_page
    open_page(page, example_site, path)
    check_layout(page.evaluate(LAYOUT), width)


def test_the_action_leads_the_steps(sized_page: tuple[Any, int], example_site: Served) -> None:
    page, width = sized_page
    open_page(page, example_site, "journeys/phone-purchase/")
    check_action_width(page, width)


def test_a_step_opened_by_its_anchor_is_on_screen(
    sized_page: tuple[Any, int], example_site: Served
) -> None:
    check_anchors(sized_page[0], example_site)


TICKS = """sel => { const gd = document.querySelector(sel);
  return {y: [...gd.querySelectorAll('.ytick text')].map(t => t.textContent),
          x: [...gd.querySelectorAll('.xtick text')].map(t => t.textContent),
          lines: Math.max(...[...gd.querySelectorAll('.ytick text, .xtick text')]
            .map(t => Math.max(1, t.querySelectorAll('tspan.line').length))),
          names: gd.data[0].y, phases: gd.data[0].x,
          margin: gd._fullLayout.margin.l, plot: gd._fullLayout.xaxis._length}; }"""


@pytest.mark.parametrize("width", list(WIDTHS.values()))
def test_heatmap_labels_show_whole_names(browser: Any, fixture_site: Served, width: int) -> None:
    ctx, page, watch = watched_page(
        browser, fixture_site.origin, viewport={"width": width, "height": 900}
    )
    try:
        page.goto(fixture_site.url(LONG_NAMES))
        wait_rendered(page)
        ticks = page.evaluate(TICKS, HEATMAP)
        assert ticks["names"] == [*TOUCHPOINTS_40, TOO_LONG, "Tienda"]
        assert ticks["y"][:2] == TOUCHPOINTS_40 and ticks["y"][3] == "Tienda"
        assert ticks["y"][2].endswith("…") and TOO_LONG.startswith(ticks["y"][2][:-1])
        assert ticks["x"] == ticks["phases"]  # "Atención posventa y garantía del equipo"
        assert ticks["lines"] <= 2
        assert ticks["plot"] > 120, ticks  # the labels leave the cells room
        text = page.text_content("#tpc-heatmap-text") or ""
        assert TOO_LONG in text and all(name in text for name in TOUCHPOINTS_40)
        watch.assert_clean()
    finally:
        ctx.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2 A/AA violations axe-core finds on the page as it is."""
    if not AXE.exists():
        unavailable(f"no axe-core at {AXE} (make tests/node/node_modules/.installed)")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag', values:
             ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
           .then(r => r.violations.map(v => ({id: v.id, impact: v.impact,
             nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_serious_violation(browser: Any, example_site: Served, dark: bool) -> None:
    ctx, page, watch = watched_page(
        browser, example_site.origin, viewport={"width": 1280, "height": 900}
    )
    try:
        found = {}
        for path in ONE_OF_EACH:
            open_page(page, example_site, path)
            if dark and path == ONE_OF_EACH[0]:  # Material keeps the choice for the next pages
                page.locator("[data-md-component=palette] label:visible").first.click()
                page.wait_for_selector(f"{HEATMAP}[data-tp-theme=dark]", state="attached")
            scheme = page.get_attribute("body", "data-md-color-scheme")
            assert scheme == ("slate" if dark else "default"), path
            found[path] = axe_violations(page)
        assert found == {path: [] for path in ONE_OF_EACH}
        watch.assert_clean()
    finally:
        ctx.close()


A4_PRINT_WIDTH = 703
"""CSS pixels across an A4 page inside the print stylesheet's 12 mm margins (210 - 24 mm)."""


def test_a_journey_prints_on_a4_with_no_column_cut(browser: Any, example_site: Served) -> None:
    ctx, page, watch = watched_page(
        browser, example_site.origin, viewport={"width": 1280, "height": 900}
    )
    try:
        open_page(page, example_site, "journeys/support-case/")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
        page.emulate_media(media="print")
        page.set_viewport_size({"width": A4_PRINT_WIDTH, "height": 1000})
        page.wait_for_timeout(300)
        layout = page.evaluate(LAYOUT)
        assert layout["outside"] == [] and layout["scrolled"] == [], layout
        hidden = page.eval_on_selector(".tp-metric-switch", "e => getComputedStyle(e).display")
        assert hidden == "none"
        columns = page.eval_on_selector_all(
            "[data-tp-table=tp-steps] thead th", "ths => ths.map(th => th.offsetWidth)"
        )
        assert len(columns) == 5 and all(width > 0 for width in columns)  # a table, not blocks
        watch.assert_clean()
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def example_zensical(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The example handbook through `generate` and `zensical build --strict`, served."""
    if not ZENSICAL.exists():
        unavailable("zensical is not installed")
    root = tmp_path_factory.mktemp("example-zensical")
    for name in ("docs", "journeys"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("mkdocs.yml", "mkdocs.zensical.yml"):
        shutil.copy(ROOT / name, root / name)
    out = root / "site"  # Zensical keeps site_dir inside the project
    out.mkdir()
    served = Served(out)
    try:
        base = (root / "mkdocs.yml").read_text(encoding="utf-8")
        base = base.replace("site_url: http://127.0.0.1:8000/", f"site_url: {served.url()}")
        assert served.url() in base
        (root / "mkdocs.yml").write_text(base, encoding="utf-8")
        generate_and_build_with_zensical(root / "mkdocs.zensical.yml")
    except BaseException:
        served.close()
        raise
    yield served
    served.close()


@pytest.mark.parametrize("width", list(WIDTHS.values()))
def test_the_same_layout_under_zensical(browser: Any, example_zensical: Served, width: int) -> None:
    ctx, page, watch = watched_page(
        browser, example_zensical.origin, viewport={"width": width, "height": 900}
    )
    try:
        for path in [f"journeys/{j}/" for j in EXAMPLE_JOURNEYS] + INDEX_PAGES:
            open_page(page, example_zensical, path)
            check_layout(page.evaluate(LAYOUT), width)
        open_page(page, example_zensical, "journeys/phone-purchase/")
        check_action_width(page, width)
        check_anchors(page, example_zensical)
        watch.assert_clean()
    finally:
        ctx.close()


CHANGES_FIXTURE = ROOT / "tests" / "diff" / "fixtures" / "docs-example"
CHANGES_CONFIG = """site_name: Changes
site_url: {url}
theme:
  name: material
  font: false
  palette:
    - scheme: default
      toggle: {{icon: material/brightness-7, name: Switch to dark mode}}
    - scheme: slate
      toggle: {{icon: material/brightness-4, name: Switch to light mode}}
plugins:
  - touchpoints:
      compare_to: main
"""
# Measured metrics in both revisions: HEAD adds a month that misses the target.
CHANGES_METRICS = """metrics:
  - id: nps-purchase
    name: Purchase NPS
    type: nps
    target: {value: 30, direction: at-least}
"""
CHANGES_SURVEYS = """metric,period,journey,phase,touchpoint,n,positive,negative,source
nps-purchase,2025-12,phone-purchase,,,181,105,58,Post-purchase survey
nps-purchase,2026-01,phone-purchase,,,259,144,89,Post-purchase survey
"""
CHANGES_NEW_MONTH = "nps-purchase,2026-02,phone-purchase,,,1204,402,515,Post-purchase survey\n"


def _with_metrics(journeys: Path, surveys: str) -> None:
    (journeys / "_metrics.yml").write_text(CHANGES_METRICS, encoding="utf-8")
    (journeys / "_metrics").mkdir()
    (journeys / "_metrics" / "surveys.csv").write_text(surveys, encoding="utf-8")


@pytest.fixture(scope="module")
def changes_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A handbook in a git repository whose journeys changed since `main`, built with
    `compare_to: main` (the Changes page), and served."""
    if shutil.which("git") is None:
        unavailable("git is not installed")
    root = tmp_path_factory.mktemp("changes")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(root), **GIT_IDENTITY}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    shutil.copytree(CHANGES_FIXTURE / "base", root / "journeys")
    _with_metrics(root / "journeys", CHANGES_SURVEYS)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Changes\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    shutil.rmtree(root / "journeys")
    shutil.copytree(CHANGES_FIXTURE / "head", root / "journeys")
    _with_metrics(root / "journeys", CHANGES_SURVEYS + CHANGES_NEW_MONTH)
    out = tmp_path_factory.mktemp("changes-site")
    served = Served(out)
    try:
        (root / "mkdocs.yml").write_text(CHANGES_CONFIG.format(url=served.url()), "utf-8")
        build_site(root / "mkdocs.yml", served.url(), out)
    except BaseException:
        served.close()
        raise
    yield served
    served.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_on_the_changes_page(browser: Any, changes_site: Served, dark: bool) -> None:
    ctx, page, watch = watched_page(
        browser, changes_site.origin, viewport={"width": 1280, "height": 900}
    )
    try:
        page.goto(changes_site.url("changes/"))
        page.wait_for_selector(".tp-plot[data-tp-rendered=true]", state="attached")
        assert page.locator("table[data-tp-table=changes-measured] .tp-target-missed").count() == 1
        if dark:
            page.locator("[data-md-component=palette] label:visible").first.click()
            page.wait_for_selector(".tp-plot[data-tp-theme=dark]", state="attached")
        assert axe_violations(page) == []
        check_layout(page.evaluate(LAYOUT), 1280)
        watch.assert_clean()
    finally:
        ctx.close()
