"""Helpers of the browser tests: where Chromium is, which pages the book has, the offline router."""

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ASSETS = Path(__file__).resolve().parent / "assets"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Containers give /dev/shm 64 MB; full-page screenshots of long pages need more.
    "--disable-dev-shm-usage",
    # Belt and braces: no host name resolves except the local server's.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
INSTALL_HINT = "install Debian's Chromium with `apt-get install -y chromium` (or set CHROMIUM_PATH)"
# CDNs that serve npm packages file for file: https://cdn.jsdelivr.net/npm/<package>@<version>/<path>
# and https://unpkg.com/<package>@<version>/<path>. The npm copies stand in for them.
NPM_CDN_PREFIXES = {"cdn.jsdelivr.net": "/npm/", "unpkg.com": "/"}
THE_FULL_COMPARISON = "test_explorer_agrees_with_nnlib_for_every_slider_value"


def browser_required():
    return os.environ.get("ONE_NEURON_REQUIRE_BROWSER") == "1"


def skip_or_fail(reason):
    if browser_required():
        pytest.fail(f"{reason} (ONE_NEURON_REQUIRE_BROWSER=1: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


def find_chromium():
    """Return the path of a Chromium: $CHROMIUM_PATH, Debian's, or one on PATH; None if there is none."""
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                  shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def toc_pages():
    """Return the page of every file in _toc.yml, as paths relative to the HTML root ('book/intro.html')."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({key: value for key, value in toc.items() if key != "root"})
    return [re.sub(r"\.(md|ipynb)$", "", file) + ".html" for file in files]


class CdnCopies:
    """Map CDN addresses to files of the installed npm packages, checking the versions."""

    def __init__(self, modules):
        self.modules = modules
        self.versions = {}
        for manifest in list(modules.glob("*/package.json")) + list(modules.glob("@*/*/package.json")):
            self.versions[manifest.parent.relative_to(modules).as_posix()] = json.loads(
                manifest.read_text(encoding="utf-8"))["version"]

    def _file(self, package, version, path):
        installed = self.versions.get(package)
        # "mathjax@3" accepts 3.2.2; "html-manager@1.0.6" only 1.0.6.
        if installed is None or installed.split(".")[: len(version.split("."))] != version.split("."):
            return None
        candidate = (self.modules / package / path).resolve()
        if self.modules.resolve() not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    def file_for(self, url):
        """Return the local copy of a CDN address, or None if no installed npm package stands in for it."""
        parts = urlsplit(url)
        prefix = NPM_CDN_PREFIXES.get(parts.hostname)
        if prefix is None or not parts.path.startswith(prefix):
            return None
        match = re.match(r"((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.*)$", parts.path[len(prefix):])
        return self._file(*match.groups()) if match else None


@dataclass
class Visit:
    """What one page showed: errors, refused requests and what the tests check."""

    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    refused_requests: list = field(default_factory=list)


def new_context(browser, site, cdn_copies, on_refused, viewport, mobile=False):
    """Return a browser context that serves the site, the npm copies of the CDN files, and nothing else.

    Any other request is refused and its URL passed to ``on_refused``.
    """
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile, device_scale_factor=1,
                                  service_workers="block", reduced_motion="reduce")

    def handle(route):
        url = route.request.url
        if url.startswith(site.base_url):
            route.continue_()
            return
        local = cdn_copies.file_for(url)
        if local is not None:
            route.fulfill(path=str(local), headers={"Access-Control-Allow-Origin": "*"})
            return
        on_refused(url)
        route.abort("blockedbyclient")

    context.route("**/*", handle)
    return context


def site_only_context(browser, site, **options):
    """Return a plain browser context (``options`` as Playwright's) that serves the site and refuses the rest."""
    context = browser.new_context(**options)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site.base_url)
                  else route.abort())
    return context


def watch(page, visit):
    page.on("console", lambda message: visit.console_errors.append(f"{message.text} ({message.location})")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on("response", lambda response: visit.failed_requests.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    page.on("requestfailed", lambda request: visit.failed_requests.append(f"{request.failure} {request.url}"))


# Resolve once MathJax has typeset the page (if it loads MathJax), the fonts are in and the images are decoded.
# Images below the first screen load lazily (_ext/page_html.py), only when scrolled near, and decode() waits
# for them forever: the tests look at every image, so they load them all at once.
SETTLE = """async () => {
  document.querySelectorAll('img[loading="lazy"]').forEach((img) => { img.loading = "eager"; });
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;
  await Promise.all(Array.from(document.images, (img) => img.decode().catch(() => null)));
}"""


def open_page(context, url, visit):
    page = context.new_page()
    watch(page, visit)
    page.goto(url, wait_until="load")
    page.evaluate(SETTLE)
    return page


def screenshot_name(page_path, width_name):
    return SCREENSHOTS / (page_path.replace("/", "__").removesuffix(".html") + f"--{width_name}.png")


def nnlib_reference_histories():
    """Every history the explorer's sliders offer, from nnlib.train: {(seed, rate): (weights, loss, prediction)}."""
    import numpy as np

    import nnlib
    from nnlib import explorer

    reference = {}
    for rate in explorer.LEARNING_RATES:
        for seed in explorer.SEEDS:
            result = nnlib.train(nnlib.TRAINING_INPUTS, nnlib.TRAINING_OUTPUTS, explorer.MAX_ITERATIONS,
                                 seed=seed, learning_rate=rate)
            prediction = nnlib.predict(result.history, np.asarray(nnlib.NEW_INPUT, dtype=float)[:, None])[:, 0]
            reference[(seed, rate)] = (result.history, result.loss, prediction)
    return reference


# ---- Build and serve (shared by the tests and benchmarks/bench.py) ----------


def build_book(output):
    """Build the book strictly into ``output``; return (exit code, path of the build log)."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    log = Path(output) / "build.log"
    with open(log, "w", encoding="utf-8") as stream:
        completed = subprocess.run(
            [str(jupyter_book), "build", str(REPO), "-W", "-n", "--keep-going", "--path-output", str(output)],
            stdout=stream, stderr=subprocess.STDOUT, cwd=REPO, check=False,
        )
    return completed.returncode, log


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page closed while a file was on its way (make bench closes pages early) is not an error.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(root):
    """Serve the folder ``root`` on 127.0.0.1 from a thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Time `trials` moves of one explorer's controls in-page (window.oneNeuronExplorers[kind].instances[0]):
# a random slider position (a new value and an input event) or a button click, each timed from the
# event until the explorer has recomputed and redrawn (its handlers run synchronously; reading the
# plots' geometry and a canvas pixel makes the browser finish the style, layout and canvas drawing
# they caused). Return the times in ms.
TIME_UPDATES = """([kind, trials]) => {
  const instance = window.oneNeuronExplorers[kind].instances[0];
  const controls = instance.controls.filter((c) => c.type === "range" || c.tagName === "BUTTON");
  if (controls.length === 0) throw new Error(`the ${kind} explorer has no controls`);
  const root = instance.root;
  const svgs = Array.from(root.querySelectorAll("svg"));
  const canvases = Array.from(root.querySelectorAll("canvas"));
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const times = [];
  for (let i = 0; i < trials; i++) {
    const control = controls[i % controls.length];
    const start = performance.now();
    if (control.tagName === "BUTTON") {
      control.click();
    } else {
      const positions = Math.round((Number(control.max) - Number(control.min)) / Number(control.step)) + 1;
      control.value = String(Number(control.min) + Number(control.step) * Math.floor(random() * positions));
      control.dispatchEvent(new Event("input", { bubbles: true }));
    }
    for (const svg of svgs) svg.getBBox();
    for (const canvas of canvases) if (canvas.width && canvas.height) canvas.getContext("2d").getImageData(0, 0, 1, 1);
    times.push(performance.now() - start);
  }
  if (instance.pause) instance.pause();
  return times;
}"""

# Play an explorer that trains live (instance.play/pause, instance.frames counts redraws) for
# `seconds`; return the redraws per second.
TIME_PLAYING = """async ([kind, seconds]) => {
  const instance = window.oneNeuronExplorers[kind].instances[0];
  if (instance.reset) instance.reset();
  const before = instance.frames;
  const start = performance.now();
  instance.play();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  instance.pause();
  return (instance.frames - before) / ((performance.now() - start) / 1000);
}"""

# The explorer kinds on the page, in order.
EXPLORER_KINDS = """() => Array.from(document.querySelectorAll(".one-neuron-explorer[data-explorer]"),
  (node) => node.dataset.explorer)"""


# ---- Explorers drawn when the reader nears them (book/_static/explorers.js) ----

EXPLORER_ROOT = '.one-neuron-explorer[data-explorer="{kind}"]'

# Resolve once the index-th explorer of a kind has an instance: true, or false after `timeout` ms.
EXPLORER_BUILT = """async ([kind, index, timeout]) => {
  const deadline = performance.now() + timeout;
  for (;;) {
    const entry = window.oneNeuronExplorers && window.oneNeuronExplorers[kind];
    if (entry && entry.instances[index]) return true;
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}"""


def reach_explorer(page, kind, index=0, timeout=15_000):
    """Scroll the index-th explorer of ``kind`` into view, as a reader would, and wait until it is drawn.

    Return its locator. Fail if it does not draw within ``timeout`` ms (the loader draws an explorer only
    once it comes near the screen).
    """
    root = page.locator(EXPLORER_ROOT.format(kind=kind)).nth(index)
    # Scroll again while it has not drawn: what is above it may still change height (late math or fonts) and carry
    # it away from where the first scroll left the window, as it would for a reader who then scrolls on.
    for _ in range(max(1, timeout // 500)):
        root.evaluate("(node) => node.scrollIntoView({block: 'start'})")
        if page.evaluate(EXPLORER_BUILT, [kind, index, 500]):
            break
    else:
        message = root.inner_text()[:200] if root.count() else "(no such div)"
        pytest.fail(f"the {kind} explorer did not draw once scrolled into view: {message!r}", pytrace=False)
    return root


def reach_every_explorer(page):
    """Scroll to every explorer of the page in turn and wait until each is drawn; return their kinds."""
    kinds = page.evaluate(EXPLORER_KINDS)
    for index, kind in enumerate(kinds):
        reach_explorer(page, kind, kinds[:index].count(kind))
    return kinds
