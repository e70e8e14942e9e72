"""Count the words of each chapter's main line: the prose a first reader must read.

Usage: .venv/bin/python scripts/main_line_words.py [NOTEBOOK ...]   (default: every chapter)

Counted: the Markdown cells before the chapter's "Exercises" heading, without
dropdowns (``{dropdown}``, or any directive with ``:class: dropdown``, such as
the "deeper" boxes), without the "What you'll learn" list, without math
(``$...$``, ``$$...$$`` and ``{math}`` blocks) and
without the targets of roles. Code cells and their outputs are not prose and
are not counted, nor are explorers (HTML, not Markdown text).
"""

import re
import sys
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
FENCE = re.compile(r"^(`{3,}|:{3,})\{([a-z-]+)\}.*$")


def main_line(source):
    """Return the Markdown ``source`` without its dropdown blocks."""
    kept, stack = [], []  # stack: (fence, is_dropdown) of the open directives
    lines = source.split("\n")
    for k, line in enumerate(lines):
        opened = FENCE.match(line.strip())
        if opened:
            options = "\n".join(lines[k + 1 : k + 6])
            # a dropdown is not on the main line, and a math block is math, not words
            dropdown = (opened.group(2) in ("dropdown", "math")
                        or re.search(r":class:.*dropdown", options) is not None)
            stack.append((opened.group(1), dropdown))
            continue
        if stack and line.strip() == stack[-1][0]:
            stack.pop()
            continue
        if not any(dropdown for _, dropdown in stack):
            kept.append(line)
    return "\n".join(kept)


def without_learn_list(text):
    """Return Markdown ``text`` without its "What you'll learn" section (up to the next heading)."""
    return re.sub(r"^#+\s+What you.ll learn\b.*?(?=^#|\Z)", "", text, flags=re.M | re.S)


def words(text):
    text = re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " ", text, flags=re.S)  # math
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "X", text)  # a role counts as one word
    text = re.sub(r"^\s*:[a-z-]+:.*$", " ", text, flags=re.M)  # directive options
    return len(re.findall(r"[A-Za-z0-9][\w'’.,−-]*", text))


def count(path):
    notebook = nbformat.read(path, as_version=4)
    total = 0
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        if re.match(r"#+\s+Exercises\b", cell.source.strip()):
            break
        total += words(without_learn_list(main_line(cell.source)))
    return total


def main(arguments):
    paths = [Path(a) for a in arguments] or sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
    for path in paths:
        print(f"{path.stem:<20} {count(path):6d}")
    if not arguments:
        counts = {path.stem[:2]: count(path) for path in paths}
        print(f"{'chapters 1-4':<20} {sum(counts[c] for c in ('01', '02', '03', '04')):6d}   (budget 5000)")
        print(f"{'chapters 5-6':<20} {sum(counts[c] for c in ('05', '06')):6d}   (budget 3300)")


if __name__ == "__main__":
    main(sys.argv[1:])
