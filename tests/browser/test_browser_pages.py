"""Every page of the book as a reader's browser shows it, at desktop and phone widths.

Each page in the table of contents is opened once per width; what it showed is
collected and then checked by the tests below: no page or console errors, no
request refused or failed, every image loaded with alt text, every formula
typeset when the book was built (KaTeX, in the HTML as served), no sideways
scrolling on a phone, launch buttons on the notebook pages. Full-page screenshots land in tests/browser/screenshots/ for review.
"""

import base64
import json
import hashlib
import re
from dataclasses import dataclass, field

import pytest
import yaml

from browser_support import (ASSETS, DESKTOP, PHONE, REPO, SCREENSHOTS, Visit, new_context, open_page, screenshot_name,
                             site_only_context, toc_pages)

PAGES = toc_pages()

INSPECT = r"""() => {
  const images = Array.from(document.images, (img) => ({
    src: img.currentSrc || img.src, alt: (img.getAttribute("alt") || "").trim(),
    loaded: img.complete && img.naturalWidth > 0,
  }));
  const maths = Array.from(document.querySelectorAll("span.math, div.math"));
  const untypeset = maths.filter((m) => !m.querySelector(".katex .katex-html")).map((m) => m.textContent.slice(0, 80));
  const mathErrors = Array.from(document.querySelectorAll(".katex-error, .math-error"), (e) => e.getAttribute("title") || e.textContent);
  // TeX delimiters left in the text outside code: math that nothing typeset.
  const walker = document.createTreeWalker(document.querySelector("main") || document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("pre, code, script, style, .katex, .highlight")) continue;
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
  // KaTeX's display block scrolls when its formula is too wide (book/_static/math.css); so may the div around it.
  document.querySelectorAll(".katex-display").forEach((box) => {
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
  // Code (cells and their printed outputs) whose longest line is cut off, so that it scrolls sideways
  let codes = 0;
  const cut = [];
  document.querySelectorAll("main div.cell_input pre, main div.cell_output pre").forEach((pre) => {
    if (pre.getClientRects().length === 0) return;  // folded away
    codes += 1;
    if (pre.scrollWidth > pre.clientWidth + 1) {
      const longest = pre.textContent.split("\n").reduce((a, b) => (b.length > a.length ? b : a), "");
      cut.push(`${pre.scrollWidth - pre.clientWidth} px cut: ${longest.trim().slice(0, 60)}`);
    }
  });
  return {equations, wide, tables, figures, codes, cut};
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


def test_nothing_is_loaded_from_outside_the_book(site):
    """No page loads a script, a stylesheet or a font from another server: the book works with no CDN."""
    outside = re.compile(r'<(script|link)\b[^>]*\b(src|href)="(https?:)?//[^"]*"[^>]*>')
    pages = built_html(site)
    assert pages
    for page, html in pages.items():
        tags = [match.group(0) for match in outside.finditer(html)
                if match.group(1) == "script" or re.search(r'rel="(stylesheet|preload|modulepreload|icon)"', match.group(0))]
        assert tags == [], f"{page} loads files from outside the book: {tags}"


# What _ext/vendor.py serves, and the npm copy of the same pinned version that the tests install.
VENDORED = {"_static/vendor/katex/katex.min.css": "katex/dist/katex.min.css",
            "_static/vendor/d3/d3.min.js": "d3/dist/d3.min.js"}


def test_vendored_files_are_the_pinned_packages(site, cdn_copies):
    """KaTeX's stylesheet and d3 are served byte for byte as npm publishes them, with every font KaTeX asks for."""
    for served, npm in VENDORED.items():
        assert (site.root / served).is_file(), f"{served} is not in the build: see _ext/vendor.py"
        assert (site.root / served).read_bytes() == (cdn_copies.modules / npm).read_bytes(), served
    stylesheet = (site.root / "_static/vendor/katex/katex.min.css").read_text(encoding="utf-8")
    fonts = set(re.findall(r"url\((fonts/[^)]+\.woff2)\)", stylesheet))
    assert len(fonts) > 15, "KaTeX's stylesheet names fewer woff2 fonts than it has"
    missing = [font for font in fonts if not (site.root / "_static/vendor/katex" / font).is_file()]
    assert missing == [], f"fonts KaTeX's stylesheet loads but the build lacks: {missing}"


MATH_ELEMENT = re.compile(r'<(span|div) class="math notranslate nohighlight"[^>]*>')


def test_math_is_typeset_in_the_html_as_served(site):
    """Every formula is in the HTML already typeset: KaTeX's visible form beside MathML, no TeX left to a script."""
    pages = 0
    for page, html in built_html(site).items():
        assert "mathjax" not in html.lower().replace("mathjax_ignore", ""), f"{page} still loads MathJax"
        formulas = MATH_ELEMENT.findall(html)
        if not formulas:
            continue
        pages += 1
        typeset = re.findall(r'<span class="katex"><span class="katex-mathml"><math\b', html)
        assert len(typeset) == len(formulas), (
            f"{page}: {len(formulas)} formulas, {len(typeset)} typeset with MathML beside them")
        assert 'class="katex-html" aria-hidden="true"' in html
        assert not re.search(r"\\\(|\\\[", html.split("<body", 1)[1].replace("\\\\", "")), (
            f"{page} has TeX delimiters left for a script")
        styles = page_stylesheet(site, page, html)
        assert ".katex-display{" in styles and "div.math > .katex-display" in styles, (
            f"{page} has math but its stylesheet lacks KaTeX's rules or book/_static/math.css")
    assert pages >= 7, f"only {pages} pages with math: the book has seven"


STYLESHEET_LINK = re.compile(r'<link rel="stylesheet"[^>]*href="([^"]+)"')


def page_stylesheet(site, page, html):
    """Return the text of the one stylesheet ``page`` links (_ext/css_bundle.py)."""
    links = STYLESHEET_LINK.findall(html.split("</head>", 1)[0])
    assert len(links) == 1, f"{page} links {len(links)} stylesheets, not one: {links}"
    path = (site.root / page).parent / links[0].split("?")[0]
    assert path.is_file(), f"{page} links {links[0]}, which is not in the build"
    return path.read_text(encoding="utf-8")


def test_each_page_has_one_stylesheet_with_everything_it_needs(site):
    """One stylesheet per page, holding the theme's, the extensions' and the book's rules, its urls all served."""
    pages = built_html(site)
    assert pages
    for page, html in pages.items():
        styles = page_stylesheet(site, page, html)
        links = STYLESHEET_LINK.findall(html.split("</head>", 1)[0])
        folder = ((site.root / page).parent / links[0].split("?")[0]).parent
        for needed in ("--pst-color-primary", 'html[data-theme="light"] .highlight', ".one-neuron-scroll-hint",
                       "Font Awesome 6 Free", "div.admonition"):
            assert needed in styles, f"{page}: its stylesheet lacks {needed!r}"
        assert "@import" not in styles, f"{page}: its stylesheet still imports another"
        for target in re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", styles):
            if target.startswith(("data:", "http:", "https:", "#")):
                continue
            assert (folder / target.split("?")[0].split("#")[0]).resolve().is_file(), f"{page}: url({target}) is missing"


HEAD_SCRIPT = re.compile(r"<script\b([^>]*)>", re.S)


LATE_SCRIPTS = re.compile(r"\}\)\((\[\{.*?\}\])\);\s*</script>", re.S)


def test_no_script_comes_before_the_first_paint(site):
    """No script file in a page's head blocks rendering (each is deferred, async or a module), and the page's
    scripts, the theme's included, are fetched only after the first frame, in their order, from files that exist."""
    pages = built_html(site)
    late_lists = 0
    for page, html in pages.items():
        head = html.split("</head>", 1)[0]
        for attributes in HEAD_SCRIPT.findall(head):
            if "src=" in attributes:
                assert re.search(r'\b(defer|async)\b|type="module"', attributes), (
                    f"{page} loads a script that blocks rendering: <script{attributes}>")
        assert "searchindex.js" not in html, f"{page} loads the whole search index"
        assert "fontawesome.js" not in html, f"{page} loads the theme's icon script"
        found = LATE_SCRIPTS.search(html.split("</head>", 1)[1])
        assert found, f"{page} has no list of scripts to fetch after the first paint"
        scripts = [entry["src"] for entry in json.loads(found.group(1))]
        files = [src.split("?")[0] for src in scripts if not src.startswith("data:")]
        assert files[0].endswith("documentation_options.js") and files[-1].endswith("pydata-sphinx-theme.js"), files
        assert len(files) >= 9, files
        for file in files:
            assert ((site.root / page).parent / file).resolve().is_file(), f"{page} would fetch {file}, which is missing"
        tags = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", html)
        assert not [tag for tag in tags if tag.split("?")[0] in files], f"{page} also names a late script in a tag"
        late_lists += 1
    assert late_lists == len(pages) > 0


def test_math_shows_with_javascript_switched_off(browser, site, cdn_copies):
    """With no script at all, every page's formulas are there, visible, in KaTeX's fonts."""
    context = site_only_context(browser, site, java_script_enabled=False, viewport=DESKTOP)
    try:
        shown = 0
        for page_path in site.pages:
            page = context.new_page()
            page.goto(site.base_url + page_path)
            page.evaluate("document.fonts.ready")
            result = page.evaluate("""() => {
              const boxes = Array.from(document.querySelectorAll("main .katex-html")).filter((e) => e.getClientRects().length);
              const small = boxes.filter((e) => e.getBoundingClientRect().height < 5).length;
              const loaded = document.fonts.check("16px KaTeX_Main") && document.fonts.check("italic 16px KaTeX_Math");
              return {count: boxes.length, small, loaded};
            }""")
            page.close()
            if result["count"]:
                shown += 1
                assert result["small"] == 0, f"{page_path}: formulas with no height"
                assert result["loaded"], f"{page_path}: KaTeX's fonts did not load"
        assert shown >= 7, f"formulas visible without JavaScript on only {shown} pages"
    finally:
        context.close()


def test_icons_draw_from_fonts_cut_to_them(browser, site, cdn_copies):
    """The theme's icons draw from the Font Awesome faces cut down by _ext/icon_fonts.py: every icon shown has
    its glyph in the font the page loads, and neither fontawesome.js nor the theme's full fonts are fetched."""
    from fontTools.ttLib import TTFont

    faces = {}
    for name in ("fa-solid-900", "fa-regular-400", "fa-brands-400"):
        font = site.root / "_static" / "icon-fonts" / f"{name}.woff2"
        assert font.is_file(), f"{font} is not in the build"
        assert font.stat().st_size < 20_000, f"{name}.woff2 is {font.stat().st_size} bytes: not cut down"
        faces[name] = set(TTFont(font).getBestCmap())
    context = new_context(browser, site, cdn_copies, lambda url: None, DESKTOP)
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        checked = 0
        for page_path in ("notebooks/03_delta_rule.html", "book/intro.html"):
            page = open_page(context, site.base_url + page_path, Visit())
            icons = page.evaluate("""() => Array.from(document.querySelectorAll("i[class*='fa-'], .admonition-title"))
              .filter((i) => i.getClientRects().length)
              .flatMap((i) => ["::before", "::after"].map((pseudo) => {
                const style = getComputedStyle(i, pseudo);
                return {cls: i.className, content: style.content, font: style.fontFamily, weight: style.fontWeight};
              }))
              .filter((icon) => icon.font.includes("Font Awesome") && !["none", "normal", '""'].includes(icon.content))""")
            for icon in icons:
                glyphs = [ord(character) for character in icon["content"].strip('"')]
                face = ("fa-brands-400" if "Brands" in icon["font"] else
                        "fa-solid-900" if icon["weight"] == "900" else "fa-regular-400")
                assert glyphs and all(glyph in faces[face] for glyph in glyphs), (
                    f"{page_path}: {icon['cls']} shows {glyphs}, which {face}.woff2 lacks")
                checked += 1
            loaded = page.evaluate("""() => Array.from(document.fonts).filter(
              (face) => face.family.includes("Font Awesome") && face.status === "loaded").length""")
            assert loaded >= 1, f"{page_path}: no Font Awesome face loaded"
            page.close()
        assert checked >= 8, f"only {checked} icons checked"
        assert not [url for url in requested if "fontawesome" in url], "the theme's full icon fonts or script were fetched"
    finally:
        context.close()


def test_search_still_finds(browser, site, cdn_copies):
    """The search page loads the index itself and lists the chapters that match."""
    context = new_context(browser, site, cdn_copies, lambda url: None, DESKTOP)
    try:
        visit = Visit()
        page = open_page(context, site.base_url + "search.html?q=sigmoid", visit)
        page.wait_for_selector("#search-results li", timeout=15000)
        found = page.locator("#search-results li a").all_inner_texts()
        assert any("sigmoid" in text.lower() for text in found), found
        assert visit.page_errors == []
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


@pytest.mark.parametrize("page", [page for page in PAGES if page.startswith("notebooks/")])
def test_no_code_line_is_cut_at_desktop_width(reports, page):
    fit = reports[page].fit["desktop"]
    assert fit["codes"] > 5, f"no code found on {page}"
    assert fit["cut"] == [], f"code lines cut off (scrolling sideways) on {page} at 1280 px"


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
    assert inspected["untypeset"] == [], f"math elements not typeset on {page}"
    assert inspected["mathErrors"] == [], f"TeX errors on {page}"
    assert inspected["raw"] == [], f"raw TeX delimiters left in the text of {page}"


def test_the_book_has_formulas(reports):
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


FOLDED = """() => Array.from(document.querySelectorAll(".admonition.dropdown")).map((box) => ({
  title: box.querySelector(".admonition-title").textContent.trim().slice(0, 40),
  rendered: Array.from(box.querySelectorAll(":scope > .admonition-title ~ *")).filter((e) => e.getClientRects().length).length,
  parts: box.querySelectorAll(":scope > .admonition-title ~ *").length,
}))"""


def test_dropdowns_start_folded_unrendered_and_open_on_click(browser, site, cdn_copies):
    """A Deeper box or a solution is not rendered until opened (no layout for what nobody sees); a click opens it;
    with scripts off, every box is open."""
    context = new_context(browser, site, cdn_copies, lambda url: None, DESKTOP)
    try:
        page = open_page(context, site.base_url + "notebooks/02_sigmoid.html", Visit())
        boxes = page.evaluate(FOLDED)
        assert len(boxes) >= 5, "hardly any dropdown boxes on chapter 2"
        assert [box["title"] for box in boxes if box["rendered"]] == [], "boxes rendered while folded"
        title = page.locator(".admonition.dropdown > .admonition-title").first
        title.scroll_into_view_if_needed()
        title.click()
        page.wait_for_timeout(400)
        first = page.evaluate(FOLDED)[0]
        assert first["rendered"] == first["parts"] > 0, f"the first box did not open: {first}"
        assert page.locator(".admonition.dropdown").first.bounding_box()["height"] > 100
    finally:
        context.close()
    context = site_only_context(browser, site, java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(site.base_url + "notebooks/02_sigmoid.html")
        boxes = page.evaluate(FOLDED)
        assert boxes and all(box["rendered"] == box["parts"] > 0 for box in boxes), "boxes folded without scripts"
    finally:
        context.close()
