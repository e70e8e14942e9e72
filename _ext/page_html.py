"""Sphinx extension: pages that are valid HTML, sized images, and a description of their own.

Lighthouse (mobile) and the W3C Nu validator ask a few things of every page
that the theme stack does not give. This extension adds them when the book
is built, so no script has to run first:

- Every ``<img>`` carries ``width`` and ``height``, read from the image file
  (the PNG header, an SVG's width and height or its viewBox), so the browser
  keeps the image's box before the file arrives and nothing below it jumps.
  An image in the article gets ``height: auto`` (the theme caps images at
  ``max-width: 100%``: without it a narrowed image would keep the full
  height and be squeezed); the launch buttons' icons, which the theme sizes
  by height (1em), get ``width: auto``.
- Images below the first screen, or hidden when the page opens (in a
  closed dropdown, a folded cell, the launch buttons' menu), load lazily
  (``loading="lazy"``, ``decoding="async"``); an image in the first screen
  does not. Where the
  first screen ends depends on the reader's window, so the build estimates
  it from the visible text above an image (``_FIRST_SCREEN_CHARACTERS``),
  erring towards loading eagerly: Chromium fetches a lazy image anyway once
  it is within 1250 px of the window, so an image just below the first
  screen loses nothing by being eager.
- ``<summary>`` holds phrasing content only (HTML's content model): myst-nb
  writes two ``<p>`` ("Show code cell source", "Hide code cell source") in
  the summary of every folded code cell. They become ``<span>`` with the same
  classes, and ``page_html.css`` gives the spans the layout myst-nb's
  stylesheet gives the paragraphs (a list item with the disclosure marker,
  one of the two shown).
- sphinx-exercise gives the content of every exercise the id
  ``exercise-content`` and of every solution ``solution-content``, the same
  on every one; ids must be unique in a page. Each gets the label of its
  exercise or solution appended (``exercise-content-ex-problem-1``). Nothing
  refers to those ids: neither sphinx-exercise's stylesheet nor the theme's.
- Every page gets ``<meta name="description">`` from its opening: the first
  paragraph of prose after the title, as plain text (formulas as their
  letters, ``w_1`` as w1), at most 155 characters: whole sentences when they
  fill most of that, else cut at a word with an ellipsis.

The page edits are made on the written HTML files when the build finishes
(the launch buttons' icons come from the theme's templates, not the page
body), and only where needed: running them twice changes nothing. An image
whose size cannot be read (a remote address, an unknown format) is a build
warning, which the ``-W`` build turns into an error.
"""

import html
import re
import struct
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

STYLESHEET = "page_html.css"
# The rules for the paragraphs of a folded cell's summary, for the spans that replace them:
# Sphinx's basic.css (p.admonition-title) and myst-nb's mystnb.css (details.hide > summary > p).
CSS = """\
/* _ext/page_html.py: the summary of a folded code cell holds spans, not paragraphs (valid HTML). */
div.cell details.hide > summary > span.admonition-title {
  display: list-item;
  margin: 0 10px 0 0;
  font-weight: bold;
}
div.cell details.hide[open] > summary > span.collapsed,
div.cell details.hide:not([open]) > summary > span.expanded {
  display: none;
}
"""

#: Visible characters of text above an image (in the article) within which it counts as in
#: the first screen. Measured on this book's chapters: an image N visible characters down the
#: article starts about 1.04-1.16 N px down the page at 390 x 844 px, and 0.78-0.87 N px at
#: 1280 x 800. So an image in the first screen of either has fewer than about 1,000 characters
#: above it, and one with 1,400 starts at most about 1,650 px down: within the 1250 px below
#: the window where Chromium fetches lazy images anyway, so loading it eagerly costs nothing.
_FIRST_SCREEN_CHARACTERS = 1400
#: What an image above counts for, in characters of text (a figure is 250-400 px tall on a phone).
_IMAGE_CHARACTERS = 450
DESCRIPTION_LENGTH = 155

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose text is never painted as text.
_HIDDEN = {"script", "style", "template", "noscript", "math", "svg", "canvas"}


# ---- Image sizes -----------------------------------------------------------------


def _svg_length(value):
    match = re.fullmatch(r"\s*([0-9.]+)\s*(px)?\s*", value or "")
    return float(match.group(1)) if match else None


def image_size(path):
    """Return (width, height) of a PNG, GIF, JPEG or SVG file in CSS pixels, or None if unknown."""
    path = Path(path)
    data = path.read_bytes()
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    if data[:2] == b"\xff\xd8":
        offset = 2
        while offset + 9 < len(data):
            if data[offset] != 0xFF:
                return None
            marker = data[offset + 1]
            length = struct.unpack(">H", data[offset + 2:offset + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                height, width = struct.unpack(">HH", data[offset + 5:offset + 9])
                return width, height
            offset += 2 + length
        return None
    if path.suffix.lower() == ".svg":
        try:
            _, root = next(ElementTree.iterparse(path, events=("start",)))
        except (ElementTree.ParseError, StopIteration):
            return None
        width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
        if width and height:
            return round(width), round(height)
        box = (root.get("viewBox") or "").replace(",", " ").split()
        if len(box) == 4:
            width, height = float(box[2]), float(box[3])
            if width > 0 and height > 0:
                # Keep the ratio when the box is small (a 24 x 24 icon stays 24 x 24).
                return round(width), round(height)
    return None


# ---- The page edits ----------------------------------------------------------------


class _Element:
    __slots__ = ("tag", "visible", "collapses", "article", "summary")

    def __init__(self, tag, visible, collapses, article, summary):
        self.tag, self.visible, self.collapses, self.article, self.summary = tag, visible, collapses, article, summary


def _classes(attrs):
    return set((dict(attrs).get("class") or "").split())


class _PageScanner(HTMLParser):
    """Find the <img> tags (with the visible text above them) and the <p> inside <summary>."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        root = _Element("#root", visible=True, collapses=False, article=False, summary=False)
        self.stack = [root]
        self.characters = 0  # visible text in the article so far
        self.images_above = 0
        self.images = []  # (start, end, attrs, in_article, visible, characters above)
        self.summary_paragraphs = []  # (start, end) of <p ...> and </p> tags inside a <summary>

    def position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self.position()
        end = start + len(self.get_starttag_text())
        parent = self.stack[-1]
        classes = _classes(attrs)
        attributes = dict(attrs)
        if parent.collapses:
            # A closed <details> shows its <summary>; a dropdown admonition (sphinx-togglebutton)
            # its title; a menu of the header (Bootstrap's .dropdown-menu) nothing. Everything
            # else in them is hidden until the reader opens them.
            shown = {"details": tag == "summary", "dropdown": "admonition-title" in classes, "menu": False}[
                parent.collapses]
        else:
            shown = True
        visible = parent.visible and shown and tag not in _HIDDEN and "hidden" not in attributes
        collapses = False
        if tag == "details" and "open" not in attributes:
            collapses = "details"
        elif tag == "div" and "dropdown" in classes and "admonition" in classes:
            collapses = "dropdown"
        elif "dropdown-menu" in classes:
            collapses = "menu"
        article = parent.article or (tag == "article" and "bd-article" in classes)
        if tag == "p" and parent.summary:
            self.summary_paragraphs.append((start, end))
        if tag == "img":
            self.images.append((start, end, attributes, article, visible, self.characters + (
                self.images_above * _IMAGE_CHARACTERS)))
            if article and visible:
                self.images_above += 1
        if tag not in _VOID:
            self.stack.append(_Element(tag, visible, collapses, article, summary=tag == "summary"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "p" and len(self.stack) > 1 and self.stack[-1].tag == "p" and self.stack[-2].summary:
            start = self.position()
            self.summary_paragraphs.append((start, self.text.index(">", start) + 1))
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        element = self.stack[-1]
        if element.article and element.visible and not element.collapses:
            self.characters += len(" ".join(data.split()))


def _style_with(style, prop, value):
    """Return ``style`` with ``prop: value`` added, unless it sets ``prop`` already."""
    style = (style or "").strip()
    if re.search(rf"(^|;)\s*{prop}\s*:", style):
        return style
    return f"{style}{'' if not style or style.endswith(';') else ';'}{prop}:{value}" if style else f"{prop}:{value}"


def _image_tag(raw, attrs, size, in_article, lazy):
    """Return the <img> tag ``raw`` with width, height, style and loading added where missing."""
    added = {}
    width, height = attrs.get("width"), attrs.get("height")
    if size is not None and not (width and height):
        natural_width, natural_height = size
        if width and re.fullmatch(r"\d+", width):
            added["height"] = str(round(int(width) * natural_height / natural_width))
        elif height and re.fullmatch(r"\d+", height):
            added["width"] = str(round(int(height) * natural_width / natural_height))
        elif not width and not height:
            added["width"], added["height"] = str(natural_width), str(natural_height)
    if added or (width and height):
        # The attributes set the box's aspect ratio; one side follows the other in CSS.
        style = _style_with(attrs.get("style"), "height" if in_article else "width", "auto")
        if style != (attrs.get("style") or ""):
            added["style"] = style
    if lazy and "loading" not in attrs:
        added["loading"] = "lazy"
        if "decoding" not in attrs:
            added["decoding"] = "async"
    if not added:
        return raw
    if "style" in added and "style" in attrs:
        raw = re.sub(r'\sstyle\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>]+)', "", raw, count=1)
    text = "".join(f' {name}="{html.escape(value)}"' for name, value in added.items())
    closing = "/>" if raw.endswith("/>") else ">"
    return raw[: -len(closing)].rstrip() + text + (" " if closing == "/>" else "") + closing


def rewrite_page(text, size_of):
    """Return the page ``text`` with its images sized and its summaries valid, and the problems found.

    ``size_of(src)`` returns an image's (width, height), or None when its size cannot be read.
    """
    scanner = _PageScanner(text)
    scanner.feed(text)
    scanner.close()
    edits = []
    problems = []
    for start, end, attrs, in_article, visible, above in scanner.images:
        src = attrs.get("src") or ""
        size = None
        if not (attrs.get("width") and attrs.get("height")):
            size = size_of(src)
            if size is None:
                problems.append(f"cannot read the size of the image {src!r}")
                continue
        lazy = not visible or (in_article and above >= _FIRST_SCREEN_CHARACTERS)
        tag = _image_tag(text[start:end], attrs, size, in_article, lazy)
        if tag != text[start:end]:
            edits.append((start, end, tag))
    for start, end in scanner.summary_paragraphs:
        edits.append((start, end, re.sub(r"^<(/?)p\b", r"<\1span", text[start:end])))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, problems


def _page_files(outdir):
    outdir = Path(outdir)
    for path in sorted(outdir.rglob("*.html")):
        if path.relative_to(outdir).parts[0] not in ("_static", "_sources", "_images"):
            yield path


def _size_lookup(outdir, page):
    outdir = Path(outdir).resolve()

    def size_of(src):
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = (page.parent / unquote(parts.path)).resolve()
        if outdir not in path.parents or not path.is_file():
            return None
        return image_size(path)

    return size_of


def _rewrite_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in _page_files(app.outdir):
        text = page.read_text(encoding="utf-8")
        new, problems = rewrite_page(text, _size_lookup(app.outdir, page))
        for problem in problems:
            logger.warning(f"{page.relative_to(app.outdir)}: {problem} (page_html: images carry width and height)")
        if new != text:
            page.write_text(new, encoding="utf-8")
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / STYLESHEET).write_text(CSS, encoding="utf-8")


# ---- Unique ids for sphinx-exercise's content --------------------------------------


def _unique_exercise_ids(app, doctree, docname):
    for section in doctree.findall(nodes.section):
        ids = [i for i in section["ids"] if i in ("exercise-content", "solution-content")]
        if not ids:
            continue
        owner = section.parent
        label = (owner.get("label") or (owner["ids"][0] if owner and owner.get("ids") else "")) if owner else ""
        section["ids"] = [nodes.make_id(f"{i}-{label}") if label else i for i in section["ids"]]


# ---- The meta description ------------------------------------------------------------

_TEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε", "varepsilon": "ε",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "Sigma": "Σ", "tau": "τ",
    "phi": "φ", "varphi": "φ", "omega": "ω", "times": "×", "cdot": "·", "odot": "⊙", "le": "≤", "leq": "≤",
    "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "to": "→", "rightarrow": "→", "infty": "∞",
    "partial": "∂", "sum": "Σ", "in": "∈", "pm": "±", "ldots": "…", "dots": "…", "cdots": "⋯",
}


def _tex_argument(tex, start):
    """Return (argument, end) of the TeX argument at ``start``: a braced group or one character."""
    while start < len(tex) and tex[start] == " ":
        start += 1
    if start >= len(tex):
        return "", start
    if tex[start] != "{":
        return tex[start], start + 1
    depth = 0
    for end in range(start, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[end], 0)
        if depth == 0:
            return tex[start + 1:end], end + 1
    return tex[start + 1:], len(tex)


def _fractions(tex):
    """Write ``\\frac{a}{b}`` as a/b, with parentheses around a side that is more than one term."""
    while (match := re.search(r"\\[td]?frac(?![A-Za-z])", tex)):
        numerator, end = _tex_argument(tex, match.end())
        denominator, end = _tex_argument(tex, end)
        sides = [_fractions(side).strip() for side in (numerator, denominator)]
        sides = [f"({side})" if re.search(r"[\s+\-=]", side) else side for side in sides]
        tex = tex[:match.start()] + "/".join(sides) + tex[end:]
    return tex


def tex_to_text(tex):
    """Return a formula as plain text: '\\sigma(z) = \\tfrac12' -> 'σ(z) = 1/2', 'w_1' -> 'w1'."""
    text = _fractions(tex)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _TEX_SYMBOLS.get(m.group(1), " " if m.group(1) in (
        "quad", "qquad") else ""), text)
    text = re.sub(r"\\[,;:! ]", " ", text)
    text = text.replace("-", "−").replace("{", "").replace("}", "").replace("_", "").replace("^", "")
    return " ".join(text.split())


def _plain_text(node):
    if isinstance(node, nodes.math):
        return tex_to_text(node.astext())
    if isinstance(node, (nodes.raw, nodes.footnote_reference, nodes.citation_reference, nodes.substitution_definition,
                         nodes.comment, nodes.system_message, nodes.target)):
        return ""
    if isinstance(node, nodes.Text):
        return str(node)
    return "".join(_plain_text(child) for child in node.children)


def _is_prose(paragraph):
    """A paragraph of the page's own text: not in a title, caption, table, admonition, cell or sidebar."""
    parent = paragraph.parent
    while parent is not None and not isinstance(parent, nodes.document):
        if isinstance(parent, (nodes.Admonition, nodes.table, nodes.caption, nodes.title, nodes.sidebar,
                               nodes.topic, nodes.footnote, nodes.citation, nodes.field_list)):
            return False
        if isinstance(parent, nodes.container) and parent.get("nb_element"):
            return False  # a notebook code cell or its output
        parent = parent.parent
    return True


def shorten(text, limit=DESCRIPTION_LENGTH):
    """Return ``text`` cut to at most ``limit`` characters.

    Whole sentences when they fill most of it; otherwise cut at a word, with an ellipsis.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    sentences = [match.end() for match in re.finditer(r"[.!?][)”’\"']?(?= )", head)]
    if sentences and sentences[-1] >= 0.75 * limit:
        return head[: sentences[-1]]
    cut = head.rsplit(" ", 1)[0].rstrip(" ,;:–—-(")
    return cut + "…"


def page_description(doctree):
    """Return the first paragraph of prose of ``doctree`` as a description, or '' if it has none."""
    for paragraph in doctree.findall(nodes.paragraph):
        if _is_prose(paragraph):
            text = " ".join(_plain_text(paragraph).split())
            if len(text.split()) >= 5:  # a sentence, not a label
                return shorten(text)
    return ""


def _add_description(app, pagename, templatename, context, doctree):
    if doctree is None:
        return
    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:
        return
    description = page_description(doctree)
    if not description:
        logger.warning(f"{pagename}: no paragraph of prose for the meta description (page_html)")
        return
    context["metatags"] = metatags + f'\n<meta name="description" content="{html.escape(description)}" />'


def setup(app):
    app.connect("doctree-resolved", _unique_exercise_ids)
    app.connect("html-page-context", _add_description)
    # Late: after the extensions that write files at the end (the vendored packages).
    app.connect("build-finished", _rewrite_pages, priority=900)
    app.add_css_file(STYLESHEET)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
