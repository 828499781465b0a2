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

from export_site import escape_currency, export, tex_to_html  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    pages = export(out)
    return out, {page.name: BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser") for page in pages}


def test_every_notebook_is_exported_with_an_index(site):
    out, pages = site
    notebooks = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    sheets = {f"prediction-sheet-{p.stem}" for p in (ROOT / "teacher").glob("0*.md")}
    assert {Path(name).stem for name in pages} == notebooks | {"index"} | sheets


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


def test_no_resource_is_loaded_from_another_machine(site):
    """No script, stylesheet, image, frame or font comes from a URL (the lab template's CDN scripts are dropped);
    ordinary hyperlinks in the text may point anywhere."""
    out, pages = site
    for name, soup in pages.items():
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "audio", "video", "embed", "object"]):
            for attribute in ("src", "href", "data", "srcset"):
                value = tag.get(attribute) or ""
                assert not re.match(r"^(https?:)?//", value), f"{name}: <{tag.name} {attribute}={value!r}>"
        assert not soup.find_all("script"), f"{name}: the static pages need no script"
        for style in soup.find_all("style"):
            assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", style.get_text()), f"{name}: remote CSS"


def test_math_is_rendered_and_no_tex_is_left(site):
    _, pages = site
    assert sum(len(soup.select("span.tex")) for soup in pages.values()) > 50
    for name, soup in pages.items():
        left = soup.select("code.tex-source")
        assert not left, f"{name}: TeX outside the converted subset: {left}"
        for p in soup.select(".jp-RenderedMarkdown"):
            text = p.get_text()
            assert not re.search(r"\\(frac|kappa|theta|text|left|right)\b", text), f"{name}: raw TeX: {text[:200]}"


def test_amounts_of_money_are_text_not_math(site):
    _, pages = site
    text = pages["07_cost_and_complexity.html"].get_text()
    assert "$57,000 to $59,000 per patient" in text


def test_explorers_show_their_stored_png_not_a_widget(site):
    _, pages = site
    for name, soup in pages.items():
        assert not soup.find("script", type="application/vnd.jupyter.widget-view+json"), name
    assert sum(len(soup.find_all("img")) for soup in pages.values()) > 5


def test_pages_are_readable_and_printable(site):
    _, pages = site
    for name, soup in pages.items():
        css = "".join(s.get_text() for s in soup.find_all("style"))
        assert "@media print" in css and "break-inside: avoid" in css, name
        assert "line-height: 1.5" in css and "max-width: 50rem" in css, name
        assert soup.html.get("lang") == "en", name
        assert soup.find("main") and soup.find("nav"), name
        assert soup.title and soup.title.get_text().strip() not in ("", "Notebook"), name
        ids = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"


@pytest.mark.parametrize("tex, expected", [
    ("K_D", "<var>K</var><sub><var>D</var></sub>"),
    ("k_{off}", "<var>k</var><sub><var>off</var></sub>"),
    ("2\\times10^9", "2×10<sup>9</sup>"),
    ("\\kappa_2 x = \\theta", "κ<sub>2</sub> <var>x</var> = θ"),
    ("R + L \\rightleftharpoons C", "<var>R</var> + <var>L</var> ⇌ <var>C</var>"),
])
def test_tex_to_html(tex, expected):
    assert tex_to_html(tex) == f'<span class="tex">{expected}</span>'


def test_tex_outside_the_subset_is_shown_as_source():
    assert tex_to_html("\\mathcal{L}") == '<code class="tex-source">$\\mathcal{L}$</code>'
    assert "tex-frac" in tex_to_html("\\frac{a}{b}", display=True)


def test_escape_currency():
    assert escape_currency("cost $57,000 to $59,000 each") == "cost \\$57,000 to \\$59,000 each"
    assert escape_currency("$2^6 = 64$ and $K_D$") == "$2^6 = 64$ and $K_D$"
    assert escape_currency("`$5` and $$x$$") == "`$5` and $$x$$"


def test_every_guide_has_a_printable_prediction_sheet_without_answers(site):
    """The site carries each teacher guide's prediction sheet as a page of its own (no answer key), linked from the
    index, with every Try-it task of the notebook."""
    sys.path.insert(0, str(ROOT / "tools"))
    import build_teacher_guides as guides_tool

    _, pages = site
    index = pages["index.html"]
    for notebook, guide in guides_tool.guides():
        stem = Path(notebook).stem
        name = f"prediction-sheet-{stem}.html"
        assert name in pages, name
        assert index.find("a", href=name), f"index does not link {name}"
        text = " ".join(pages[name].get_text(" ").split())
        assert "My prediction" in text and "Answer" not in text and "Model answers" not in text
        for section in guides_tool.sections(notebook):
            for task in section["tasks"]:
                plain = BeautifulSoup(guides_tool._unlink(task), "html.parser").get_text()
                words = re.findall(r"[A-Za-z]{5,}", plain)[:6]
                assert all(w in text for w in words), (name, task[:60])
