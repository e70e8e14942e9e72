"""Sphinx extension: the rendered book's kernel-free explorers and their data.

Each chapter has a live ipywidgets explorer that needs a kernel (in nnlib)
and, in a markdown cell, a place for the rendered book's explorer:

    <div class="one-neuron-explorer" data-explorer="KIND"></div>

(empty in Jupyter). Nothing an explorer needs may hold up the first paint of
the page's text and math (Lighthouse scored the chapters 28-38 on a phone
when d3 and the explorers were render-blocking scripts in <head>). So each
page with such a div gets only:

* ``_static/explorer.css``, which reserves every explorer's final height
  before it is drawn, so that nothing moves when it is;
* one small deferred script, ``_static/explorers.js`` (the loader), which
  carries on its tag the addresses of what the explorers need: d3
  (``data-d3-src``, ``data-d3-integrity``), the shared plotting layer
  (``data-plots-src``) and, per kind, its data and its explorer
  (``data-explorer-files``, JSON ``{KIND: [data, explorer]}``).

When a reader scrolls to within about a screen of an explorer, the loader
inserts, in order: d3 (https://d3js.org), the plotting library, from
``one_neuron_d3_path`` in ``_config.yml`` (a full address, or a path relative
to ``_static/`` for a copy served with the book) with the integrity hash
``one_neuron_d3_integrity`` (the same bytes either way); ``_static/plots.js``,
the book's shared plotting layer on top of d3 (axes, ticks, legends, lines,
heat maps, contours, controls, formatting); per kind, a data script generated
at build time from nnlib, ``_static/explorer-data/KIND.js``
(``window.oneNeuronExplorerData[KIND]``), and the explorer itself,
``_static/explorer-KIND.js`` (kept in book/_static); then it draws that
explorer. A page that is never scrolled (as Lighthouse's) never loads d3.
Every address but d3's carries a digest of the file (``?v=``), so a browser
never mixes an old explorer with new data.

The data of a kind is what ``EXPLORERS[KIND]`` returns: a function in nnlib
(``"module:function"``) that gives the controls' ranges and defaults, the
examples and every starting weight the page needs, from the same constants the
ipywidgets explorer uses. The JavaScript repeats nnlib's arithmetic from those
numbers; it never re-implements numpy's random generator, so the two cannot
drift apart. Data scripts are generated, never committed.

The contract with a chapter: the markdown cell holds the empty div, and the
ipywidgets code cell is tagged ``remove-output`` (no dead sliders in the book).
tests/browser checks both.
"""

import hashlib
import importlib
import json
import re
import sys
from pathlib import Path

#: The class of the div that marks where an explorer goes.
EXPLORER_CLASS = "one-neuron-explorer"
#: Every explorer kind: the nnlib function that returns its data.
EXPLORERS = {
    "weights": "nnlib.weights_explorer:book_data",  # chapter 1
    "sigmoid": "nnlib.sigmoid_explorer:book_data",  # chapter 2
    "delta-rule": "nnlib.landscape_explorer:book_data",  # chapter 3
    "convergence": "nnlib.explorer:book_data",  # chapter 4
    "xor": "nnlib.xor_explorer:book_data",  # chapter 5
    "learning-rate": "nnlib.reliability_explorer:learning_rate_data",  # chapter 6
    "confidence": "nnlib.reliability_explorer:confidence_data",  # chapter 6
}
DATA_FOLDER = "explorer-data"
LOADER = "explorers.js"
SHARED_FILES = (LOADER, "plots.js", "explorer.css")
_EXPLORER_DIV = re.compile(r"<div\b[^>]*>")
_CLASS = re.compile(r"""class=["']([^"']*)["']""")
_KIND = re.compile(r"""data-explorer=["']([^"']*)["']""")


def _import_nnlib(srcdir):
    notebooks = str(Path(srcdir) / "notebooks")
    if notebooks not in sys.path:
        sys.path.insert(0, notebooks)
    import nnlib

    return nnlib


def kinds_in(html):
    """Return the explorer kinds of the divs in ``html``, in order, without repeats."""
    kinds = []
    for tag in _EXPLORER_DIV.findall(html):
        classes = _CLASS.search(tag)
        if not classes or EXPLORER_CLASS not in classes.group(1).split():
            continue
        kind = _KIND.search(tag)
        if not kind:
            raise ValueError(f'an explorer div has no data-explorer="KIND" attribute: {tag}')
        if kind.group(1) not in EXPLORERS:
            raise ValueError(f"unknown explorer kind {kind.group(1)!r} (known: {', '.join(EXPLORERS)})")
        if kind.group(1) not in kinds:
            kinds.append(kind.group(1))
    return kinds


def explorer_data(srcdir, kind):
    """Return the data of one explorer kind, computed by nnlib."""
    _import_nnlib(srcdir)
    module, function = EXPLORERS[kind].split(":")
    data = getattr(importlib.import_module(module), function)()
    if not isinstance(data, dict):
        raise TypeError(f"{EXPLORERS[kind]} must return a dict, got {type(data).__name__}")
    return data


def data_script(kind, data):
    # Python's float repr is the shortest string that reads back as the same
    # float64, so JSON carries the starting weights exactly.
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return (
        "// Generated by _ext/explorer_data.py from nnlib at build time; do not edit.\n"
        "window.oneNeuronExplorerData = window.oneNeuronExplorerData || {};\n"
        f"window.oneNeuronExplorerData[{json.dumps(kind)}] = {text};\n"
    )


def _digest(content):
    return hashlib.sha256(content).hexdigest()[:8]


def _static_source(app, name):
    """Return the file ``name`` of html_static_path (book/_static), as Sphinx will copy it."""
    for folder in app.config.html_static_path:
        candidate = Path(app.confdir) / folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{name} is in no folder of html_static_path ({app.config.html_static_path}): "
                            "the explorers' files live in book/_static")


_data_scripts = {}


def _data_script_of(app, kind):
    # One computation per kind and process: every page of that kind shows the same numbers.
    if kind not in _data_scripts:
        _data_scripts[kind] = data_script(kind, explorer_data(app.srcdir, kind))
    return _data_scripts[kind]


def d3_address(path, static_url):
    """Return where a page loads d3 from: ``path`` itself if it is a full address, else ``path`` inside _static/.

    ``static_url(name)`` gives the page's address of ``_static/name``.
    """
    if re.match(r"^(https?:)?//", path):
        return path
    if not path or path.startswith("/") or ".." in Path(path).parts:
        raise ValueError(f"one_neuron_d3_path must be a full address or a path inside _static/, not {path!r}")
    return static_url(path)


def _add_files_to_explorer_pages(app, pagename, templatename, context, doctree):
    kinds = kinds_in(context.get("body", ""))
    if not kinds:
        return
    pathto = context["pathto"]

    def static_url(name, content=None):
        url = pathto(f"_static/{name}", 1)
        return url if content is None else f"{url}?v={_digest(content)}"

    def static_file(name):
        return static_url(name, _static_source(app, name).read_bytes())

    files = {kind: [static_url(f"{DATA_FOLDER}/{kind}.js", _data_script_of(app, kind).encode("utf-8")),
                    static_file(f"explorer-{kind}.js")] for kind in kinds}
    app.add_css_file("explorer.css")
    # The loader's tag carries what it loads; "defer" runs it after the page is parsed, never before the first paint.
    app.add_js_file(LOADER, defer="defer", **{
        "data-d3-src": d3_address(app.config.one_neuron_d3_path, static_url),
        "data-d3-integrity": app.config.one_neuron_d3_integrity,
        "data-plots-src": static_file("plots.js"),
        "data-explorer-files": json.dumps(files, separators=(",", ":")),
    })


def _write_data(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    # Every page of the output, not only those written now (an incremental build rewrites only some).
    kinds = sorted({kind for page in Path(app.outdir).rglob("*.html") if "_static" not in page.parts
                    for kind in kinds_in(page.read_text(encoding="utf-8", errors="replace"))})
    wanted = list(SHARED_FILES) + [f"explorer-{kind}.js" for kind in kinds]
    missing = [name for name in wanted if not (static / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{', '.join(missing)} not in {static}: the explorers' files live in book/_static "
            "(html_static_path in _config.yml)"
        )
    folder = static / DATA_FOLDER
    folder.mkdir(exist_ok=True)
    for kind in kinds:
        (folder / f"{kind}.js").write_text(_data_script_of(app, kind), encoding="utf-8")


def setup(app):
    app.add_config_value("one_neuron_d3_path", "", "html")
    app.add_config_value("one_neuron_d3_integrity", "", "html")
    app.connect("html-page-context", _add_files_to_explorer_pages)
    app.connect("build-finished", _write_data)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
