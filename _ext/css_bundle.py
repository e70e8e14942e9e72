"""Sphinx extension: one stylesheet per page instead of sixteen.

A page of the book used to link sixteen stylesheets (the theme's two, one per
Sphinx extension, KaTeX's, the book's own), and the theme's first one imports
Sphinx's basic.css in turn. The browser paints nothing before it has them all;
on a phone's slow connection each round trip costs about 150 ms, and the
browser opens only a few connections at once.

This extension gives each page one stylesheet, ``_static/bundles/NAME.css``:
the same files, in the same order, joined when the build finishes, with every
``@import`` of a local file put in its place and every ``url(...)`` rewritten
to point where it pointed before. Pages that link the same files share a
bundle. The cascade is unchanged: the rules arrive in the order the links
gave them. Stylesheets with a ``media`` of their own (print) stay links.
"""

import hashlib
import json
import posixpath
import re
from pathlib import Path

from sphinx.builders.html._assets import _CascadingStyleSheet
from sphinx.errors import ExtensionError

FOLDER = "bundles"
#: Which files each bundle joins, kept beside the output between builds.
MANIFEST = ".css-bundles.json"
#: What pydata-sphinx-theme's template links before every other stylesheet (book/_templates/layout.html
#: leaves them to this extension).
THEME_FIRST = ("styles/theme.css", "styles/pydata-sphinx-theme.css")
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)['"]?\s*\)?\s*;""")
_CHARSET = re.compile(r"""@charset\s+"[^"]*"\s*;""")


def _local(target):
    return not re.match(r"^([a-z]+:|/|#)", target)


def bundle_text(static, files):
    """Return the stylesheets ``files`` (paths under ``static``) joined, as if served from ``static/bundles``."""
    parts = []

    def add(name, seen):
        if name in seen:
            return
        seen.add(name)
        path = static / name
        if not path.is_file():
            raise ExtensionError(f"css_bundle: {name} is linked by a page but not in {static}")
        text = path.read_text(encoding="utf-8")
        folder = posixpath.dirname(name)

        def inline(match):
            target = match.group(1)
            if not _local(target):
                return match.group(0)
            add(posixpath.normpath(posixpath.join(folder, target.split("?")[0])), seen)
            return ""

        text = _CHARSET.sub("", _IMPORT.sub(inline, text))

        def rewrite(match):
            quote, target = match.groups()
            if not _local(target):
                return match.group(0)
            path_part, hash_part = (target.split("#", 1) + [""])[:2]
            moved = posixpath.relpath(posixpath.normpath(posixpath.join(folder, path_part)), FOLDER)
            return f"url({quote}{moved}{'#' + hash_part if hash_part else ''}{quote})"

        parts.append(f"/* {name} */\n" + _URL.sub(rewrite, text))

    seen = set()
    for name in files:
        add(name, seen)
    return '@charset "UTF-8";\n' + "\n".join(parts)


def _bundle_page(app, pagename, templatename, context, doctree):
    if app.builder.format != "html" or "css_files" not in context:
        return
    linked, kept = list(THEME_FIRST), []
    for css in context["css_files"]:
        filename = str(getattr(css, "filename", css))
        attributes = getattr(css, "attributes", {})
        if (attributes.get("rel", "stylesheet") != "stylesheet" or attributes.get("media", "all") != "all"
                or not _local(filename)):
            kept.append(css)
            continue
        name = filename.split("?")[0]
        name = name.removeprefix("_static/")
        if name not in linked:
            linked.append(name)
    key = hashlib.sha256("\n".join(linked).encode()).hexdigest()[:12]
    app.builder.__dict__.setdefault("one_neuron_css_bundles", {})[key] = linked
    context["css_files"] = [_CascadingStyleSheet(f"_static/{FOLDER}/{key}.css", priority=0, rel="stylesheet",
                                                 type="text/css")] + kept


def _write(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    (static / FOLDER).mkdir(exist_ok=True)
    # The bundles of pages an incremental build did not write again are remembered here, and made
    # again from the files as they are now (an extension's stylesheet may have changed).
    manifest = Path(app.outdir) / MANIFEST
    bundles = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    bundles.update(getattr(app.builder, "one_neuron_css_bundles", {}))
    manifest.write_text(json.dumps(bundles, indent=1), encoding="utf-8")
    for key, files in bundles.items():
        (static / FOLDER / f"{key}.css").write_text(bundle_text(static, files), encoding="utf-8")


def setup(app):
    # Last: after every extension has added its stylesheets to the page.
    app.connect("html-page-context", _bundle_page, priority=990)
    # Last as well: pydata-sphinx-theme writes its pygments.css, and _ext/icon_fonts.py its stylesheet,
    # when the build finishes; the bundles take the files as they end up.
    app.connect("build-finished", _write, priority=999)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
