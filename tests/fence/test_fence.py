"""The `touchpoints` fence (`mkdocs_touchpoints.markdown`): charts in any page, problems shown."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from mkdocs_touchpoints import markdown as fence_extension
from mkdocs_touchpoints.markdown import zensical_strict
from mkdocs_touchpoints.rendering import embed
from tests.plugin.conftest import Site, build_site, journey_yaml

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = "mkdocs_touchpoints.markdown"


@pytest.fixture
def journeys(tmp_path: Path) -> Path:
    folder = tmp_path / "journeys"
    shutil.copytree(ROOT / "journeys", folder)
    return folder


def convert(text: str, journeys: Path, *extensions: object, **options: object) -> str:
    configs = {EXTENSION: {"journeys_dir": str(journeys), **options}}
    return markdown.markdown(text, extensions=[*extensions, EXTENSION], extension_configs=configs)


def fence(body: str) -> str:
    return f"```touchpoints\n{body}\n```\n"


def ids(html: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', html)


def test_a_fence_becomes_the_journey_charts(journeys: Path) -> None:
    html = convert("# Page\n\n" + fence("journey: phone-purchase"), journeys)
    assert 'data-tp-journey="phone-purchase"' in html
    charts = re.findall(r'data-tp-chart="(\w+)"', html)
    assert charts == ["heatmap", "breakdown", "experience"]
    assert "<code" not in html and "journey: phone-purchase" not in html


def test_a_journey_without_sentiment_has_no_experience_chart(journeys: Path) -> None:
    journey = journeys / "store-event.yml"
    lines = journey.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "sentiment:" not in line]
    journey.write_text("".join(kept), encoding="utf-8")
    html = convert(fence("journey: store-event"), journeys)
    assert re.findall(r'data-tp-chart="(\w+)"', html) == ["heatmap", "breakdown"]


def test_charts_picks_and_orders_the_charts(journeys: Path) -> None:
    html = convert(fence("journey: phone-purchase\ncharts: [breakdown, channels]"), journeys)
    assert re.findall(r'data-tp-chart="(\w+)"', html) == ["breakdown", "channels"]


def test_ids_stay_unique_with_several_fences(journeys: Path) -> None:
    text = fence("journey: phone-purchase") + "\ntext\n\n" + fence("journey: store-event")
    html = convert(text, journeys)
    found = ids(html)
    assert len(found) == len(set(found)) >= 8
    references = re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', html)
    assert all(ref in found for refs in references for ref in refs.split())


def test_works_inside_superfences_too(journeys: Path) -> None:
    html = convert(fence("journey: store-event"), journeys, "pymdownx.superfences")
    assert 'data-tp-journey="store-event"' in html


def test_the_superfences_custom_fence_format(
    journeys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(journeys.parent)
    html = markdown.markdown(
        fence("journey: store-event"),
        extensions=["pymdownx.superfences"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [
                    {
                        "name": "touchpoints",
                        "class": "touchpoints",
                        "format": fence_extension.superfences_format,
                    }
                ]
            }
        },
    )
    assert 'data-tp-journey="store-event"' in html


def test_an_unknown_journey_is_an_error_with_the_closest_choice(
    journeys: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        html = convert(fence("journey: phone-purchas"), journeys)
    [record] = caplog.records
    assert record.name.startswith("mkdocs.")
    assert record.getMessage() == (
        "touchpoints fence: unknown journey 'phone-purchas'; did you mean 'phone-purchase'?"
    )
    assert "tp-fence-error" in html and "did you mean" in html and "data-tp-figure" not in html


def test_an_unknown_chart_is_an_error_with_the_closest_choice(
    journeys: Path, caplog: pytest.LogCaptureFixture
) -> None:
    html = convert(fence("journey: store-event\ncharts: [heatmep]"), journeys)
    [message] = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert "journey 'store-event'" in message and "did you mean 'heatmap'?" in message
    assert "tp-fence-error" in html


def test_a_journey_with_errors_shows_its_diagnostics(
    journeys: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = journeys / "store-event.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    html = convert(fence("journey: store-event"), journeys)
    assert "journey 'store-event' has errors" in caplog.text
    assert "store-event.yml:" in html and "colour" in html


def test_a_body_without_a_journey_is_an_error(journeys: Path) -> None:
    html = convert(fence("charts: [heatmap]"), journeys)
    assert "journey: &lt;id&gt;" in html or "journey: <id>" in html


def test_a_fence_in_an_indented_code_block_stays_code(journeys: Path) -> None:
    html = convert("    ```touchpoints\n    journey: store-event\n    ```\n", journeys)
    assert "data-tp-figure" not in html and "<pre><code>" in html


def test_zensical_strict_is_recognised() -> None:
    assert zensical_strict(["/venv/bin/zensical", "build", "--strict"])
    assert zensical_strict(["zensical", "build", "-f", "x.yml", "-s"])
    assert not zensical_strict(["zensical", "build"])
    assert not zensical_strict(["zensical", "serve", "--strict"])
    assert not zensical_strict(["mkdocs", "build", "--strict"])


def test_without_the_plugin_the_folder_is_read_once(
    journeys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    real = embed.load_folder
    monkeypatch.setattr(embed, "load_folder", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    convert(fence("journey: store-event") + "\n" + fence("journey: support-case"), journeys)
    convert(fence("journey: store-event"), journeys)
    assert calls == [journeys.resolve()]


FENCE_PAGE = "# Fences\n\n" + fence("journey: a") + "\n" + fence("journey: a\ncharts: [heatmap]")


def fence_site(new_site: Callable[..., Site], *, plugin: bool, page: str = FENCE_PAGE) -> Site:
    extra = f"markdown_extensions:\n  - {EXTENSION}\n"
    site = new_site(
        {"a.yml": journey_yaml()}, docs={"index.md": "# Home\n", "fence.md": page}, extra=extra
    )
    if not plugin:
        config = site.config_file.read_text(encoding="utf-8")
        site.write("mkdocs.yml", config.replace("plugins:\n- touchpoints: {}\n", "plugins: []\n"))
    return site


def test_under_mkdocs_with_the_plugin_the_loaded_handbook_is_reused(
    new_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = fence_site(new_site, plugin=True)
    monkeypatch.chdir(site.root)
    monkeypatch.setattr(embed, "load_folder", lambda *a, **k: pytest.fail("a second parse"))
    build_site(site)
    html = site.page("fence/")
    assert html.count('data-tp-chart="heatmap"') == 2
    assert len(ids(html)) == len(set(ids(html)))


def test_under_mkdocs_without_the_plugin(
    new_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = fence_site(new_site, plugin=False)
    monkeypatch.chdir(site.root)
    build_site(site)
    assert site.page("fence/").count('data-tp-chart="heatmap"') == 2


def test_a_strict_mkdocs_build_fails_on_a_bad_fence(
    new_site: Callable[..., Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.exceptions import Abort

    site = fence_site(new_site, plugin=True, page=fence("journey: b"))
    monkeypatch.chdir(site.root)
    with pytest.raises(Abort):
        build_site(site)


def test_a_fence_shown_inside_a_longer_fence_stays_code(journeys: Path) -> None:
    text = "````markdown\n" + fence("journey: store-event") + "````\n"
    html = convert(text, journeys, "fenced_code")
    assert "data-tp-figure" not in html and "journey: store-event" in html
