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

And it keeps every script out of the way of the first paint: a script file in
the page's head is loaded with ``defer``, so the browser paints the text
before it runs them (in their order, once the page is parsed). Inline scripts
that only set globals for those files (``let toggleHintShow = ...``) still run
where they stand; those that use a deferred file's globals
(``DOCUMENTATION_OPTIONS.pagename = ...``, which needs
documentation_options.js) become module scripts, which the browser defers too,
in the same order. The search page, which runs Sphinx's search scripts inline,
is left as it is.
"""

# Sphinx 7.4's class of a page's scripts (what app.add_js_file makes).
from sphinx.builders.html._assets import _JavaScript


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
    context["script_files"] = unique if pagename == "search" else [_deferred(script) for script in unique]


def _deferred(script):
    """Return ``script`` loaded without blocking the first paint, in its place in the order."""
    filename = getattr(script, "filename", script)
    attributes = dict(getattr(script, "attributes", {}))
    if not filename:
        if "DOCUMENTATION_OPTIONS" not in attributes.get("body", "") or "type" in attributes:
            return script
        attributes["type"] = "module"
    elif "async" in attributes or "defer" in attributes or attributes.get("type") == "module":
        return script
    else:
        attributes["defer"] = "defer"
    return _JavaScript(filename, priority=getattr(script, "priority", 500), **attributes)


def setup(app):
    # Late priority: after every extension that adds scripts to the page.
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    # Names and contrast that WCAG 2.2 asks for; a cue on tables that scroll (book/_static/theme_fixes.*)
    app.add_js_file("theme_fixes.js")
    app.add_css_file("theme_fixes.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
