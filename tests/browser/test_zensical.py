"""The handbook under Zensical in Chromium: `generate` + `zensical build --strict`, the charts
drawn with the right numbers (also after instant navigation), and the `touchpoints` fence
drawn under both hosts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import (
    FIXTURE_SITE,
    ZENSICAL,
    Served,
    generate_and_build_with_zensical,
    serve_built,
    unavailable,
    watch_page,
)
from .test_charts import (
    BREAKDOWN,
    CHECKOUT,
    EXPECTED,
    HEATMAP,
    PHASES,
    RETURNS,
    TOUCHPOINTS,
    follow_instantly,
    open_journey,
    traces,
)

pytestmark = pytest.mark.browser

FENCE_PAGE = """# Fences

```touchpoints
journey: checkout
```

The returns journey, its heatmap only:

```touchpoints
journey: returns
charts: [heatmap]
```
"""


def fence_source(root: Path) -> Path:
    """The browser fixture site with a page of two fences, in `root`; returns its config."""
    shutil.copytree(FIXTURE_SITE, root, dirs_exist_ok=True)
    (root / "docs" / "fence.md").write_text(FENCE_PAGE, encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"] = ["mkdocs_touchpoints.markdown"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The fixture site generated and built by Zensical, served on the port site_url names."""
    if not ZENSICAL.exists():
        unavailable("zensical is not installed")
    config_file = fence_source(tmp_path_factory.mktemp("zensical-source"))
    out = config_file.parent / "site"  # Zensical keeps site_dir inside the project
    out.mkdir()
    served = Served(out)
    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        config.update(
            site_url=served.url(),
            extra_css=["assets/touchpoints/touchpoints.css"],
            extra_javascript=["assets/touchpoints/touchpoints.js"],
        )
        config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        generate_and_build_with_zensical(config_file)
    except BaseException:
        served.close()
        raise
    yield served
    served.close()


@pytest.fixture(scope="module")
def mkdocs_fence_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The same site built by MkDocs with the plugin, served."""
    config_file = fence_source(tmp_path_factory.mktemp("mkdocs-fence-source"))
    served = serve_built(config_file, tmp_path_factory.mktemp("mkdocs-fence-site"))
    yield served
    served.close()


@pytest.fixture
def page(desktop: Any, zensical_site: Served) -> Iterator[Any]:
    page, watch = watch_page(desktop.new_page(), zensical_site.origin)
    yield page
    watch.assert_clean()
    page.close()


def test_zensical_heatmap_and_breakdown_numbers(page: Any, zensical_site: Served) -> None:
    open_journey(page, zensical_site)
    first = traces(page, HEATMAP)[0]
    assert (first["x"], first["y"], first["z"]) == (PHASES, TOUCHPOINTS, EXPECTED["count"])
    bars = traces(page, BREAKDOWN)
    assert [b["y"] for b in bars] == [[1, 0, 1, 0], [0, 3, 1, 1]]
    assert page.query_selector("table#tp-table") is not None


def test_zensical_instant_navigation(page: Any, zensical_site: Served) -> None:
    open_journey(page, zensical_site)
    follow_instantly(page, RETURNS)
    first = traces(page, HEATMAP)[0]
    assert (first["x"], first["z"]) == (["Request", "Pickup"], [[2, None], [None, 1]])
    page.go_back()
    page.wait_for_url(f"**/{CHECKOUT}")
    # The URL changes before the content is swapped: wait for checkout's own charts.
    page.wait_for_function(
        """sel => { const gd = document.querySelector(sel);
                    return gd && gd.closest('.tp-charts').dataset.tpJourney === 'checkout'
                           && gd.dataset.tpRendered === 'true'; }""",
        arg=HEATMAP,
    )
    assert traces(page, HEATMAP)[0]["z"] == EXPECTED["count"]


@pytest.mark.parametrize("host", ["zensical", "mkdocs"])
def test_the_fence_page_draws(host: str, desktop: Any, request: pytest.FixtureRequest) -> None:
    site: Served = request.getfixturevalue(
        f"{host}_site" if host == "zensical" else "mkdocs_fence_site"
    )
    page, watch = watch_page(desktop.new_page(), site.origin)
    page.goto(site.url("fence/"))
    page.wait_for_selector(f"{HEATMAP}[data-tp-rendered=true] >> nth=1", state="attached")
    page.wait_for_selector(f"{BREAKDOWN}[data-tp-rendered=true]", state="attached")
    heatmaps = page.eval_on_selector_all(HEATMAP, "gds => gds.map(gd => gd.data[0].z)")
    assert heatmaps == [EXPECTED["count"], [[2, None], [None, 1]]]
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids))
    watch.assert_clean()
    page.close()
