"""The rendered book in headless Chromium: build once, serve on 127.0.0.1, visit every page.

The session builds the book strictly (``-W -n --keep-going``) into a temporary
folder with the venv's jupyter-book, serves ``_build/html`` from a thread, and
drives Debian's Chromium with Playwright. The machines that run the tests have
no internet, and the book serves every file its pages load (_ext/vendor.py):
any request that would leave the machine is refused and reported. The
pinned npm copies in ``tests/browser/assets`` (``npm ci --prefix
tests/browser/assets``, which ``make test`` runs) hold what the tests inject
or compare against (axe-core, the Nu validator, KaTeX and d3), and could
still stand in for a CDN address through Playwright's request routing.

Without Chromium the tests skip and say how to install it, unless
ONE_NEURON_REQUIRE_BROWSER=1 (CI), where they fail.
"""

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import (ASSETS, CHROMIUM_ARGS, INSTALL_HINT, THE_FULL_COMPARISON, CdnCopies, build_book,
                             find_chromium, nnlib_reference_histories, serve, skip_or_fail, toc_pages)

# ---- Build and serve -------------------------------------------------------


@dataclass
class Site:
    root: Path
    base_url: str
    pages: list


_executor = ThreadPoolExecutor(max_workers=1)
_reference_future = None


@pytest.fixture(scope="session")
def nnlib_reference():
    """nnlib's histories for every slider setting, computed in a thread while the book builds."""
    global _reference_future
    if _reference_future is None:
        _reference_future = _executor.submit(nnlib_reference_histories)
    return _reference_future.result()


@pytest.fixture(scope="session")
def site(request, tmp_path_factory):
    """Build the book once, strictly, and serve _build/html on 127.0.0.1."""
    global _reference_future
    if _reference_future is None and any(item.name == THE_FULL_COMPARISON for item in request.session.items):
        # The reference takes about 15 s of one core: overlap it with the build, a separate process.
        _reference_future = _executor.submit(nnlib_reference_histories)
    output = tmp_path_factory.mktemp("book")
    code, log = build_book(output)
    if code != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-60:])
        pytest.fail(f"jupyter-book build failed (exit {code}); last lines of {log}:\n{tail}", pytrace=False)
    root = output / "_build" / "html"
    with serve(root) as base_url:
        yield Site(root=root, base_url=base_url, pages=toc_pages())


# ---- The browser -------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        skip_or_fail(f"no Chromium found: {INSTALL_HINT}")
    return path


@pytest.fixture(scope="session")
def cdn_copies():
    """The npm copies of the CDN scripts; skip (or fail in CI) when they are not installed."""
    manifest = ASSETS / "package.json"
    modules = ASSETS / "node_modules"
    wanted = json.loads(manifest.read_text(encoding="utf-8"))["dependencies"]
    missing = [name for name in wanted if not (modules / name / "package.json").is_file()]
    if missing:
        skip_or_fail(f"the npm copies of the CDN scripts are missing ({', '.join(missing)}): "
                     "run `npm ci --prefix tests/browser/assets` (`make test` does)")
    return CdnCopies(modules)


@pytest.fixture(scope="session")
def browser(chromium_path, cdn_copies):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the Python package playwright is missing: `make setup` installs requirements.txt")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
