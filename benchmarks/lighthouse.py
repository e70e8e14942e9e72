"""Lighthouse on every page of the built book, phone and desktop, served gzipped from 127.0.0.1.

Used by ``benchmarks/bench.py`` (``make bench``; ``bench.py --only lighthouse`` runs just this part).
Each page is audited twice, one run at a time: in Lighthouse's default mobile mode (a simulated
mid-range phone on slow 4G with a 4x slower CPU) and with ``--preset=desktop``. The server gzips
text as GitHub Pages does, so transfer sizes are those a reader downloads. The npm CDN addresses
in the pages' HTML (d3 from jsDelivr) are rewritten to a second local origin that serves the
pinned npm copies `make test` installs, so a CDN file still costs a connection of its own.
Scores are printed, never asserted; the JSON reports stay in ``_build/lighthouse/``.
"""

import contextlib
import functools
import gzip
import http.server
import json
import mimetypes
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import browser_support as support  # noqa: E402  (the book's pages, Chromium, the npm copies)

ASSETS = support.ASSETS
LIGHTHOUSE = ASSETS / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "_build" / "lighthouse"
MODES = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Without these Chromium calls Google's servers, and this machine's closed network refuses it.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Nothing but the local servers resolves: a page that reaches elsewhere fails visibly, not slowly.
    '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"',
]
RUN_TIMEOUT = 300  # seconds for one Lighthouse run
NOISE_NOTE = ("Scores move by about ±15 points from run to run on a busy machine (simulated throttling scales"
              " with the CPU the run got): compare runs made on the same quiet machine, and read the reports.")

# ---- A GitHub Pages-like server: gzip for text, the right types and lengths ----------------------

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".ipynb": "application/json; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".inv": "application/octet-stream",
}
# What GitHub Pages compresses: text formats. Fonts, images and archives go as they are.
GZIPPED = ("text/", "application/json", "application/xml", "application/javascript", "image/svg+xml",
           "application/vnd.ms-fontobject", "font/ttf", "font/otf")
# npm CDN addresses in the pages -> path prefixes on the local CDN origin.
CDN_PREFIXES = {"https://cdn.jsdelivr.net/npm/": "npm/", "https://unpkg.com/": "unpkg/"}


def content_type(path):
    return TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class _Files:
    """Bodies of the files served, read (rewritten and gzipped) once and kept, keyed by path and mtime."""

    def __init__(self, rewrite=None):
        self.rewrite = rewrite
        self.cache = {}
        self.lock = threading.Lock()

    def body(self, path, gzipped):
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size, gzipped)
        with self.lock:
            cached = self.cache.get(key)
        if cached is not None:
            return cached
        data = path.read_bytes()
        kind = content_type(path)
        # Only the HTML: a script or stylesheet may carry an integrity hash (MathJax's does), and the
        # CDN addresses inside a library are its own business.
        if self.rewrite and kind.startswith("text/html"):
            data = self.rewrite(data)
        if gzipped:
            # GitHub Pages compresses at a middling level; 6 is gzip's default.
            data = gzip.compress(data, compresslevel=6, mtime=0)
        with self.lock:
            self.cache[key] = data
        return data


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server: each page's files share connections
    locate = None  # callable(url path) -> Path or None, set per server
    files = None
    extra_headers = ()
    misses = None

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _send_plain(self, status, text, location=None):
        body = text.encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _serve(self, head):
        url_path = unquote(urlsplit(self.path).path)
        found = self.locate(url_path)
        if isinstance(found, str):  # a folder without its slash: redirect, as GitHub Pages does
            self._send_plain(301, "moved", location=found)
            return
        if found is None:
            self.misses.append(url_path)
            self._send_plain(404, "not found")
            return
        kind = content_type(found)
        accepts = self.headers.get("Accept-Encoding", "")
        gzipped = kind.startswith(GZIPPED) and re.search(r"\bgzip\b", accepts) is not None
        body = self.files.body(found, gzipped)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        if kind.startswith(GZIPPED):
            self.send_header("Vary", "Accept-Encoding")
        for name, value in self.extra_headers:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that drops a connection mid-file is not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, TimeoutError)):
            super().handle_error(request, client_address)


def _site_locator(root):
    root = Path(root).resolve()

    def locate(url_path):
        candidate = (root / url_path.lstrip("/")).resolve()
        if candidate != root and root not in candidate.parents:
            return None
        if candidate.is_dir():
            if not url_path.endswith("/"):
                return url_path + "/"
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None
    return locate


def _cdn_locator(modules):
    """Serve /npm/<package>@<version>/<path> and /unpkg/... from the pinned npm copies, versions checked."""
    copies = support.CdnCopies(modules) if modules.is_dir() else None

    def locate(url_path):
        if copies is None:
            return None
        for original, prefix in CDN_PREFIXES.items():
            if url_path.startswith("/" + prefix):
                return copies.file_for(original + url_path[len(prefix) + 1:])
        return None
    return locate


def _start(locate, files, extra_headers):
    misses = []
    handler = type("Handler", (_Handler,), {"locate": staticmethod(locate), "files": files,
                                            "extra_headers": tuple(extra_headers), "misses": misses})
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, misses


@contextlib.contextmanager
def serve_gzipped(html_root, modules=ASSETS / "node_modules"):
    """Serve the built book on 127.0.0.1 as GitHub Pages would (gzip, types, lengths); yield (base URL, misses).

    npm CDN addresses in the pages' HTML point to a second local origin serving the npm
    copies. ``misses`` collects the paths either server answered 404 (a CDN file with no npm copy, say).
    """
    cdn, cdn_misses = _start(_cdn_locator(modules), _Files(), [
        ("Access-Control-Allow-Origin", "*"), ("Cache-Control", "public, max-age=31536000, immutable")])
    cdn_base = f"http://localhost:{cdn.server_address[1]}/"
    replacements = [(original.encode(), (cdn_base + prefix).encode()) for original, prefix in CDN_PREFIXES.items()]

    def rewrite(data):
        for old, new in replacements:
            data = data.replace(old, new)
        return data

    site, site_misses = _start(_site_locator(html_root), _Files(rewrite), [("Cache-Control", "max-age=600")])
    misses = {"site": site_misses, "cdn": cdn_misses}
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}/", misses
    finally:
        for server in (site, cdn):
            server.shutdown()
            server.server_close()


# ---- Lighthouse runs ----------------------------------------------------------------------------


def missing_tools():
    """Return why Lighthouse cannot run here, or None if it can."""
    if shutil.which("node") is None:
        return "needs Node.js"
    if not LIGHTHOUSE.exists():
        return f"needs Lighthouse in {LIGHTHOUSE.parent.parent.relative_to(ROOT)} (`make test` runs npm ci there)"
    if support.find_chromium() is None:
        return "needs Chromium (" + support.INSTALL_HINT + ")"
    return None


def page_matches(page_path, token):
    """Whether a `--pages` token names the page: 'ch3', '3' or '03' (chapter 3), or part of its path ('intro')."""
    token = token.strip().lower()
    chapter = re.fullmatch(r"(?:ch)?0*(\d+)", token)
    if chapter:
        number = re.match(r"(\d+)_", Path(page_path).name)
        return number is not None and int(number[1]) == int(chapter[1])
    return bool(token) and token in page_path.lower()


def select_pages(pages, spec):
    if not spec:
        return list(pages)
    tokens = [token for token in spec.split(",") if token.strip()]
    chosen = [page for page in pages if any(page_matches(page, token) for token in tokens)]
    unknown = [token for token in tokens if not any(page_matches(page, token) for page in pages)]
    if unknown:
        raise SystemExit(f"--pages: no page matches {', '.join(unknown)} (pages: {', '.join(pages)})")
    return chosen


def report_path(page_path, mode, reports=REPORTS):
    return Path(reports) / (page_path.replace("/", "__").removesuffix(".html") + f"--{mode}.json")


def run_lighthouse(url, mode, output):
    """Run Lighthouse once; return (the parsed report or None, what went wrong or None)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={output}", "--quiet",
               "--only-categories=" + ",".join(CATEGORIES), "--chrome-flags=" + " ".join(CHROME_FLAGS)]
    if mode == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=support.find_chromium())
    try:
        completed = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                                   timeout=RUN_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {RUN_TIMEOUT} s"
    if not output.is_file():
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
        return None, f"exit {completed.returncode}: " + " | ".join(tail)
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        return report, f"{report['runtimeError'].get('code')}: {report['runtimeError'].get('message')}"
    return report, None


def summarize(report):
    """The row's numbers: scores 0-100 (None if not scored), FCP/LCP s, TBT ms, CLS, transfer bytes."""
    def score(category):
        value = report["categories"].get(category, {}).get("score")
        return None if value is None else round(value * 100)

    def numeric(audit):
        return report["audits"].get(audit, {}).get("numericValue")

    fcp, lcp = numeric("first-contentful-paint"), numeric("largest-contentful-paint")
    return {
        "perf": score("performance"), "a11y": score("accessibility"), "bp": score("best-practices"),
        "seo": score("seo"),
        "fcp": None if fcp is None else fcp / 1000, "lcp": None if lcp is None else lcp / 1000,
        "tbt": numeric("total-blocking-time"), "cls": numeric("cumulative-layout-shift"),
        "bytes": numeric("total-byte-weight"),
    }


COLUMNS = (  # key, heading, width, format
    ("perf", "perf", 4, "{:.0f}"), ("a11y", "a11y", 4, "{:.0f}"), ("bp", "b.p.", 4, "{:.0f}"),
    ("seo", "SEO", 4, "{:.0f}"), ("fcp", "FCP s", 6, "{:.2f}"), ("lcp", "LCP s", 6, "{:.2f}"),
    ("tbt", "TBT ms", 7, "{:.0f}"), ("cls", "CLS", 6, "{:.3f}"), ("bytes", "transfer B", 11, "{:,.0f}"),
)
PAGE_WIDTH = 30


def format_row(page, mode, values, note=""):
    cells = []
    for key, _, width, fmt in COLUMNS:
        value = values.get(key) if values else None
        cells.append(f"{'-' if value is None else fmt.format(value):>{width}}")
    return f"{page:<{PAGE_WIDTH}} {mode:<7} " + " ".join(cells) + (f"  {note}" if note else "")


def header():
    line = f"{'page':<{PAGE_WIDTH}} {'mode':<7} " + " ".join(f"{heading:>{width}}" for _, heading, width, _ in COLUMNS)
    return line + "\n" + "-" * len(line)


def medians(rows, mode):
    values = {}
    for key, *_ in COLUMNS:
        column = [row[key] for row_mode, row in rows if row_mode == mode and row and row.get(key) is not None]
        values[key] = statistics.median(column) if column else None
    return values


def bench_lighthouse(html_root, pages, modes=MODES, reports=REPORTS):
    """Audit every page in every mode, one run at a time; print one table and the medians per mode."""
    reason = missing_tools()
    title = "Lighthouse"
    if reason:
        print(f"{title:<58} skipped ({reason})")
        return True
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"\nLighthouse {version}, {len(pages)} page(s) x {len(modes)} mode(s), one run at a time"
          " (mobile: simulated mid-range phone, slow 4G, 4x CPU slowdown; desktop: --preset=desktop),"
          " served gzipped from 127.0.0.1")
    print(NOISE_NOTE)
    shown = Path(reports).resolve()
    shown = shown.relative_to(ROOT) if ROOT in shown.parents else shown
    print(f"Reports: {shown}/<page>--<mode>.json"
          " (open one in the Lighthouse viewer, or read its audits)\n")
    print(header(), flush=True)
    rows = []
    started = time.perf_counter()
    with serve_gzipped(html_root) as (base_url, misses):
        for page_path in pages:
            for mode in modes:
                report, problem = run_lighthouse(base_url + page_path, mode,
                                                 report_path(page_path, mode, reports))
                values = summarize(report) if report and not problem else None
                rows.append((mode, values))
                print(format_row(page_path, mode, values, f"FAILED: {problem}" if problem else ""), flush=True)
        print("-" * len(header().splitlines()[0]))
        for mode in modes:
            print(format_row(f"median of {sum(1 for m, v in rows if m == mode and v)} pages", mode, medians(rows, mode)))
        # Lighthouse asks for /robots.txt; the book has none, nor has GitHub Pages one for it.
        missed = sorted(set(misses["site"] + misses["cdn"]) - {"/robots.txt", "/favicon.ico"})
        if missed:
            print("not found on the local servers (404): " + ", ".join(missed[:10])
                  + (f" and {len(missed) - 10} more" if len(missed) > 10 else ""))
    print(f"{len(rows)} runs in {time.perf_counter() - started:.0f} s. Measured, never asserted:"
          " scores move by about ±15 points on a busy machine.")
    return True
