"""Each error path: located diagnostics, PluginError without traceback, --strict warnings."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from mkdocs.exceptions import Abort

from .conftest import Site, build_site, journey_yaml, run_tool

BROKEN = journey_yaml().replace("owner: shop", "owner: shpo\nbogus: 1")
UNUSED = journey_yaml() + "  # unused touchpoint below\n"


def messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level]


def test_invalid_journeys_stop_the_build_with_every_located_error(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    site = new_site(
        {"a.yml": BROKEN, "sub/b.yml": journey_yaml().replace("friction: 2", "friction: 9")}
    )
    with pytest.raises(Abort):
        build_site(site)
    [error] = messages(build_log, logging.ERROR)
    assert error.startswith("3 error(s) in the journeys:")
    assert "journeys/a.yml:2:8: error: unknown team 'shpo'; did you mean 'shop'?" in error
    assert "journeys/a.yml:3:1: error: unknown key 'bogus'" in error
    assert "journeys/sub/b.yml:9:" in error and "friction" in error
    assert not (site.site_dir / "journeys").exists()


def test_the_command_line_shows_no_traceback(new_site: Callable[..., Site]) -> None:
    site = new_site({"a.yml": BROKEN})
    result = run_tool("mkdocs", site, "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "journeys/a.yml:3:1: error: unknown key 'bogus'" in result.stderr


def test_warnings_fail_strict_builds_only(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    unused = journey_yaml().replace(
        "touchpoints:\n", "touchpoints:\n  - {id: idle, name: Idle, channel: app, type: reactive}\n"
    )
    site = new_site({"a.yml": unused})
    build_site(site, strict=False)
    assert "touchpoint 'idle' is used by no step" in "\n".join(messages(build_log, logging.WARNING))
    assert any(
        m.startswith("mkdocs_touchpoints: journeys/a.yml:5:10: warning: touchpoint 'idle'")
        for m in messages(build_log, logging.WARNING)
    )
    with pytest.raises(Abort, match="strict"):
        build_site(site, strict=True)


def test_invalid_teams_file_is_located(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    site = new_site(teams="teams:\n  - {id: shop, name: Shop, contact: not-an-address}\n")
    with pytest.raises(Abort):
        build_site(site)
    [error] = messages(build_log, logging.ERROR)
    assert "journeys/_teams.yml:2:" in error and "not-an-address" in error


def test_missing_journeys_folder(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    site = new_site({}, options={"journeys_dir": "nowhere"})
    with pytest.raises(Abort):
        build_site(site)
    assert "journeys folder not found: nowhere" in "\n".join(messages(build_log, logging.ERROR))


def test_a_teams_file_named_in_the_options_must_exist(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    site = new_site(options={"teams_file": "people.yml"})
    with pytest.raises(Abort):
        build_site(site)
    assert "teams file not found: people.yml" in "\n".join(messages(build_log, logging.ERROR))


def test_a_teams_file_elsewhere(new_site: Callable[..., Site]) -> None:
    site = new_site(teams=None, options={"teams_file": "config/people.yml"})
    site.write(
        "config/people.yml", "teams:\n  - {id: shop, name: The shop}\n  - {id: crm, name: C}\n"
    )
    build_site(site)
    assert "The shop" in site.page("teams/shop/")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"journeys_url": "/abs/"}, "relative to the site root"),
        ({"teams_url": "https://x/"}, "relative to the site root"),
        ({"teams_url": "a//b"}, "relative to the site root"),
        ({"journeys_url": "../up/"}, "cannot start with '.'"),
        ({"nav": {"threshold": -1}}, "0 or more"),
        ({"nav": {"threshold": True}}, "whole number"),
        ({"enabled": "yes"}, "enabled"),
    ],
)
def test_invalid_options_are_configuration_errors(
    options: dict[str, object],
    expected: str,
    new_site: Callable[..., Site],
    build_log: pytest.LogCaptureFixture,
) -> None:
    site = new_site(options=options)
    with pytest.raises(Abort, match="configuration error"):
        build_site(site)
    assert expected in "\n".join(messages(build_log, logging.ERROR))


def test_an_unknown_nav_option_is_a_warning(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    site = new_site(options={"nav": {"colour": "red"}})
    with pytest.raises(Abort, match="strict"):
        build_site(site)
    assert "Sub-option 'colour': Unrecognised" in "\n".join(messages(build_log, logging.WARNING))


def test_same_journeys_and_teams_urls(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    site = new_site(options={"journeys_url": "pages/", "teams_url": "pages"})
    with pytest.raises(Abort):
        build_site(site)
    assert "must differ" in "\n".join(messages(build_log, logging.ERROR))


def test_a_hand_written_page_wins_with_a_warning(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    site = new_site(docs={"index.md": "# Home\n", "journeys/a.md": "# Written by hand\n"})
    build_site(site, strict=False)
    assert "Written by hand" in site.page("journeys/a/")
    [warning] = messages(build_log, logging.WARNING)
    assert "journeys/a.md" in warning and "hand-written" in warning
    with pytest.raises(Abort):
        build_site(site, strict=True)


def test_description_links(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    described = journey_yaml().replace(
        "owner: shop",
        "owner: shop\ndescription: See [home](../index.md), [crm](../teams/crm.md#top) "
        "and [gone](../missing.md).",
    )
    site = new_site({"a.yml": described})
    build_site(site, strict=False)
    html = site.page("journeys/a/")
    assert 'href="../../"' in html and 'href="../../teams/crm/#top"' in html
    [warning] = messages(build_log, logging.WARNING)
    assert warning == (
        "mkdocs_touchpoints: journeys/a.yml:3:14: warning: description links to "
        "'../missing.md', which is not a file of the site"
    )
