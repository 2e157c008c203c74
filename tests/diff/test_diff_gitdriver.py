"""git integration recipes: the external diff driver and the textconv outline."""

from __future__ import annotations

import shlex
import sys

import pytest

from mkdocs_touchpoints.diff.outline import outline
from tests.diff.conftest import FIXTURES

EVERYTHING = FIXTURES / "everything"
COMMAND = f"{shlex.quote(sys.executable)} -m mkdocs_touchpoints diff"


@pytest.fixture
def configured(repo):
    """A repo with the recipe of docs/diff.md and two commits of the `everything` pair."""
    (repo.root / ".gitattributes").write_text(
        "journeys/**/*.yml   diff=touchpoints\njourneys/**/*.yaml  diff=touchpoints\n"
    )
    repo.git("config", "diff.touchpoints.textconv", f"{COMMAND} --textconv")
    repo.git("config", "diff.touchpoints.command", f"{COMMAND} --format text --git-external-diff")
    repo.put(EVERYTHING / "base")
    repo.commit("base")
    repo.put(EVERYTHING / "head")
    repo.commit("head")
    return repo


@pytest.mark.slow
def test_git_log_p_shows_the_outline_diff(configured) -> None:
    out = configured.git("log", "-p", "-1", "journeys/")
    lines = out.splitlines()
    assert "-touchpoint website type: reactive" in lines
    assert "+touchpoint website type: proactive" in lines
    assert "-team crm: CRM\n+team crm: CRM and marketing\n" in out
    # Only the phase order changed in parcel.yml: comments and key order are gone.
    parcel = out[out.index("b/journeys/delivery/parcel.yml") :].split("diff --git")[0]
    assert "-phase shipping: Shipping" in parcel and "+phase shipping: Shipping" in parcel
    assert "Only the phase order changed" not in parcel


def test_git_log_p_ext_diff_shows_the_semantic_diff(configured) -> None:
    out = configured.git("log", "-p", "--ext-diff", "-1", "journeys/")
    assert "touchpoints diff a/journeys/shop.yml b/journeys/shop.yml\n" in out
    assert "TP-W001  touchpoint 'website': type changed from 'reactive' to 'proactive'" in out
    assert "TP-B001  journey 'gone' removed" in out
    assert "TP-I001  journey 'returns' added" in out
    assert "TP-I013  team 'crm': name changed from 'CRM' to 'CRM and marketing'" in out
    assert "TP-W006  journey 'parcel': phases reordered" in out


def test_git_diff_uses_the_driver_for_the_working_tree(configured) -> None:
    shop = configured.root / "journeys" / "shop.yml"
    shop.write_text(shop.read_text().replace("friction: 2", "friction: 5"))
    out = configured.git("diff", "journeys/")
    assert "step 6 (purchase / checkout): friction changed from 2 to 5" in out


def test_an_invalid_file_prints_its_errors_and_git_goes_on(configured) -> None:
    shop = configured.root / "journeys" / "shop.yml"
    shop.write_text("title: [broken\n")
    (configured.root / "journeys" / "returns.yml").write_text(
        (EVERYTHING / "head" / "returns.yml").read_text().replace("Returns form", "Return form")
    )
    out = configured.git("diff", "journeys/")
    assert "b/journeys/shop.yml has errors; no semantic diff:" in out
    assert "touchpoint 'returns-form': name changed" in out


def test_the_driver_checks_its_arguments(cli) -> None:
    code, _, err = cli("diff", "--git-external-diff", "a", "b")
    assert code == 2 and "expects PATH OLD-FILE" in err
    code, out, _ = cli("diff", "--git-external-diff", "journeys/x.yml")
    assert code == 0 and "unmerged" in out


def test_the_driver_reads_dev_null_as_no_file(cli) -> None:
    head = str(EVERYTHING / "head" / "returns.yml")
    code, out, _ = cli(
        "diff",
        "--git-external-diff",
        "journeys/returns.yml",
        "/dev/null",
        ".",
        ".",
        head,
        "x",
        "100644",
    )
    assert code == 0
    assert "TP-I001  journey 'returns' added" in out


def test_outline_of_an_invalid_file_is_its_text() -> None:
    assert outline(b"title: [broken\n", "x.yml") == "title: [broken\n"


def test_outline_leaves_out_an_id_the_file_does_not_write() -> None:
    text = (EVERYTHING / "base" / "gone.yml").read_bytes()
    assert outline(text, "XXXXXX_gone.yml").startswith("title: A journey that goes away\n")
    written = (EVERYTHING / "base" / "shop.yml").read_bytes()
    assert outline(written, "tmp123_shop.yml").startswith("journey shop\n")


def test_textconv_command(cli) -> None:
    code, out, _ = cli("diff", "--textconv", str(EVERYTHING / "base" / "_teams.yml"))
    assert code == 0
    assert out.splitlines()[:3] == [
        "team crm: CRM",
        "team ecommerce: E-commerce",
        "team ecommerce contact: shop@example.com",
    ]
    code, _, err = cli("diff", "--textconv", "no/such/file.yml")
    assert code == 2 and "cannot read no/such/file.yml" in err
