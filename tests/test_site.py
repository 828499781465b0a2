"""The static export (``make site``, nbconvert): every page exports, links between notebooks and to the glossary
resolve to exported pages and their headings, every image has real alt text, and links are underlined."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from export_site import export  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    pages = export(out)
    return out, {page.name: BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser") for page in pages}


def test_every_notebook_is_exported_with_an_index(site):
    out, pages = site
    notebooks = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert {Path(name).stem for name in pages} == notebooks | {"index"}


def test_internal_links_resolve_to_pages_and_headings(site):
    out, pages = site
    checked = 0
    for name, soup in pages.items():
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue  # external (http, https, mailto)
            target, _, fragment = href.partition("#")
            assert not target.endswith(".ipynb"), f"{name}: link not rewritten: {href}"
            page = target or name
            assert page in pages, f"{name}: link to a page that does not exist: {href}"
            if fragment:
                found = pages[page].find(id=fragment) or pages[page].find(id=unquote(fragment))
                assert found, f"{name}: no #{fragment} in {page}"
            checked += 1
    assert checked > 50


def test_every_image_has_alt_text(site):
    _, pages = site
    for name, soup in pages.items():
        for img in soup.find_all("img"):
            alt = img.get("alt", "")
            assert len(alt) > 20 and "No description" not in alt, f"{name}: image without alt text"


def test_pages_carry_the_course_stylesheet(site):
    _, pages = site
    for name, soup in pages.items():
        assert "text-decoration: underline" in "".join(s.get_text() for s in soup.find_all("style")), name
