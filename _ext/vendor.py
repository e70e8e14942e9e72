"""Sphinx extension: serve the book's third-party front-end files from the book itself.

A reader on a phone should not wait for, or depend on, another server: every
file a page loads comes from the site. ``_config.yml`` pins each package as an
npm tarball with its sha512 integrity (the value package-lock.json records),
and the files of it the site serves (``one_neuron_vendor``)::

    one_neuron_vendor:
      katex:
        tarball: https://registry.npmjs.org/katex/-/katex-0.16.22.tgz
        integrity: sha512-...
        files: [dist/katex.min.css, dist/fonts]

For each package this extension finds the unpacked tarball, in this order:

1. the cache ``_build/.npm/<name>-<version>/`` beside the book's sources;
2. the tarball from the npm registry, checked against its sha512 and unpacked
   into that cache (standard library only: building the book needs no npm);
3. the npm copy the browser tests install (tests/browser/assets/node_modules),
   if it is the pinned version.

When the build finishes it copies the listed files into
``_static/vendor/<name>/`` (with a leading ``dist/`` dropped), so that
``dist/katex.min.css`` is served as ``_static/vendor/katex/katex.min.css``.
Other extensions ask for a package's folder with :func:`package_folder`
(``_ext/katex_math.py`` runs KaTeX from it at build time). A package that
cannot be found fails the build: a page without its math or its plots is not
a page to publish.
"""

import base64
import hashlib
import io
import json
import shutil
import tarfile
import urllib.request
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Where the copies go, under _static.
STATIC_FOLDER = "vendor"


def tarball_name(url):
    """'https://registry.npmjs.org/@scope/x/-/x-1.2.3.tgz' -> ('@scope/x', '1.2.3')."""
    package_path, _, file = url.partition("/-/")
    name = package_path.split("registry.npmjs.org/", 1)[-1]
    version = file.removesuffix(".tgz").removeprefix(name.split("/")[-1] + "-")
    return name, version


def check_integrity(data, integrity, what):
    algorithm, _, expected = integrity.partition("-")
    if algorithm not in ("sha256", "sha384", "sha512"):
        raise ValueError(f"{what}: integrity must be sha256, sha384 or sha512, not {integrity!r}")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise ValueError(f"{what}: its {algorithm} is {digest}, not {expected} as _config.yml pins it")


def _unpack(data, target):
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            # npm tarballs hold one folder, "package/"; take regular files only, never a path that climbs out.
            relative = Path(member.name).relative_to(member.name.split("/")[0]) if "/" in member.name else None
            if not member.isfile() or relative is None or ".." in relative.parts or relative.is_absolute():
                continue
            destination = partial / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.extractfile(member).read())
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)


def package_folder(srcdir, spec):
    """Return the unpacked folder of the pinned package ``spec`` ({tarball, integrity}), fetching it if need be."""
    name, version = tarball_name(spec["tarball"])
    cache = Path(srcdir) / "_build" / ".npm" / f"{name.replace('/', '__')}-{version}"
    if (cache / "package.json").is_file():
        return cache
    try:
        with urllib.request.urlopen(spec["tarball"], timeout=60) as response:
            data = response.read()
        check_integrity(data, spec["integrity"], spec["tarball"])
        cache.parent.mkdir(parents=True, exist_ok=True)
        _unpack(data, cache)
        return cache
    except (OSError, tarfile.TarError) as error:
        reason = error
    npm = Path(srcdir) / "tests" / "browser" / "assets" / "node_modules" / name
    manifest = npm / "package.json"
    if manifest.is_file() and json.loads(manifest.read_text(encoding="utf-8")).get("version") == version:
        return npm
    raise ExtensionError(f"{name} {version} could not be fetched from {spec['tarball']} ({reason}), and "
                         f"no npm copy of it is installed (npm ci --prefix tests/browser/assets)")


def served_path(name, file):
    """The path under _static where ``file`` of package ``name`` is served: 'vendor/katex/katex.min.css'."""
    return f"{STATIC_FOLDER}/{name.split('/')[-1]}/{file.removeprefix('dist/')}"


def _find_all(app):
    if app.builder.format != "html":
        return
    app.env.one_neuron_vendor_folders = {}
    for key, spec in app.config.one_neuron_vendor.items():
        missing = {"tarball", "integrity", "files"} - set(spec)
        if missing:
            raise ExtensionError(f"one_neuron_vendor.{key} lacks {', '.join(sorted(missing))}")
        folder = package_folder(app.srcdir, spec)
        for file in spec["files"]:
            if not (folder / file).exists():
                raise ExtensionError(f"one_neuron_vendor.{key}: {file} is not in the package ({folder})")
        app.env.one_neuron_vendor_folders[key] = str(folder)


def _copy(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for key, spec in app.config.one_neuron_vendor.items():
        folder = Path(app.env.one_neuron_vendor_folders[key])
        name, _ = tarball_name(spec["tarball"])
        for file in spec["files"]:
            source = folder / file
            target = static / served_path(name, file)
            if source.is_dir():
                shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)


def setup(app):
    app.add_config_value("one_neuron_vendor", {}, "html")
    app.connect("builder-inited", _find_all)
    app.connect("build-finished", _copy)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
