"""Sphinx extension: serve MathJax with the book, so that pages show their math when a CDN is down.

``_config.yml`` pins MathJax as an npm package (``one_neuron_mathjax_tarball``,
with the sha512 integrity of that tarball, as package-lock.json records it)
and as a CDN address with the integrity hash of the one file pages load
(``mathjax_path``, ``mathjax_options``). At the start of a build this extension
finds the package's ``es5`` folder, in this order:

1. the cache ``_build/.mathjax/<version>/`` beside the book's sources;
2. the tarball from the npm registry, checked against its sha512 and unpacked
   into that cache (standard library only: no npm needed to build the book);
3. the npm copy the browser tests install (tests/browser/assets/node_modules).

It then points ``mathjax_path`` at ``_static/mathjax/tex-mml-chtml.js`` and,
when the build finishes, copies what MathJax loads from beside itself (the
TeX extensions it loads on demand, its fonts, its menu, the accessibility
extensions and their speech rules) into ``_static/mathjax``. The page keeps
the integrity hash: it is the same file, byte for byte, as the CDN serves.

If none of the three is available (a first build with no network), the book
keeps the CDN address and the build says so; the browser tests fail on it.
"""

import base64
import hashlib
import io
import json
import shutil
import tarfile
import urllib.request
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: What MathJax's combined file loads from beside itself, relative to es5/.
NEEDED = ("tex-mml-chtml.js", "input", "output", "ui", "a11y", "sre")
ENTRY = "tex-mml-chtml.js"
STATIC_FOLDER = "mathjax"


def _package(url):
    """'https://registry.npmjs.org/mathjax/-/mathjax-3.2.2.tgz' -> ('mathjax', '3.2.2')."""
    name = url.rstrip("/").split("/")[-1].removesuffix(".tgz")
    package, _, version = name.rpartition("-")
    return package, version


def _check_integrity(data, integrity):
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise ValueError(f"the MathJax tarball's {algorithm} is {digest}, not {expected} as _config.yml pins it")


def _complete(folder):
    return all((folder / name).exists() for name in NEEDED)


def _download(url, integrity, cache):
    with urllib.request.urlopen(url, timeout=60) as response:
        data = response.read()
    _check_integrity(data, integrity)
    partial = cache.with_name(cache.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        members = [m for m in archive.getmembers()
                   if m.isfile() and m.name.startswith("package/es5/")
                   and m.name.removeprefix("package/es5/").split("/")[0] in NEEDED]
        for member in members:
            target = partial / member.name.removeprefix("package/es5/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
    shutil.rmtree(cache, ignore_errors=True)
    partial.rename(cache)


def find_mathjax(srcdir, url, integrity):
    """Return the es5 folder of the pinned MathJax, fetching it if need be; None if there is none to be had."""
    package, version = _package(url)
    cache = Path(srcdir) / "_build" / ".mathjax" / version
    if _complete(cache):
        return cache
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        _download(url, integrity, cache)
        return cache
    except (OSError, ValueError, tarfile.TarError) as error:
        reason = error
    npm = Path(srcdir) / "tests" / "browser" / "assets" / "node_modules" / package
    manifest = npm / "package.json"
    if manifest.is_file() and json.loads(manifest.read_text(encoding="utf-8")).get("version") == version:
        if _complete(npm / "es5"):
            return npm / "es5"
    logger.info(f"MathJax {version} could not be fetched ({reason}) and no npm copy is installed: "
                "the pages load it from the CDN")
    return None


def _point_at_local_copy(app):
    if app.builder.format != "html" or not app.config.one_neuron_mathjax_tarball:
        return
    folder = find_mathjax(app.srcdir, app.config.one_neuron_mathjax_tarball,
                          app.config.one_neuron_mathjax_tarball_integrity)
    app.env.one_neuron_mathjax_folder = str(folder) if folder else None
    if folder is not None:
        app.config.mathjax_path = f"{STATIC_FOLDER}/{ENTRY}"
        # Same origin now: the browser needs no CORS mode for it.
        app.config.mathjax_options = {key: value for key, value in app.config.mathjax_options.items()
                                      if key != "crossorigin"}


def _copy(app, exception):
    folder = getattr(app.env, "one_neuron_mathjax_folder", None)
    if exception is not None or app.builder.format != "html" or not folder:
        return
    target = Path(app.outdir) / "_static" / STATIC_FOLDER
    for name in NEEDED:
        source = Path(folder) / name
        if source.is_dir():
            shutil.copytree(source, target / name, dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def setup(app):
    app.add_config_value("one_neuron_mathjax_tarball", "", "html")
    app.add_config_value("one_neuron_mathjax_tarball_integrity", "", "html")
    app.connect("builder-inited", _point_at_local_copy)
    app.connect("build-finished", _copy)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
