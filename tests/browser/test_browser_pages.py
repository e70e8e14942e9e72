"""Every page of the book as a reader's browser shows it, at desktop and phone widths.

Each page in the table of contents is opened once per width; what it showed is
collected and then checked by the tests below: no page or console errors, no
request refused or failed, every image loaded with alt text, every formula
typeset by MathJax, no sideways scrolling on a phone, launch buttons on the
notebook pages. Full-page screenshots land in tests/browser/screenshots/ for review.
"""

import base64
import hashlib
import re
from dataclasses import dataclass, field

import pytest
import yaml

from browser_support import (ASSETS, DESKTOP, PHONE, REPO, SCREENSHOTS, Visit, new_context, open_page, screenshot_name,
                             toc_pages)

PAGES = toc_pages()

INSPECT = r"""() => {
  const images = Array.from(document.images, (img) => ({
    src: img.currentSrc || img.src, alt: (img.getAttribute("alt") || "").trim(),
    loaded: img.complete && img.naturalWidth > 0,
  }));
  const maths = Array.from(document.querySelectorAll("span.math, div.math"));
  const untypeset = maths.filter((m) => !m.querySelector("mjx-container")).map((m) => m.textContent.slice(0, 80));
  const mathErrors = Array.from(document.querySelectorAll("mjx-merror"), (e) => e.getAttribute("data-mjx-error") || e.textContent);
  // TeX delimiters left in the text outside code: math that nothing typeset.
  const walker = document.createTreeWalker(document.querySelector("main") || document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("pre, code, script, style, mjx-container, .highlight")) continue;
    const match = node.textContent.match(/\\\(|\\\)|\\\[|\\\]|\$\$/);
    if (match) raw.push(node.textContent.trim().slice(0, 80));
  }
  const links = Array.from(document.querySelectorAll("a[href]"), (a) => a.href);
  const thebe = document.querySelectorAll("button.btn-launch-thebe, .thebe-launch-button").length;
  return {
    images, mathCount: maths.length, untypeset, mathErrors, raw, links, thebe,
    explorers: document.querySelectorAll(".one-neuron-explorer").length,
    scrollWidth: document.scrollingElement.scrollWidth, viewportWidth: window.innerWidth,
    title: document.title,
  };
}"""


# axe-core (npm, pinned in tests/browser/assets) with the WCAG 2.2 A and AA rules
# (WCAG 2.2 includes those of 2.0 and 2.1). No rule is switched off.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return {
    passes: result.passes.length,
    violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + (n.failureSummary || "").split("\\n").slice(0, 2).join(" ")),
    })),
  };
}"""


# Display equations wider than their box (cut off, or a scroll bar on a formula),
# and tables wider than the text column: those must scroll, with the cue under them.
FIT = r"""() => {
  const column = (document.querySelector("main article") || document.querySelector("main")).getBoundingClientRect().width;
  const wide = [];
  let equations = 0;
  // MathJax's display container scrolls when its formula is too wide; so may the div around it.
  document.querySelectorAll('mjx-container[display="true"]').forEach((box) => {
    if (box.getClientRects().length === 0) return;  // inside a closed dropdown
    equations += 1;
    const around = box.closest("div.math") || box.parentElement;
    const over = Math.max(box.scrollWidth - box.clientWidth, around.scrollWidth - around.clientWidth,
                          box.getBoundingClientRect().right - (around.getBoundingClientRect().right));
    if (over > 1) wide.push(`${Math.round(over)} px too wide: ${box.textContent.trim().slice(0, 60)}`);
  });
  const tables = [];
  document.querySelectorAll("main table").forEach((table) => {
    if (table.getClientRects().length === 0) return;
    const width = table.getBoundingClientRect().width;
    if (width <= column + 1) return;
    const box = table.closest(".pst-scrollable-table-container");
    const scrolls = box !== null && getComputedStyle(box).overflowX !== "visible" && box.getBoundingClientRect().width <= column + 1;
    const cue = box !== null && box.nextElementSibling !== null && box.nextElementSibling.classList.contains("one-neuron-scroll-hint");
    if (!(scrolls && cue)) tables.push(`${Math.round(width)} > ${Math.round(column)} px, scrolls: ${scrolls}, cue: ${cue}: ${table.textContent.trim().slice(0, 40)}`);
  });
  const figures = Array.from(document.querySelectorAll(".cell_output img"), (img) => ({
    natural: img.naturalWidth, shown: img.getBoundingClientRect().width, alt: (img.getAttribute("alt") || "").slice(0, 50),
  }));
  return {equations, wide, tables, figures};
}"""


@dataclass
class PageReport:
    desktop: Visit = field(default_factory=Visit)
    phone: Visit = field(default_factory=Visit)
    inspected: dict = None
    phone_scroll: tuple = None
    axe: dict = field(default_factory=dict)
    fit: dict = field(default_factory=dict)


@pytest.fixture(scope="session")
def reports(browser, site, cdn_copies):
    """Open every page at both widths once; return {page: PageReport}."""
    SCREENSHOTS.mkdir(exist_ok=True)
    reports = {page: PageReport() for page in site.pages}
    for width_name, viewport, mobile in (("desktop", DESKTOP, False), ("phone", PHONE, True)):
        current = {}
        # One context per width; its router reports refused requests to the visit under way.
        context = new_context(browser, site, cdn_copies, lambda url: current["visit"].refused_requests.append(url),
                              viewport, mobile)
        try:
            for page_path, report in reports.items():
                visit = getattr(report, width_name)
                current["visit"] = visit
                page = open_page(context, site.base_url + page_path, visit)
                inspected = page.evaluate(INSPECT)
                if width_name == "desktop":
                    report.inspected = inspected
                else:
                    report.phone_scroll = (inspected["scrollWidth"], inspected["viewportWidth"])
                page.screenshot(path=str(screenshot_name(page_path, width_name)), full_page=True)
                report.fit[width_name] = page.evaluate(FIT)
                page.add_script_tag(path=str(ASSETS / "node_modules" / "axe-core" / "axe.min.js"))
                report.axe[width_name] = page.evaluate(RUN_AXE, AXE_TAGS)
                page.close()
        finally:
            context.close()
    return reports


def test_every_toc_page_is_built_and_nothing_else(site):
    built = {path.relative_to(site.root).as_posix() for path in site.root.rglob("*.html")
             if not path.relative_to(site.root).as_posix().startswith(("_static/", "_sources/", "_images/"))}
    # index.html redirects to the root page; genindex and search are Sphinx's own.
    assert built - {"index.html", "genindex.html", "search.html"} == set(site.pages)


def built_html(site):
    return {page: (site.root / page).read_text(encoding="utf-8") for page in site.pages}


def test_cdn_scripts_are_the_tested_copies(site, cdn_copies):
    """Every script a page loads from a CDN has a pinned npm copy here, and its integrity hash matches it."""
    tag = re.compile(r"<script\b[^>]*\bsrc=\"(https?://[^\"]+)\"[^>]*>")
    checked = set()
    for page, html in built_html(site).items():
        for match in tag.finditer(html):
            url = match.group(1)
            local = cdn_copies.file_for(url)
            assert local is not None, f"{page} loads {url}, which no npm package in tests/browser/assets pins"
            integrity = re.search(r'integrity="(sha(256|384|512))-([^"]+)"', match.group(0))
            if integrity:
                digest = base64.b64encode(hashlib.new(integrity.group(1), local.read_bytes()).digest()).decode()
                assert digest == integrity.group(3), f"the integrity hash of {url} does not match {local}"
            checked.add(url)
    assert checked, "no page loads d3, the explorers' plotting library"


MATHJAX = "_static/mathjax/tex-mml-chtml.js"


def test_mathjax_is_served_with_the_book(site, cdn_copies):
    """Every page with math loads MathJax from the book itself: the npm file, byte for byte, and what it loads."""
    npm = cdn_copies.modules / "mathjax" / "es5"
    served = site.root / MATHJAX
    assert served.is_file(), f"{MATHJAX} is not in the build: see _ext/local_mathjax.py"
    assert served.read_bytes() == (npm / "tex-mml-chtml.js").read_bytes()
    for needed in ("input/tex/extensions/boldsymbol.js", "output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
                   "ui/menu.js", "a11y/explorer.js", "sre/mathmaps/en.json"):
        assert (served.parent / needed).is_file(), f"MathJax would load {needed}, which the build lacks"
    pages = 0
    for page, html in built_html(site).items():
        if 'class="math' not in html:
            continue
        pages += 1
        tag = re.search(r'<script\b[^>]*src="[^"]*mathjax[^"]*"[^>]*>', html)
        assert tag and re.search(r'src="(\.\./)*' + re.escape(MATHJAX) + '"', tag.group(0)), (
            f"{page} does not load MathJax from the book: {tag and tag.group(0)}")
        integrity = re.search(r'integrity="sha384-([^"]+)"', tag.group(0))
        assert integrity, f"{page} loads MathJax without an integrity hash"
        digest = base64.b64encode(hashlib.sha384(served.read_bytes()).digest()).decode()
        assert digest == integrity.group(1)
    assert pages >= 6, "fewer pages with math than the book has"


def test_pages_show_their_math_when_the_cdns_are_down(browser, site, tmp_path):
    """With every CDN unreachable, the chapters still typeset their math; an explorer says d3 did not load."""
    from browser_support import CdnCopies

    no_copies = CdnCopies(tmp_path)  # no npm package stands in: every CDN request is refused
    refused = []
    context = new_context(browser, site, no_copies, refused.append, DESKTOP)
    try:
        visit = Visit()
        page = open_page(context, site.base_url + "notebooks/03_delta_rule.html", visit)
        assert any("cdn.jsdelivr.net" in url for url in refused), "the page asked no CDN for anything"
        assert page.locator("mjx-container").count() > 20
        assert page.locator("mjx-merror").count() == 0
        message = page.locator(".one-neuron-explorer[data-explorer]").first.inner_text()
        assert "d3" in message and "did not load" in message
        assert visit.page_errors == [], visit.page_errors
    finally:
        context.close()


def test_no_page_shows_dead_widgets(site):
    """ipywidgets need a kernel: in the rendered book a widget output would be a dead slider."""
    for page, html in built_html(site).items():
        assert "application/vnd.jupyter.widget-view+json" not in html, (
            f"{page} shows an ipywidgets output; tag its cell remove-output and give it a kernel-free "
            "counterpart on the page (see _ext/explorer_data.py)")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_page_has_no_errors(reports, page, width):
    visit = getattr(reports[page], width)
    assert visit.page_errors == [], f"uncaught errors on {page}"
    assert visit.console_errors == [], f"console errors on {page}"
    assert visit.refused_requests == [], (
        f"{page} asked for files from outside the machine that no npm copy in tests/browser/assets stands in for")
    assert visit.failed_requests == [], f"requests that failed on {page}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_axe_finds_no_wcag_violations(reports, page, width):
    axe = reports[page].axe[width]
    assert axe["passes"] > 10, f"axe-core checked almost nothing on {page}"
    assert axe["violations"] == [], f"WCAG 2.2 A/AA violations on {page} at {width} width: {axe['violations']}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_equations_and_tables_fit_their_column(reports, page, width):
    fit = reports[page].fit[width]
    assert fit["wide"] == [], f"display equations wider than the column on {page} at {width} width"
    assert fit["tables"] == [], f"tables that neither fit nor scroll with a cue on {page} at {width} width"


def figure_style():
    """Return (smallest font size in pt, dpi) of the book's matplotlibrc."""
    settings = {}
    for line in (REPO / "notebooks" / "matplotlibrc").read_text(encoding="utf-8").splitlines():
        key, _, value = line.split("#", 1)[0].partition(":")
        if value.strip():
            settings[key.strip()] = value.strip()
    sizes = [float(value) for key, value in settings.items() if key.endswith(("size", "labelsize", "fontsize"))]
    return min(sizes), float(settings["figure.dpi"])


@pytest.mark.parametrize("page", [page for page in PAGES if page.startswith("notebooks/")])
def test_figure_text_is_at_least_9_css_px_on_a_phone(reports, page):
    # Text of s pt in a figure of d dpi is s * d / 72 image pixels, shown at (shown / natural) of its size
    smallest_pt, dpi = figure_style()
    figures = reports[page].fit["phone"]["figures"]
    assert figures, f"no figures found on {page}"
    for figure in figures:
        text_px = smallest_pt * dpi / 72 * min(1.0, figure["shown"] / figure["natural"])
        assert text_px >= 9, f"{page}: text of {text_px:.1f} CSS px in the figure {figure['alt']!r}"


def test_the_book_has_display_equations_to_fit(reports):
    assert sum(report.fit["phone"]["equations"] for report in reports.values()) > 50


@pytest.mark.parametrize("page", PAGES)
def test_every_image_loads_and_has_alt_text(reports, page):
    images = reports[page].inspected["images"]
    assert [image["src"] for image in images if not image["loaded"]] == [], f"images that did not load on {page}"
    assert [image["src"] for image in images if not image["alt"]] == [], f"images without alt text on {page}"


@pytest.mark.parametrize("page", PAGES)
def test_every_formula_is_typeset(reports, page):
    inspected = reports[page].inspected
    assert inspected["untypeset"] == [], f"math elements MathJax did not typeset on {page}"
    assert inspected["mathErrors"] == [], f"TeX errors on {page}"
    assert inspected["raw"] == [], f"raw TeX delimiters left in the text of {page}"


def test_the_book_has_formulas_for_mathjax(reports):
    assert sum(report.inspected["mathCount"] for report in reports.values()) > 0


@pytest.mark.parametrize("page", PAGES)
def test_page_fits_a_phone_without_sideways_scrolling(reports, page):
    scroll_width, viewport_width = reports[page].phone_scroll
    assert scroll_width <= viewport_width, f"{page} is {scroll_width} px wide on a {viewport_width} px phone"


@pytest.mark.parametrize("page", PAGES)
def test_screenshots_are_written(reports, page):
    for width in ("desktop", "phone"):
        assert screenshot_name(page, width).stat().st_size > 0


NOTEBOOK_PAGES = [page for page in PAGES if page.startswith("notebooks/")]


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_notebook_pages_have_launch_buttons(reports, page):
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    repository = config["repository"]["url"].removeprefix("https://github.com/").rstrip("/")
    branch = config["repository"]["branch"]
    notebook = page.removesuffix(".html") + ".ipynb"
    links = reports[page].inspected["links"]
    binder = config["launch_buttons"]["binderhub_url"].rstrip("/")
    assert any(link.startswith(f"{binder}/v2/gh/{repository}/{branch}?") and notebook in link for link in links)
    colab = config["launch_buttons"]["colab_url"].rstrip("/")
    assert f"{colab}/github/{repository}/blob/{branch}/{notebook}" in links
    assert reports[page].inspected["thebe"] >= 1, "no Thebe live-code button"
