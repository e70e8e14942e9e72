"""Every chapter's kernel-free explorer, checked alike: live, labelled, keyboard-driven, described, phone-sized.

What each explorer computes is checked against nnlib by its own test file
(test_browser_explorer.py for the training chapter, test_explorer_<kind>.py for
the others). This file checks what every explorer owes every reader: each
chapter from 1 to 6 has one; every ipywidgets cell of a notebook has a live
counterpart on its page; every control has an accessible name, works from the
keyboard and changes the figure; the figures' text alternatives follow the
state; the explorer fits a phone; and nothing goes wrong in the console.
"""

import json

import pytest

from browser_support import DESKTOP, PHONE, REPO, Visit, new_context, open_page, reach_every_explorer

CHAPTERS = ["notebooks/01_problem.html", "notebooks/02_sigmoid.html", "notebooks/03_delta_rule.html",
            "notebooks/04_training_loop.html", "notebooks/05_hidden_layer.html", "notebooks/06_reliability.html"]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# What an explorer shows: the SVG paths and texts, canvas pixels, readout numbers, and text alternatives.
SNAPSHOT = """(root) => ({
  drawing: Array.from(root.querySelectorAll("svg path, svg text"),
    (n) => (n.getAttribute("d") || n.textContent) + (n.style.display === "none" ? "hidden" : "")).join("|") +
    Array.from(root.querySelectorAll("canvas"), (c) => c.width && c.height ? c.toDataURL() : "").join("|"),
  numbers: Array.from(root.querySelectorAll("[data-quantity]"), (n) => n.textContent).join("|"),
  described: Array.from(root.querySelectorAll("svg[role=img]"), (svg) => svg.getAttribute("aria-label") + "\\n" +
    (document.getElementById(svg.getAttribute("aria-describedby")) || {}).textContent).join("|"),
})"""

CONTROLS = """(root) => Array.from(root.querySelectorAll("input, button, select"), (c) => {
  const label = c.getAttribute("aria-label") || (c.labels && c.labels.length ? c.labels[0].textContent : "") ||
    (c.tagName === "BUTTON" ? c.textContent : "");
  return {tag: c.tagName, type: c.type, name: label.trim(), value: c.value, min: c.min, max: c.max, step: c.step};
})"""


def notebook_widget_cells(page):
    """How many code cells of the page's notebook store an ipywidgets output."""
    notebook = json.loads((REPO / page.replace(".html", ".ipynb")).read_text(encoding="utf-8"))
    return sum(any(WIDGET_MIME in output.get("data", {}) for output in cell.get("outputs", []))
               for cell in notebook["cells"] if cell["cell_type"] == "code")


@pytest.fixture(scope="module", params=[("desktop", DESKTOP, False), ("phone", PHONE, True)], ids=["desktop", "phone"])
def chapters(request, browser, site, cdn_copies):
    """Every chapter page from 1 to 6 at one width: {page: (playwright page, visit)}."""
    _, viewport, mobile = request.param
    opened = {}
    contexts = []
    for page_path in CHAPTERS:
        visit = Visit()
        context = new_context(browser, site, cdn_copies, visit.refused_requests.append, viewport, mobile)
        contexts.append(context)
        page = open_page(context, site.base_url + page_path, visit)
        reach_every_explorer(page)  # each draws only when the reader nears it
        opened[page_path] = (page, visit)
    yield opened
    for context in contexts:
        context.close()


def explorers_of(page):
    roots = page.locator(".one-neuron-explorer[data-explorer]")
    return [roots.nth(i) for i in range(roots.count())]


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_chapter_has_a_live_explorer_for_every_widget(chapters, page_path):
    page, visit = chapters[page_path]
    roots = explorers_of(page)
    assert roots, f"{page_path} has no explorer"
    widgets = notebook_widget_cells(page_path)
    assert widgets >= 1, f"{page_path.replace('.html', '.ipynb')} has no ipywidgets explorer for Jupyter"
    assert len(roots) >= widgets, f"{page_path}: {widgets} ipywidgets cells but {len(roots)} live explorers"
    for root in roots:
        kind = root.get_attribute("data-explorer")
        assert page.evaluate(f"() => window.oneNeuronExplorers[{kind!r}].instances.length") >= 1, kind
        assert root.evaluate(CONTROLS), f"the {kind} explorer has no controls"
        assert root.locator("svg[role=img]").count() >= 1, f"the {kind} explorer draws no figure"
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)
    assert visit.refused_requests == [] and visit.failed_requests == []


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_every_control_is_labelled_and_moves_the_figure_from_the_keyboard(chapters, page_path):
    page, visit = chapters[page_path]
    roots = explorers_of(page)
    assert roots
    for root in roots:
        kind = root.get_attribute("data-explorer")
        controls = root.evaluate(CONTROLS)
        assert controls, kind
        for control in controls:
            assert control["name"], f"a control of the {kind} explorer has no accessible name: {control}"
        sliders = root.locator("input[type=range]")
        assert sliders.count() >= 1, f"the {kind} explorer has no slider"
        redrawn = []
        for i in range(sliders.count()):
            slider = sliders.nth(i)
            name = slider.get_attribute("aria-label")
            before = root.evaluate(SNAPSHOT)
            slider.focus()
            at_end = slider.evaluate("(s) => Number(s.value) >= Number(s.max)")
            page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            after = root.evaluate(SNAPSHOT)
            # A setting that does not show before training starts (the XOR network's learning rate at
            # step 0) may leave the drawing as it was; the figure's text alternative must still say it.
            if after["drawing"] != before["drawing"]:
                redrawn.append(name)
            assert after["described"] != before["described"], (
                f"{kind}: the figure's text alternative did not follow the {name} slider")
            page.keyboard.press("ArrowRight" if at_end else "ArrowLeft")
        assert len(redrawn) * 2 >= sliders.count(), f"{kind}: only the sliders {redrawn} change the figure"
        buttons = root.locator("button")
        for i in range(buttons.count()):
            button = buttons.nth(i)
            button.focus()
            assert page.evaluate("() => document.activeElement.tagName") == "BUTTON"
            page.keyboard.press("Enter")
        if buttons.count():
            # a playing explorer stops; the state after the buttons is a state like any other
            page.evaluate(f"() => window.oneNeuronExplorers[{kind!r}].instances.forEach((e) => e.pause && e.pause())")
    assert visit.page_errors == [] and visit.console_errors == [], (visit.page_errors, visit.console_errors)


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_explorer_fits_its_column(chapters, page_path):
    page, _ = chapters[page_path]
    roots = explorers_of(page)
    assert roots
    for root in roots:
        overflow = root.evaluate("""(root) => {
          const right = root.getBoundingClientRect().right + 1;
          const wide = Array.from(root.querySelectorAll("*")).filter((n) => n.getBoundingClientRect().right > right &&
            !n.closest(".one-neuron-explorer__sr-only") && n.getBoundingClientRect().width > 0);
          return {scroll: root.scrollWidth - root.clientWidth, wide: wide.slice(0, 5).map((n) => n.outerHTML.slice(0, 120)),
                  viewport: window.innerWidth, right: root.getBoundingClientRect().right};
        }""")
        assert overflow["scroll"] <= 0 and overflow["wide"] == [], overflow
        assert overflow["right"] <= overflow["viewport"], overflow
