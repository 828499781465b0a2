"""The static site (``make site``) opened from disk (file:// URLs) in headless Chromium: every page (index and
each notebook) loads without any request leaving the machine, every image has real alt text, every internal link
leads to an existing page and, with a #fragment, to an element with that id, and axe-core finds no critical or
serious violation. A screenshot of one page goes to ``tests/artifacts/site-03_antigen_recognition.png``.

Chromium is Debian's package driven by Playwright for Python (never ``playwright install``). Without chromium, the
``playwright`` package or axe-core the tests are skipped with the reason, except when ``CI`` is set: then they fail
(the policy of tests/test_browser.py).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pytest

from browser_support import AXE_JS, artifacts_dir, chromium_browser, find_axe, unavailable

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from export_site import export  # noqa: E402

pytestmark = pytest.mark.browser

SCREENSHOT_PAGE = "03_antigen_recognition.html"
AXE_TIMEOUT_S = 45


_unavailable = unavailable


#: For the page: every image's alt text, and every link's href, resolved URL and (for a link within the site)
#: its target page's path and fragment.
PAGE_FACTS_JS = """() => ({
  images: Array.from(document.images).map(img => ({alt: img.getAttribute('alt') || '', complete: img.complete,
                                                   width: img.naturalWidth})),
  links: Array.from(document.querySelectorAll('a[href]')).map(a => ({href: a.getAttribute('href'), url: a.href})),
  ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
  lang: document.documentElement.lang,
  scripts: document.scripts.length,
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    export(out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as browser:
        yield browser


def _pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


#: Start axe-core (injected first) without awaiting it; the result lands in window.__actAxe. Every page's check
#: runs at once (each page has its own renderer process), which keeps the module fast on a small machine.
START_AXE_JS = f"""(args) => {{
  window.__actAxe = null;
  ({AXE_JS})(args).then(v => {{ window.__actAxe = {{violations: v}}; }},
                        e => {{ window.__actAxe = {{error: String(e)}}; }});
}}"""

_LOCAL = ("file://", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def visits(site: Path, browser: Browser) -> dict[str, dict[str, Any]]:
    """Every page opened from disk once, in its own context: its facts, the requests that would have left the
    machine (recorded and aborted) and axe-core's violations on the whole page."""
    axe = find_axe()
    if axe is None:
        _unavailable("axe-core is not installed (make installs it from the npm registry)")
    shot = artifacts_dir() / f"site-{Path(SCREENSHOT_PAGE).stem}.png"
    shot.unlink(missing_ok=True)
    opened = []
    try:
        for path in _pages(site):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            remote: list[str] = []

            def route(route: Any, remote: list[str] = remote) -> None:
                if route.request.url.startswith(_LOCAL):
                    route.continue_()
                else:
                    remote.append(route.request.url)
                    route.abort()

            context.route("**/*", route)
            context.on("request", lambda request, remote=remote: None if request.url.startswith(_LOCAL)
                       else remote.append(request.url))
            page = context.new_page()
            opened.append((path, context, page, remote))
            page.goto(path.as_uri(), wait_until="load")
            if path.name == SCREENSHOT_PAGE:
                page.screenshot(path=str(shot))
            page.add_script_tag(path=str(axe))
            page.evaluate(START_AXE_JS, [["html"], []])
        results = {}
        for path, _, page, remote in opened:
            page.wait_for_function("() => window.__actAxe !== null", timeout=AXE_TIMEOUT_S * 1000, polling=250)
            axe_result = page.evaluate("() => window.__actAxe")
            assert "error" not in axe_result, f"{path.name}: axe-core failed: {axe_result['error']}"
            facts = page.evaluate(PAGE_FACTS_JS)
            facts.update(remote=sorted(set(remote)), violations=axe_result["violations"])
            results[path.name] = facts
        return results
    finally:
        for _, context, _, _ in opened:
            context.close()


def test_every_page_is_visited(site: Path, visits: dict[str, dict[str, Any]]) -> None:
    names = {path.name for path in _pages(site)}
    assert "index.html" in names and SCREENSHOT_PAGE in names and len(names) >= 3
    assert set(visits) == names
    assert (artifacts_dir() / f"site-{Path(SCREENSHOT_PAGE).stem}.png").is_file()


def test_no_request_leaves_the_machine(visits: dict[str, dict[str, Any]]) -> None:
    remote = {name: facts["remote"] for name, facts in visits.items() if facts["remote"]}
    assert not remote, f"requests to other machines: {remote}"


def test_every_image_has_alt_text_and_loads(visits: dict[str, dict[str, Any]]) -> None:
    for name, facts in visits.items():
        for image in facts["images"]:
            assert len(image["alt"].strip()) > 20 and "No description" not in image["alt"], (name, image["alt"])
            assert image["complete"] and image["width"] > 0, f"{name}: an image did not load"
    assert sum(len(facts["images"]) for facts in visits.values()) > 5


def test_internal_links_resolve_to_pages_and_ids(site: Path, visits: dict[str, dict[str, Any]]) -> None:
    """Every link to a page of the site (file:// in the browser) names an existing page and, with a #fragment,
    an element of that page with that id (read from the target page's DOM)."""
    site_uri = site.resolve().as_uri() + "/"
    checked = 0
    for name, facts in visits.items():
        for link in facts["links"]:
            url = link["url"]
            if not url.startswith("file://"):
                assert url.startswith(("http://", "https://", "mailto:")), f"{name}: odd link {link['href']}"
                continue
            assert url.startswith(site_uri), f"{name}: link outside the site: {link['href']}"
            target, _, fragment = url[len(site_uri):].partition("#")
            assert target in visits, f"{name}: link to a page that does not exist: {link['href']}"
            if fragment:  # as browsers look a fragment up: the id as written, else percent-decoded
                ids = visits[target]["ids"]
                assert fragment in ids or unquote(fragment) in ids, f"{name}: no #{fragment} in {target}"
            checked += 1
    assert checked > 50


def test_no_serious_accessibility_violations(visits: dict[str, dict[str, Any]]) -> None:
    serious = {name: [v for v in facts["violations"] if v["impact"] in ("critical", "serious")]
               for name, facts in visits.items()}
    serious = {name: found for name, found in serious.items() if found}
    assert not serious, f"axe-core violations: {serious}"
    for name, facts in visits.items():
        assert facts["lang"] == "en", name


def test_missing_browser_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """The policy of tests/test_browser_policy.py, for this module's own ``_unavailable``."""
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        _unavailable("Debian's chromium is not installed")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        _unavailable("Debian's chromium is not installed")


def test_each_prediction_sheet_prints_on_one_page(site: Path, browser: Browser) -> None:
    """A student gets one printed page per notebook (A4, the browser's print layout)."""
    sheets = sorted(site.glob("prediction-sheet-*.html"))
    assert sheets
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        for sheet in sheets:
            page.goto(sheet.as_uri())
            pdf = page.pdf(format="A4")
            pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
            assert pages == 1, f"{sheet.name} prints on {pages} pages"
    finally:
        page.close()
