"""What the rendered chapters print, read from the built HTML (no browser needed).

The prose prints numbers like a textbook (a true minus sign, 0 for zero), the
outputs hold no raw object reprs, figure code is folded away, and every figure
is numbered and captioned.
"""

import re

import pytest
from bs4 import BeautifulSoup

from browser_support import toc_pages

CHAPTERS = [page for page in toc_pages() if page.startswith("notebooks/")]
PROSE = "p, li, td, th, figcaption, dt, dd"
NOT_PROSE = "pre, code, script, style, .math, math, .highlight, .cell_input, .cell_output"
# A hyphen-minus where a minus sign is meant: before a digit, after a space or an opening bracket
HYPHEN_MINUS = re.compile(r"(?:^|[\s(\[=,;:])-\d")
ZERO_POINT_ZERO = re.compile(r"(?<![\d.])0\.0(?![\d])")
# Quotations keep their source's characters ("between -1 or 1")
QUOTATION = re.compile(r"“[^”]*”")
RAW_REPR = re.compile(r"<[A-Za-z_][\w.]*(?: object)? at 0x|^\[?None(?:, None)+|\bText\(|\bLegend at\b|np\.float64\(")


def page_soup(site, page):
    return BeautifulSoup((site.root / page).read_text(encoding="utf-8"), "html.parser")


def prose_texts(soup):
    main = soup.select_one("main") or soup
    texts = []
    for element in main.select(PROSE):
        if element.find_parent(["pre", "code"]) or element.find_parent(class_=["cell_input", "cell_output"]):
            continue
        copy = BeautifulSoup(str(element), "html.parser")
        for hidden in copy.select(NOT_PROSE):
            hidden.decompose()
        texts.append(QUOTATION.sub("“…”", " ".join(copy.get_text(" ").split())))
    return texts


def test_there_are_chapters():
    assert len(CHAPTERS) == 6


@pytest.mark.parametrize("page", CHAPTERS)
def test_prose_numbers_have_true_minus_signs_and_no_stray_zero(site, page):
    texts = prose_texts(page_soup(site, page))
    assert len(texts) > 20, "no prose found"
    hyphens = [t for t in texts if HYPHEN_MINUS.search(t)]
    zeros = [t for t in texts if ZERO_POINT_ZERO.search(t)]
    assert not hyphens, f"hyphen-minus before a number: {hyphens[:3]}"
    assert not zeros, f'"0.0" in the prose: {zeros[:3]}'


@pytest.mark.parametrize("page", CHAPTERS)
def test_outputs_hold_no_raw_reprs(site, page):
    outputs = page_soup(site, page).select(".cell_output")
    assert outputs, "no outputs found"
    raw = [o.get_text()[:120] for o in outputs if RAW_REPR.search(o.get_text())]
    assert not raw, f"raw object reprs in the outputs: {raw}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_figures_are_numbered_and_captioned_with_their_code_folded(site, page):
    soup = page_soup(site, page)
    images = [img for img in soup.select(".cell_output img")]
    assert images, "no figures found"
    for img in images:
        figure = img.find_parent("figure")
        assert figure is not None, f"a figure without a caption: {img.get('alt', '')[:80]!r}"
        caption = figure.find("figcaption")
        assert caption is not None and caption.select_one(".caption-number"), "a figure without a number"
        cell = img.find_parent(class_="cell")
        visible_input = [i for i in cell.select(".cell_input") if not i.find_parent("details")]
        assert not visible_input, f"figure code shown unfolded: {caption.get_text(' ')[:80]!r}"
