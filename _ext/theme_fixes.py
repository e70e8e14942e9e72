"""Sphinx extension: keep two known theme-stack bugs out of readers' consoles.

sphinx-thebe 0.3.1 with Sphinx 7 adds its inline configuration script
(``const THEBE_JS_URL = ...``) to every page twice, and the second copy throws
"Identifier 'THEBE_JS_URL' has already been declared" (one copy comes from
the registry with filename '', the other from the builder with None). This
extension drops duplicates from each page's scripts, keeping the first, so
every script still runs once. (The other bug, pydata-sphinx-theme's "Got invalid
theme mode" on a first visit, is fixed in _config.yml by ``html_context:
default_mode``.) The browser tests fail on any console error, so they tell
when an upgrade makes this unnecessary or breaks it.

It also loads book/_static/theme_fixes.js and .css: accessible names that
contain the visible text of the theme's controls, and link contrast inside
exercise boxes (the browser tests run axe-core on every page).

And it keeps every script out of the way of the first paint. On a phone's
slow connection even deferred scripts share the bandwidth with what the
first paint needs, and a browser that has the whole page early runs them
before it paints. So the page names its script files in a list
(``one_neuron_late_scripts``, with the theme's own two) that a few lines at
the end of the body (book/_templates/layout.html) start fetching once the
first frame has been painted, in their order (``async = false``). Inline
scripts that only set globals for those files (``let toggleHintShow = ...``)
still run where they stand; those that use a file's globals
(``DOCUMENTATION_OPTIONS.pagename = ...``) join the list after it. Two files
keep a deferred tag (``KEEP_DEFERRED``). The search page, which runs Sphinx's
search scripts inline, is left as it is.
"""

import posixpath
import re
from pathlib import Path
from urllib.parse import quote

import pydata_sphinx_theme
from sphinx.builders.html import _file_checksum
# Sphinx 7.4's class of a page's scripts (what app.add_js_file makes).
from sphinx.builders.html._assets import _JavaScript
from sphinx.errors import ExtensionError


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for script in scripts:
        filename = getattr(script, "filename", script)
        attributes = getattr(script, "attributes", {})
        key = (str(filename or ""), getattr(script, "priority", 500), tuple(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    # The search page runs Sphinx's search scripts where they stand, and they need
    # documentation_options.js first: there, every script keeps its place.
    if pagename == "search":
        context["script_files"] = unique
        return
    kept, late = [], []
    for script in unique:
        filename = str(getattr(script, "filename", script) or "")
        attributes = dict(getattr(script, "attributes", {}))
        body = attributes.pop("body", "")
        if not filename:
            if "DOCUMENTATION_OPTIONS" in body:
                # It needs documentation_options.js, which now comes after the first paint: it follows it there.
                late.append({"src": "data:text/javascript," + quote(body), "attributes": {}})
            else:
                kept.append(script)  # sets a global for a script below: runs where it stands
        elif ("async" in attributes or attributes.get("type") == "module"
              or posixpath.basename(filename.split("?")[0]) in KEEP_DEFERRED):
            if "async" not in attributes and attributes.get("type") != "module":
                attributes["defer"] = "defer"
            if body:
                attributes["body"] = body
            kept.append(_JavaScript(filename, priority=getattr(script, "priority", 500), **attributes))
        else:
            late.append({"src": _address(app, context, filename), "attributes": attributes})
    for name in THEME_SCRIPTS:  # the theme's own two, which its template names at the end of the body
        late.append({"src": context["pathto"](f"_static/scripts/{name}", 1) + f"?digest={_theme_digest()}",
                     "attributes": {}})
    context["script_files"] = kept
    context["one_neuron_late_scripts"] = late


#: Scripts that keep a deferred tag of their own: design-tabs.js starts only on DOMContentLoaded, which
#: has passed when the late scripts run, and explorers.js reads its addresses from its own tag.
KEEP_DEFERRED = ("design-tabs.js", "explorers.js")
#: pydata-sphinx-theme's scripts, named by its template (static/webpack-macros.html, body_post).
THEME_SCRIPTS = ("bootstrap.js", "pydata-sphinx-theme.js")


def _address(app, context, filename):
    """The address of a script file as Sphinx writes it in the page, with its ?v= checksum."""
    if "://" in filename:
        return filename
    address = context["pathto"](filename, 1)
    checksum = _file_checksum(app.outdir, filename)
    return f"{address}?v={checksum}" if checksum else address


def _theme_digest():
    """The ?digest= that pydata-sphinx-theme's template puts on its own scripts."""
    macros = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "webpack-macros.html"
    found = re.search(r"scripts/bootstrap\.js', 1\) }}\?digest=(\w+)", macros.read_text(encoding="utf-8"))
    if not found:
        raise ExtensionError("theme_fixes: pydata-sphinx-theme's webpack-macros.html no longer names its scripts "
                             "as expected: see book/_templates/layout.html")
    return found.group(1)


def setup(app):
    # Late priority: after every extension that adds scripts to the page.
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    # Names and contrast that WCAG 2.2 asks for; a cue on tables that scroll (book/_static/theme_fixes.*)
    app.add_js_file("theme_fixes.js")
    app.add_css_file("theme_fixes.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
