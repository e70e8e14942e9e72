"""The chapters in JupyterLab, as a reader opens them from the README: the real client.

JupyterLab (with jupyterlab-myst) is started from the project's environment on
127.0.0.1 and driven by Chromium through Playwright. Opened before anything is
run, every chapter must show the text the book shows: rendered MyST, no raw
roles or directives, and every number the prose quotes, from the results that
``make notebooks`` stored in the Markdown cells. In the training chapter, Run
All, then the iterations slider moved with the keyboard must redraw the figure.
"""

import re
from pathlib import Path

import nbformat
import pytest

from browser_support import DESKTOP, skip_or_fail
from jupyterlab_support import (MARKDOWN_TEXTS, NOTEBOOKS, WATCH_FIGURE, jupyter_command, open_chapter, run_all_cells,
                                running_jupyterlab, slider_handle)

CHAPTERS = sorted(p.name for p in NOTEBOOKS.glob("[0-9]*.ipynb"))
# What the book shows of the classic figures (shared/REFERENCE.md), and where
REFERENCE_FIGURES = {"03_delta_rule.ipynb": ["0.45860596"], "04_training_loop.ipynb": ["0.99993704"]}
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
# MyST that was not rendered: a role or directive name in braces, a fence, an option line
RAW_MYST = re.compile(r"\{[a-z][a-z0-9:_-]*\}|```|^\s*:[a-z-]+:", re.MULTILINE)
# A numbered directive and the number make notebooks wrote for it
ENUMERATOR = re.compile(r"\{(math|exercise)\}[^\n]*\n(?:\s*:[a-z-]+:[^\n]*\n)*?\s*:enumerator:\s*([\d.]+)")
SNAKE_CASE = re.compile(r"\b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b")


@pytest.fixture(scope="module")
def lab():
    if jupyter_command() is None:
        skip_or_fail("jupyter is not installed in the venv: `make setup` installs requirements.txt")
    with running_jupyterlab() as lab:
        yield lab


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()


def test_there_are_chapters():
    assert len(CHAPTERS) == 6


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_opens_with_the_book_text(lab, page, name):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    markdown_cells = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    rendered = open_chapter(page, lab, name)
    assert len(rendered) == len(markdown_cells), "a Markdown cell is missing from the page"
    checked_numbers = 0
    for index, (cell, text) in enumerate(zip(markdown_cells, rendered)):
        assert text is not None, f"Markdown cell {index} is not rendered by jupyterlab-myst"
        raw = RAW_MYST.search(text["all"])
        assert raw is None, f"Markdown cell {index} shows raw MyST {raw.group(0)!r}: {text['all'][:200]!r}"
        snake = SNAKE_CASE.search(text["prose"])
        assert snake is None, f"Markdown cell {index} shows a snake_case name {snake.group(0)!r} in its prose"
        assert "Unexecuted inline expression" not in text["all"]
        stored = {e["expression"]: e["result"]["data"]["text/plain"]
                  for e in cell.metadata.get("user_expressions", [])}
        for expression in EVAL_ROLE.findall(cell.source):
            assert expression not in text["all"], f"cell {index} shows the expression {expression!r}"
            number = stored[expression].strip("'")
            assert number in text["all"], f"cell {index} does not show {number} ({expression})"
            checked_numbers += 1
    assert checked_numbers > 0, "no quoted number was checked"
    whole = "\n".join(text["all"] for text in rendered)
    for figure in REFERENCE_FIGURES.get(name, []):
        assert figure in whole
    # The book's numbers (make notebooks writes them as :enumerator:), not jupyterlab-myst's own
    numbers = ENUMERATOR.findall("\n".join(cell.source for cell in markdown_cells))
    assert numbers, "no numbered equation or exercise"
    for kind, number in numbers:
        shown = f"({number})" if kind == "math" else f"Exercise\N{NO-BREAK SPACE}{number}"
        assert shown in whole.replace("Exercise ", "Exercise\N{NO-BREAK SPACE}"), f"JupyterLab does not show {shown}"
    unnumbered = re.search(r"Exercise\s\d+(?![.\d])", whole)
    assert unnumbered is None, f"a number without its chapter: {unnumbered.group(0)!r}"


def test_training_chapter_slider_moves_with_the_keyboard_and_redraws(lab, page):
    open_chapter(page, lab, "04_training_loop.ipynb")
    run_all_cells(page)
    # Run All evaluated the prose again in the live kernel: the same numbers, no errors
    notebook = nbformat.read(NOTEBOOKS / "04_training_loop.ipynb", as_version=4)
    markdown_cells = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    rerun = page.evaluate(MARKDOWN_TEXTS)
    for index, (cell, text) in enumerate(zip(markdown_cells, rerun)):
        for entry in cell.metadata.get("user_expressions", []):
            assert entry["result"]["data"]["text/plain"].strip("'") in text["all"], (index, entry["expression"])
        assert "Error:" not in text["all"], f"Markdown cell {index}: {text['all'][:200]!r}"
    handle = slider_handle(page, "iterations")
    handle.wait_for(timeout=60_000)
    image = page.locator("img.widget-image")
    assert image.count() == 1
    before_src, before_value = image.get_attribute("src"), handle.get_attribute("aria-valuenow")
    page.evaluate(WATCH_FIGURE, "img.widget-image")
    handle.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => window.__figureTimes.length >= 1", timeout=30_000)
    assert float(handle.get_attribute("aria-valuenow")) < float(before_value)
    assert image.get_attribute("src") != before_src
    # The readout beside the slider shows the new value too
    readout = page.locator(".widget-slider").filter(has=page.locator("label", has_text="iterations"))
    assert readout.locator(".widget-readout").text_content().strip() != before_value.split(".")[0]
