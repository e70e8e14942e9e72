"""How the explorers load and take their place: nothing before the first paint, nothing that moves.

Every chapter page is fast on a phone only if its text and math paint before
any explorer script runs: the page carries one deferred loader, which loads
d3, plots.js and an explorer's files only when the reader scrolls near it.
These tests read the built HTML (no explorer script is a render-blocking
<script>), open each chapter without scrolling (d3 never loads), scroll to
each explorer (it draws, works with every outside request refused, and the
text after it does not move), and check that on a 390 × 844 phone each
explorer's figure and the controls that change it share one screen.
"""

import re

import pytest

from browser_support import (DESKTOP, PHONE, SCREENSHOTS, Visit, new_context, open_page, reach_every_explorer,
                             reach_explorer)

CHAPTERS = ["notebooks/01_problem.html", "notebooks/02_sigmoid.html", "notebooks/03_delta_rule.html",
            "notebooks/04_training_loop.html", "notebooks/05_hidden_layer.html", "notebooks/06_reliability.html"]
KINDS = {"notebooks/01_problem.html": ["weights"], "notebooks/02_sigmoid.html": ["sigmoid"],
         "notebooks/03_delta_rule.html": ["delta-rule"],
         "notebooks/04_training_loop.html": ["convergence"], "notebooks/05_hidden_layer.html": ["xor"],
         "notebooks/06_reliability.html": ["learning-rate", "confidence"]}
EXPLORER_FILE = re.compile(r"(d3(\.min)?\.js|plots\.js|explorer-data/|explorer-[a-z-]+\.js)")
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HIDE_HEADERS = ".bd-header, .bd-header-article, .header-article, .skip-link { visibility: hidden !important; }"

# The y of the first element after each explorer that has a box, from the explorer's top (so that what the rest of
# the page does meanwhile, such as late math, does not count), and whether any explorer has drawn.
AFTER_EXPLORERS = """() => ({
  drawn: document.querySelectorAll(".one-neuron-explorer--drawn").length,
  heights: Array.from(document.querySelectorAll(".one-neuron-explorer[data-explorer]"),
    (root) => root.getBoundingClientRect().height),
  after: Array.from(document.querySelectorAll(".one-neuron-explorer[data-explorer]"), (root) => {
    let node = root;
    for (;;) {
      while (node && !node.nextElementSibling) node = node.parentElement;
      if (!node) return null;
      node = node.nextElementSibling;
      if (node.getClientRects().length) return node.getBoundingClientRect().top - root.getBoundingClientRect().top;
    }
  }),
})"""

# What an explorer shows: its SVG paths and texts, its canvases' pixels and its numbers.
PICTURE = """(root) => Array.from(root.querySelectorAll("svg path, svg text"),
    (n) => n.getAttribute("d") || n.textContent).join("|") +
  Array.from(root.querySelectorAll("canvas"), (c) => c.width && c.height ? c.toDataURL() : "").join("|") +
  Array.from(root.querySelectorAll("[data-quantity]"), (n) => n.textContent).join("|")"""


def built(site, page):
    return (site.root / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("page", CHAPTERS)
def test_no_explorer_script_is_in_the_way_of_the_first_paint(site, page):
    html = built(site, page)
    kinds = re.findall(r'class="one-neuron-explorer" data-explorer="([^"]+)"', html)
    assert kinds == KINDS[page], f"{page}: explorers {kinds}"
    own_src = r'(?<![-\w])src="([^"]+)"'  # the tag's src, not the loader's data-d3-src
    tags = [attributes for attributes in SCRIPT.findall(html) if re.search(own_src, attributes)]
    sources = [re.search(own_src, attributes).group(1) for attributes in tags]
    blocking = [source for source in sources if EXPLORER_FILE.search(source)]
    assert blocking == [], f"{page} loads explorer scripts in its HTML: {blocking}"
    loaders = [attributes for attributes in tags if re.search(r'(?<![-\w])src="[^"]*_static/explorers\.js', attributes)]
    assert len(loaders) == 1, f"{page} has {len(loaders)} explorer loaders"
    assert re.search(r'\bdefer\b', loaders[0]), f"the loader of {page} is not deferred: {loaders[0]}"
    # The loader knows where every file is: d3 (with its hash), plots.js, and each kind's data and explorer.
    for name in ("data-d3-src", "data-d3-integrity", "data-plots-src", "data-explorer-files"):
        assert f'{name}="' in loaders[0], f"the loader of {page} has no {name}"
    for kind in kinds:
        assert f"explorer-{kind}.js" in loaders[0] and f"explorer-data/{kind}.js" in loaders[0], kind
    # explorer.css, linked or joined into the page's one stylesheet, reserves the explorers' room from the start
    sheets = [re.sub(r"\?.*$", "", href) for href in re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
              + re.findall(r'<link\b[^>]*href="([^"]+)"[^>]*rel="stylesheet"', html)]
    css = "".join((site.root / page).parent.joinpath(href).resolve().read_text(encoding="utf-8", errors="replace")
                  for href in sheets if not href.startswith("http") and (site.root / page).parent.joinpath(href).is_file())
    assert 'one-neuron-explorer[data-explorer="xor"]' in css and "min-height" in css, (
        f"{page} has no stylesheet that reserves the explorers' room: {sheets}")


@pytest.mark.parametrize("viewport, mobile", [(PHONE, True), (DESKTOP, False)], ids=["phone", "desktop"])
def test_nothing_loads_d3_until_the_reader_nears_an_explorer(browser, site, cdn_copies, viewport, mobile):
    for page_path in CHAPTERS:
        visit = Visit()
        requested = []
        context = new_context(browser, site, cdn_copies, visit.refused_requests.append, viewport, mobile)
        try:
            page = context.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(site.base_url + page_path, wait_until="load")
            page.wait_for_timeout(500)  # the deferred loader has run; nothing is near the first screen
            assert page.evaluate("() => typeof window.d3") == "undefined", f"{page_path} loaded d3 unscrolled"
            assert page.evaluate("() => typeof window.oneNeuronExplorerLoader") == "object", page_path
            assert [url for url in requested if EXPLORER_FILE.search(url)] == [], page_path
            reach_explorer(page, KINDS[page_path][0])
            assert page.evaluate("() => typeof window.d3") == "object"
            assert any(EXPLORER_FILE.search(url) for url in requested)
        finally:
            context.close()


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_every_explorer_works_once_reached_with_outside_requests_refused(browser, site, cdn_copies, page_path):
    """The context refuses every request that leaves the machine; the explorers need none."""
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, PHONE, True)
    try:
        page = open_page(context, site.base_url + page_path, visit)
        kinds = reach_every_explorer(page)
        assert kinds == KINDS[page_path]
        for index, kind in enumerate(kinds):
            root = page.locator(".one-neuron-explorer[data-explorer]").nth(index)
            root.scroll_into_view_if_needed()
            before = root.evaluate(PICTURE)
            slider = root.locator("input[type=range]").first
            slider.focus()
            at_end = slider.evaluate("(s) => Number(s.value) >= Number(s.max)")
            page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            assert root.evaluate(PICTURE) != before, f"the {kind} explorer did not redraw"
        assert visit.refused_requests == [], visit.refused_requests
        assert visit.page_errors == [] and visit.console_errors == [] and visit.failed_requests == [], visit
    finally:
        context.close()


@pytest.mark.parametrize("viewport, mobile", [(PHONE, True), (DESKTOP, False)], ids=["phone", "desktop"])
def test_nothing_moves_when_the_explorers_draw(browser, site, cdn_copies, viewport, mobile):
    """Each explorer's box is sized before it draws: what follows it stays within 2 px."""
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, viewport, mobile)
    try:
        for page_path in CHAPTERS:
            page = open_page(context, site.base_url + page_path, visit)
            before = page.evaluate(AFTER_EXPLORERS)
            assert before["drawn"] == 0, f"{page_path}: an explorer drew before the reader came near"
            assert len(before["after"]) == len(KINDS[page_path]) and None not in before["after"], before
            kinds = reach_every_explorer(page)
            page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
            after = page.evaluate(AFTER_EXPLORERS)
            assert after["drawn"] == len(kinds)
            moved = [(kind, round(b - a, 1), round(h0), round(h1)) for kind, a, b, h0, h1
                     in zip(kinds, before["after"], after["after"], before["heights"], after["heights"])]
            assert all(abs(shift) < 2 for _, shift, _, _ in moved), (
                f"{page_path} at {viewport['width']} px: the text after an explorer moved when it drew "
                f"(kind, shift, reserved height, drawn height): {moved}")
            page.close()
        assert visit.page_errors == [] and visit.console_errors == [], visit
    finally:
        context.close()


# Scroll so that the figure's top is at the top of the window; return where the figure and controls end.
FIGURE_AND_CONTROLS = """(root) => {
  const figure = root.querySelector(".one-neuron-explorer__main > .one-neuron-explorer__plots");
  const controls = root.querySelector(".one-neuron-explorer__controls");
  if (!figure || !controls || !figure.querySelector("svg[role=img]") || !controls.querySelector("input, button")) {
    return null;
  }
  // The theme keeps a header at the top of the window: the figure's top goes just under it.
  let header = 0;
  for (let node = document.elementFromPoint(window.innerWidth / 2, 1); node; node = node.parentElement) {
    const position = getComputedStyle(node).position;
    if (position === "sticky" || position === "fixed") header = Math.max(header, node.getBoundingClientRect().bottom);
  }
  window.scrollBy(0, figure.getBoundingClientRect().top - header);
  const f = figure.getBoundingClientRect(), c = controls.getBoundingClientRect();
  // (at the left edge: the theme's "Back to top" button floats over the middle)
  const hit = document.elementFromPoint(f.left + 6, f.top + 2);
  return {top: Math.min(f.top, c.top) - header, bottom: Math.max(f.bottom, c.bottom), figureHeight: f.height,
          covered: !(hit && root.contains(hit)), height: window.innerHeight, header: header};
}"""


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_on_a_phone_each_figure_and_its_controls_share_one_screen(browser, site, cdn_copies, page_path):
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, PHONE, True)
    try:
        page = open_page(context, site.base_url + page_path, visit)
        kinds = reach_every_explorer(page)
        for index, kind in enumerate(kinds):
            root = page.locator(".one-neuron-explorer[data-explorer]").nth(index)
            box = root.evaluate(FIGURE_AND_CONTROLS)
            assert box is not None, f"the {kind} explorer has no figure or no controls to check"
            assert box["figureHeight"] > 150, box
            assert not box["covered"], f"something covers the top of the {kind} explorer's figure"
            assert box["top"] >= -1 and box["bottom"] <= box["height"], (
                f"at 390 × 844 the {kind} explorer's figure and controls span {box['bottom'] - box['top']:.0f} px: {box}")
            SCREENSHOTS.mkdir(exist_ok=True)
            root.screenshot(path=str(SCREENSHOTS / f"explorer-{kind}--phone.png"), style=HIDE_HEADERS)
        assert visit.page_errors == [] and visit.console_errors == [], visit
    finally:
        context.close()


def test_an_explorer_says_so_in_place_when_d3_cannot_load(browser, site, cdn_copies):
    visit = Visit()
    context = new_context(browser, site, cdn_copies, visit.refused_requests.append, DESKTOP)
    try:
        page = context.new_page()
        page.route(re.compile(r".*/d3(\.min)?\.js(\?.*)?$"), lambda route: route.abort("internetdisconnected"))
        page.goto(site.base_url + "notebooks/03_delta_rule.html", wait_until="load")
        root = page.locator('.one-neuron-explorer[data-explorer="delta-rule"]')
        root.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('.one-neuron-explorer').textContent.includes('d3')")
        message = root.inner_text()
        assert "d3" in message and "did not load" in message, message
        assert page.evaluate("() => typeof window.oneNeuronPlots") == "undefined"
    finally:
        context.close()
