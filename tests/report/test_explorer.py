"""The explorable theory (cmo explore), driven in headless Chromium with real clicks."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cmo
from cmo.report.explorer import MAX_WHOLE, write_explorer
from cmo.synthetic import synthetic_collection, synthetic_revision

from ..conftest import EXAMPLE
from .test_explorer_data import checked_theory

INITIAL = EXAMPLE.parent / "initial.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed "
                                 "(pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("dot") is None,
    reason="needs Debian's chromium (make browser) and Graphviz's dot")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("explorer") / "theory.html"
    return write_explorer(cmo.load(EXAMPLE), path, initial=cmo.load(INITIAL))


class Page:
    """A page of the explorer, with what it logged and every request it made."""

    def __init__(self, browser: Any, path: Path, fragment: str = "") -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.set_default_timeout(5000)
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: self.problems.append(message.text)
                     if message.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = path.as_uri()
        self.page.goto(self.url + fragment)

    def classed(self, name: str) -> list[str]:
        """The list items (configurations) with class ``name``, by name."""
        return self.page.eval_on_selector_all(
            f"#list li.{name}:not([hidden]) button", "bs => bs.map(b => b.textContent)")

    def shown(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#list li:not([hidden]) button", "bs => bs.map(b => b.textContent)")

    def nodes(self, name: str) -> list[str]:
        """The diagram's elements with class ``name`` in the view shown."""
        return sorted(self.page.eval_on_selector_all(
            f"figure.view:not([hidden]) g.node.{name}", "gs => gs.map(g => g.dataset.node)"))

    def close(self) -> None:
        assert self.problems == []
        assert self.requests == [self.url.split("#")[0]]
        self.page.close()


@pytest.fixture
def page(browser, example) -> Iterator[Page]:
    opened = Page(browser, example)
    yield opened
    opened.close()


def test_nothing_is_fetched_and_nothing_goes_wrong(page):
    assert page.page.inner_text("#hits") == "11 of 11 configurations"
    assert page.page.is_visible("#view-theory") and page.page.is_hidden("#view-changes")
    assert page.page.is_hidden("#panel")


def test_clicking_an_element_highlights_its_configurations_and_chains(page):
    page.page.click("figure.view:not([hidden]) g.node[data-node='trust']")
    assert page.page.inner_text("#hits") == (
        "Patient trusts the link worker: CMOC 2, CMOC 8, CMOC 9; on its chains: CMOC 7")
    assert page.classed("hit") == ["CMOC 2", "CMOC 8", "CMOC 9"]
    assert page.classed("chained") == ["CMOC 7"]
    assert page.nodes("selected") == ["trust"]
    assert "o-patient-has-a-sense-of-hope" in page.nodes("hit")
    assert "c-patient-is-uncertain-about-the-link-f4b5" in page.nodes("chained")
    assert "o-person-centred-care" in page.nodes("dim")


def test_clicking_a_configuration_opens_its_panel_and_names_it_in_the_address(page):
    page.page.click("button.cmoc[data-id='hope-through-trust']")
    panel = page.page.inner_text("#panel")
    assert page.page.url.endswith("#cmoc-9")
    assert page.page.inner_text("#panel h2") == "CMOC 9 · hope-through-trust"
    for line in ("Status\nnew", "Changed\nadded", "Rigour\n1 high",
                 "Support\n1 supporting, 0 refuting, 0 refining, from 1 source",
                 "Evidence (1)", "tierney2024 (tierney-hope)"):
        assert line in panel
    assert page.page.inner_text("#panel q") == (
        "Patients talked about experiencing a sense of hope through the trust they developed "
        "in a link worker.")
    assert page.page.eval_on_selector_all("#panel .retroduction li b",
                                          "bs => bs.map(b => b.textContent)") == [
        "abductive: ", "retroductive: ", "Set aside: ", "Why: "]
    assert page.classed("hit") == ["CMOC 9"]
    assert page.page.inner_text("#hits") == "Open: CMOC 9; on its chains: CMOC 7, CMOC 2, CMOC 8"


def test_a_fragment_opens_its_configuration(browser, example):
    opened = Page(browser, example, "#cmoc-7")
    assert opened.page.inner_text("#panel h2") == "CMOC 7 · referral-buy-in"
    opened.page.keyboard.press("Escape")
    assert opened.page.is_hidden("#panel") and "#" not in opened.page.url
    opened.close()
    dropped = Page(browser, example, "#cmoc-1")  # removed: shown with what changed
    assert dropped.page.inner_text("#panel h2") == "CMOC 1 · role-understanding"
    assert dropped.page.is_checked("#changes") and dropped.page.is_visible("#view-changes")
    dropped.close()


def test_the_keyboard_tabs_through_the_list_opens_and_closes(page):
    page.page.focus("#clear")
    page.page.keyboard.press("Tab")
    assert page.page.evaluate("document.activeElement.textContent") == "CMOC 7"
    page.page.keyboard.press("Tab")
    page.page.keyboard.press("Enter")
    assert page.page.inner_text("#panel h2") == "CMOC 2 · trust-through-skills"
    page.page.keyboard.press("Escape")
    assert page.page.is_hidden("#panel") and page.classed("hit") == []
    page.page.focus("figure.view:not([hidden]) g.node[data-node='trust']")  # the diagram too
    page.page.keyboard.press("Enter")
    assert page.classed("hit") == ["CMOC 2", "CMOC 8", "CMOC 9"]
    assert page.page.get_attribute("figure.view:not([hidden]) g.node[data-node='trust']",
                                   "aria-label") == "Patient trusts the link worker"


def test_searching_labels_and_quotes(page):
    page.page.fill("#search", "anchor point")
    assert page.shown() == ["CMOC 8", "CMOC 11"]
    assert page.page.inner_text("#hits") == "2 of 11 configurations"
    assert "m-link-worker-acts-as-an-anchor-point-a-e67a" in page.nodes("match")
    assert "o-person-centred-care" in page.nodes("dim")
    page.page.fill("#search", "sense of hope through the trust")  # in a quote only
    assert page.shown() == ["CMOC 9"]


def test_filters_narrow_the_configurations(page):
    assert page.page.is_hidden("#filter-wave") and page.page.is_hidden("#filter-site")  # none given
    page.page.select_option("#filter-status", "refined")
    assert page.shown() == ["CMOC 2", "CMOC 4", "CMOC 3", "CMOC 6"]
    page.page.select_option("#filter-stance", "refines")
    assert page.shown() == [] and page.page.inner_text("#hits") == "0 of 11 configurations"
    page.page.select_option("#filter-status", "")
    assert page.shown() == ["CMOC 7"]
    page.page.click("#clear")
    page.page.select_option("#filter-theme", "Trust and hope")
    assert page.shown() == ["CMOC 2", "CMOC 8", "CMOC 9"]
    assert "o-person-centred-care" in page.nodes("dim")
    assert "o-patient-has-a-sense-of-hope" not in page.nodes("dim")


def test_filters_by_wave_and_site(browser, tmp_path):
    theory = synthetic_collection(12, evidence_per_configuration=2)  # synthetic
    path = write_explorer(theory, tmp_path / "small.html")
    opened = Page(browser, path)
    opened.page.select_option("#filter-wave", "2")
    opened.page.select_option("#filter-site", "Site A")
    assert opened.shown() == [f"CMOC {number}" for number, c in enumerate(
        theory.configurations, 1) if any(e.excerpt.source.wave == "2" for e in c.evidence)
        and any(e.excerpt.source.site == "Site A" for e in c.evidence)]
    opened.close()


def test_the_toggle_shows_what_changed(page):
    page.page.check("#changes")
    assert page.page.is_visible("#view-changes") and page.page.is_hidden("#view-theory")
    assert page.page.eval_on_selector_all("#view option", "os => os.map(o => o.value)") == [
        "theory"]
    page.page.click("figure.view:not([hidden]) g.node[data-node='trust']")
    assert page.classed("hit") == ["CMOC 2", "CMOC 8", "CMOC 9"]


def test_a_removed_configuration_is_listed_and_opened_with_what_changed(page):
    assert "CMOC 1 (removed)" not in page.shown()
    page.page.check("#changes")
    assert page.shown()[-1] == "CMOC 1 (removed)"
    assert page.page.inner_text("#hits") == "12 of 12 configurations"
    page.page.click("button.cmoc[data-id='role-understanding']")
    assert page.page.inner_text("#panel h2") == "CMOC 1 · role-understanding"
    assert "Changed\nremoved" in page.page.inner_text("#panel")
    assert page.nodes("hit") == ["c-patient-understands-what-the-link-worker-97af",
                                 "link-worker-referral", "m-patient-feels-ownership-of-a-process-6519",
                                 "referral-agreed"]
    page.page.keyboard.press("Escape")
    page.page.uncheck("#changes")
    assert page.page.inner_text("#hits") == "11 of 11 configurations"


def test_quotes_withheld_are_said_to_be(browser, tmp_path):
    path = write_explorer(cmo.load(EXAMPLE), tmp_path / "theory.html", quotes=False)
    assert "Patients talked about" not in path.read_text(encoding="utf-8")
    opened = Page(browser, path, "#cmoc-4")
    assert opened.page.inner_text("#panel .evidence i") == "[quote withheld]"
    opened.close()


def test_a_large_theory_opens_on_its_summary_and_drills_into_a_theme(browser, tmp_path):
    theory = synthetic_collection(150, evidence_per_configuration=3)
    assert len(theory.configurations) > MAX_WHOLE
    path = write_explorer(theory, tmp_path / "large.html")
    opened = Page(browser, path)
    assert opened.page.inner_text("figure.view:not([hidden]) figcaption") == (
        "Summary: one box per theme")
    opened.page.click("figure.view:not([hidden]) g.theme-box:has-text('Trust and hope')")
    assert opened.page.inner_text("figure.view:not([hidden]) figcaption") == "Trust and hope"
    trust = [f"CMOC {n}" for n, c in enumerate(theory.configurations, 1) if c.theme == "Trust and hope"]
    assert len(trust) == 30 and opened.shown() == trust
    assert opened.page.input_value("#filter-theme") == "Trust and hope"
    opened.page.click("#clear")  # back to the summary, every configuration listed
    assert opened.page.input_value("#view") == "summary" and len(opened.shown()) == 150
    opened.close()
    at_one = Page(browser, path, "#cmoc-150")  # its theme's diagram, drawn alone
    theme = theory.configurations[149].theme
    assert at_one.page.inner_text("figure.view:not([hidden]) figcaption") == theme
    assert at_one.page.inner_text("#panel h2") == f"CMOC 150 · {theory.configurations[149].id}"
    assert at_one.nodes("hit") and not set(at_one.nodes("hit")) & set(at_one.nodes("dim"))
    assert "null" not in at_one.page.inner_text("#panel")  # no retroduction log, no rigour
    assert re.fullmatch(r"Open: CMOC 150; on its chains: (CMOC \d+, ){11}CMOC \d+ and \d+ more",
                        at_one.page.inner_text("#hits"))
    at_one.close()


def test_a_large_theory_shows_what_changed_theme_by_theme(browser, tmp_path):
    initial = synthetic_collection(150, evidence_per_configuration=1)  # synthetic
    refined = synthetic_revision(initial)
    path = write_explorer(refined, tmp_path / "large.html", initial=initial)
    opened = Page(browser, path)
    opened.page.check("#changes")  # the summary has no diagram of what changed: it stays
    assert opened.page.inner_text("figure.view:not([hidden]) figcaption") == (
        "Summary: one box per theme")
    opened.page.select_option("#view", "theme-1")
    assert opened.page.inner_text("figure.view:not([hidden]) figcaption") == (
        "Buy-in: what changed")
    opened.page.uncheck("#changes")
    assert opened.page.inner_text("figure.view:not([hidden]) figcaption") == "Buy-in"
    opened.close()


def test_a_badge_opens_its_configuration_and_the_size_toggles(page):
    page.page.click("figure.view:not([hidden]) g.node text:text-is('CMOC 9')")
    assert page.page.inner_text("#panel h2") == "CMOC 9 · hope-through-trust"
    page.page.keyboard.press("Escape")
    page.page.click("#size")
    assert page.page.get_attribute("#diagrams", "class") == "actual"
    assert page.page.inner_text("#size") == "Fit to width"


def test_quotes_not_found_verbatim_are_marked(browser, tmp_path):
    theory = checked_theory()
    verification = cmo.verify(theory)
    assert [verification.status(key) for key in ("exact", "altered", "invented")] == [
        "exact elsewhere", "near", "not found"]
    path = write_explorer(theory, tmp_path / "checked.html", verification=verification)
    opened = Page(browser, path, "#cmoc-1")
    assert opened.page.inner_text("#list li mark") == "⚠ 2 quotes not verbatim"
    marks = opened.page.eval_on_selector_all(
        "#panel .evidence li", "items => items.map(i => [i.querySelector('q').textContent, "
        "(i.querySelector('mark') || {}).textContent || ''])")
    score = round(verification.checked[1].match.score)  # 95.7: one word left out
    assert score == 96
    assert marks == [["The link worker listened to me", ""],
                     ["The link worker listened to me and I felt I could trust her with "
                      "things I never told anyone.", f"⚠ not verbatim: a near match ({score}/100)"],
                     ["I was given a leaflet about the gym", "⚠ not found in its source"]]
    opened.close()
