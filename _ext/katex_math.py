"""Sphinx extension: typeset the book's math with KaTeX when the book is built.

A reader's browser used to typeset every formula with MathJax, which on a
phone took seconds after the text had arrived. This extension renders each
formula once, at build time, with KaTeX running under Node.js
(``_ext/katex_render.js``), and writes the result into the page: the visible
form (HTML and CSS, with KaTeX's fonts) beside MathML for screen readers. A
page needs no script to show its math; it loads KaTeX's stylesheet and fonts,
served with the book (``_ext/vendor.py``, package ``katex`` in _config.yml).
jupyterlab-myst renders the notebooks' math with KaTeX too, so the book and
JupyterLab show the same math.

Sphinx keeps what it always does: equation numbers, labels and every
cross-reference (``{eq}``) come from its math nodes; this extension only
renders them (``html_math_renderer: katex``). A formula KaTeX cannot parse is
a build warning, which the ``-W`` build turns into an error.
"""

import atexit
import html
import json
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

RENDERER = Path(__file__).with_name("katex_render.js")
#: The vendored package (one_neuron_vendor in _config.yml) and the files of it pages use.
PACKAGE = "katex"
STYLESHEET = "vendor/katex/katex.min.css"
#: The book's layout of KaTeX's display math in the theme (book/_static/math.css).
LAYOUT = "math.css"
#: Nearly every formula uses these two faces: fetch them with the stylesheet, not after it.
PRELOADED_FONTS = ("vendor/katex/fonts/KaTeX_Main-Regular.woff2", "vendor/katex/fonts/KaTeX_Math-Italic.woff2")


class KatexRenderer:
    """One Node.js process that renders TeX with KaTeX, kept for the whole build."""

    def __init__(self, katex_js):
        node = shutil.which("node")
        if node is None:
            raise ExtensionError("Node.js is needed to typeset the book's math at build time (KaTeX): "
                                 "install it (on Debian: apt-get install -y nodejs)")
        self.process = subprocess.Popen([node, str(RENDERER), str(katex_js)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self.cache = {}
        atexit.register(self.close)

    def render(self, tex, display):
        key = (tex, display)
        if key not in self.cache:
            self.process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
            if not line:
                raise ExtensionError("the KaTeX process (_ext/katex_render.js) stopped")
            self.cache[key] = json.loads(line)
        reply = self.cache[key]
        if "error" in reply:
            raise ValueError(reply["error"])
        return reply["html"]

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(timeout=10)


def _renderer(builder):
    renderer = getattr(builder, "one_neuron_katex", None)
    if renderer is None:
        folder = Path(builder.env.one_neuron_vendor_folders[PACKAGE])
        renderer = builder.one_neuron_katex = KatexRenderer(folder / "dist" / "katex.js")
    return renderer


def _typeset(translator, node, tex, display):
    try:
        return _renderer(translator.builder).render(tex, display)
    except ValueError as error:
        logger.warning(f"KaTeX cannot typeset {tex!r}: {error}", location=node)
        return f'<code class="math-error">{html.escape(tex)}</code>'


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_typeset(self, node, node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    tex = node.astext()
    if not node["nowrap"]:
        # Sphinx's convention: paragraphs of a display block are equations one under the other.
        parts = [part.strip() for part in tex.split("\n\n") if part.strip()]
        if len(parts) > 1:
            tex = "\\begin{gathered}" + " \\\\ ".join(parts) + "\\end{gathered}"
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_typeset(self, node, tex, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _add_stylesheet(app, pagename, templatename, context, doctree):
    if app.builder.format != "html" or app.builder.math_renderer_name != "katex":
        return
    if not app.env.get_domain("math").has_equations(pagename):
        return
    app.add_css_file(STYLESHEET)
    app.add_css_file(LAYOUT)
    links = "".join(f'<link rel="preload" href="{context["pathto"]("_static/" + font, 1)}" as="font" '
                    'type="font/woff2" crossorigin="anonymous" />\n' for font in PRELOADED_FONTS)
    context["metatags"] = context.get("metatags", "") + links


def setup(app):
    app.setup_extension("vendor")
    app.add_html_math_renderer("katex", (visit_math, None), (visit_displaymath, None))
    app.connect("html-page-context", _add_stylesheet)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
