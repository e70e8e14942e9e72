"""The built pages as HTML: sized and lazy images, a description each, unique ids, valid summaries, a favicon.

What Lighthouse (mobile) and the W3C Nu validator ask of every page in the
table of contents, most of it added by _ext/page_html.py: image sizes read
here with Pillow and ElementTree from the files the pages serve, image
positions measured in Chromium at phone and desktop size, and the Nu
validator (vnu.jar, pinned in tests/browser/assets) run over the nine pages.
"""

import collections
import json
import re
import shutil
import subprocess
import urllib.request
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from browser_support import ASSETS, DESKTOP, PHONE, site_only_context, skip_or_fail

VNU = ASSETS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Chromium fetches a lazy image once it is this close below the window (on a fast connection).
LAZY_DISTANCE = 1250

# HTML's phrasing content (https://html.spec.whatwg.org/#phrasing-content), the content model of
# <summary> together with at most one heading.
PHRASING = set("""a abbr area audio b bdi bdo br button canvas cite code data datalist del dfn em embed i
iframe img input ins kbd label link map mark math meta meter noscript object output picture progress q
ruby s samp script select slot small span strong sub sup svg template textarea time u var video wbr""".split())
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "hgroup"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Elements(HTMLParser):
    """Every start tag of a page, with its attributes and its ancestors' tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.tags = []  # (tag, attrs, ancestors)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.stack)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.stack)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


@pytest.fixture(scope="module")
def pages(site):
    """{page: [(tag, attrs, ancestors)]} for every page of the table of contents."""
    assert len(site.pages) == 9, f"the table of contents lists {len(site.pages)} pages, not nine"
    parsed = {}
    for page in site.pages:
        parser = Elements()
        parser.feed((site.root / page).read_text(encoding="utf-8"))
        parser.close()
        parsed[page] = parser.tags
    return parsed


def file_size(path):
    """(width, height) of an image file: Pillow for bitmaps, the root's size or viewBox for SVG."""
    if path.suffix.lower() == ".svg":
        root = ElementTree.parse(path).getroot()
        width, height = root.get("width"), root.get("height")
        if width and height and re.fullmatch(r"[0-9.]+(px)?", width) and re.fullmatch(r"[0-9.]+(px)?", height):
            return float(width.removesuffix("px")), float(height.removesuffix("px"))
        box = [float(value) for value in root.get("viewBox").replace(",", " ").split()]
        return box[2], box[3]
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def served_file(site, page, src):
    parts = urlsplit(src)
    assert not parts.scheme and not parts.netloc, f"{page} shows an image from elsewhere: {src}"
    path = ((site.root / page).parent / unquote(parts.path)).resolve()
    assert path.is_file(), f"{page}: {src} is not in the build"
    return path


def test_every_image_has_width_and_height_of_its_files_ratio(site, pages):
    checked = 0
    for page, tags in pages.items():
        for tag, attrs, _ in tags:
            if tag != "img":
                continue
            width, height = attrs.get("width"), attrs.get("height")
            assert width and height, f"{page}: <img src={attrs.get('src')!r}> has no width and height"
            assert re.fullmatch(r"\d+", width) and re.fullmatch(r"\d+", height), (page, attrs)
            natural_width, natural_height = file_size(served_file(site, page, attrs["src"]))
            ratio, natural = int(width) / int(height), natural_width / natural_height
            assert abs(ratio / natural - 1) < 0.01, (
                f"{page}: {attrs['src']} is {natural_width} x {natural_height}, its tag says {width} x {height}")
            checked += 1
    # Two launch-button icons on each of the six chapters, and 19 figures.
    assert checked >= 25, f"only {checked} images in the book"


MEASURE = """() => Array.from(document.images, (img) => {
  const rect = img.getBoundingClientRect();
  return {src: img.getAttribute("src"), loading: img.getAttribute("loading"), decoding: img.getAttribute("decoding"),
          inArticle: img.closest("article") !== null, shown: img.getClientRects().length > 0,
          top: rect.top + window.scrollY};
})"""

# The theme opens its header menus on hover; show them to measure the icons in them.
SHOW_MENUS = """() => document.querySelectorAll(".dropdown-menu").forEach((menu) => { menu.style.display = "block"; })"""

RATIOS = """() => Array.from(document.images).filter((img) => img.getClientRects().length > 0).map((img) => {
  const rect = img.getBoundingClientRect();
  return {src: img.getAttribute("src"), shown: rect.width / rect.height, natural: img.naturalWidth / img.naturalHeight,
          width: rect.width, loaded: img.complete && img.naturalWidth > 0};
})"""


@pytest.fixture(scope="module")
def measured(browser, site):
    """{(page, width name): (images where the page first shows them, shown and natural ratios)}, no script needed."""
    results = {}
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = site_only_context(browser, site, viewport=viewport, device_scale_factor=1, service_workers="block")
        try:
            for page_path in site.pages:
                page = context.new_page()
                page.goto(site.base_url + page_path, wait_until="load")
                page.evaluate("document.fonts.ready")
                first = page.evaluate(MEASURE)
                # Then load every image (as open_page does) and compare the shapes drawn with the files'.
                page.evaluate("""async () => {
                  document.querySelectorAll('img[loading="lazy"]').forEach((img) => { img.loading = "eager"; });
                  await Promise.all(Array.from(document.images, (img) => img.decode().catch(() => null)));
                }""")
                page.evaluate(SHOW_MENUS)
                results[page_path, width_name] = (first, page.evaluate(RATIOS), viewport["height"])
                page.close()
        finally:
            context.close()
    return results


def test_images_below_the_first_screen_load_lazily(measured):
    lazy = 0
    for (page, width_name), (images, _, window) in measured.items():
        for image in images:
            if image["shown"] and image["top"] < window:
                assert image["loading"] != "lazy", (
                    f"{page} at {width_name} size: {image['src']} is in the first screen "
                    f"({image['top']:.0f} px down) but loads lazily")
            elif not image["shown"] or image["top"] > window + LAZY_DISTANCE:
                assert image["loading"] == "lazy" and image["decoding"] == "async", (
                    f"{page} at {width_name} size: {image['src']} is {image['top']:.0f} px down (or hidden: "
                    "folded, in a closed menu) but loads at once")
                lazy += 1
    # 19 figures and the two icons of each chapter's launch menu, at two sizes
    assert lazy >= 40, f"only {lazy} images far enough down or hidden to check"


def test_images_keep_their_shape_at_phone_and_desktop_width(measured):
    checked = 0
    for (page, width_name), (_, images, _) in measured.items():
        for image in images:
            assert image["loaded"], f"{page}: {image['src']} did not load"
            assert abs(image["shown"] / image["natural"] - 1) < 0.02, (
                f"{page} at {width_name} size: {image['src']} is drawn at {image['shown']:.3f}:1, "
                f"its file is {image['natural']:.3f}:1")
            if width_name == "phone":
                assert image["width"] <= PHONE["width"], f"{page}: {image['src']} is wider than a phone"
            checked += 1
    assert checked >= 50, f"only {checked} images measured at the two widths"


def descriptions(pages):
    found = {}
    for page, tags in pages.items():
        found[page] = [attrs.get("content", "") for tag, attrs, _ in tags
                       if tag == "meta" and attrs.get("name") == "description"]
    return found


def test_every_page_has_a_description_of_its_own(site, pages, browser):
    found = descriptions(pages)
    for page, contents in found.items():
        assert len(contents) == 1, f"{page} has {len(contents)} meta descriptions"
        assert 50 <= len(contents[0]) <= 160, f"{page}: a description of {len(contents[0])} characters: {contents[0]!r}"
    repeated = [text for text, count in collections.Counter(c[0] for c in found.values()).items() if count > 1]
    assert repeated == [], f"descriptions shared by pages: {repeated}"
    # Each is the page's own opening: its first words begin a paragraph of the page as shown.
    context = site_only_context(browser, site, viewport=DESKTOP, java_script_enabled=False)
    try:
        for page_path, contents in found.items():
            page = context.new_page()
            page.goto(site.base_url + page_path)
            paragraphs = page.evaluate("""() => Array.from(document.querySelectorAll("article p"),
              (p) => p.innerText.replace(/\\s+/g, " ").trim())""")
            page.close()
            opening = " ".join(contents[0].split()[:8])
            assert any(text.startswith(opening) for text in paragraphs), (
                f"{page_path}: the description {contents[0]!r} does not open any paragraph of the page")
    finally:
        context.close()


def test_no_page_has_a_duplicate_id(site, pages, browser):
    for page, tags in pages.items():
        ids = collections.Counter(attrs["id"] for _, attrs, _ in tags if attrs.get("id"))
        assert len(ids) > 20, f"{page}: only {len(ids)} ids"
        assert [i for i, count in ids.items() if count > 1] == [], f"{page}: duplicate ids in the HTML"
    # and none after the pages' scripts have run
    context = site_only_context(browser, site, viewport=DESKTOP)
    try:
        for page_path in site.pages:
            page = context.new_page()
            page.goto(site.base_url + page_path, wait_until="load")
            duplicates = page.evaluate("""() => { const seen = new Map();
              document.querySelectorAll("[id]").forEach((e) => seen.set(e.id, (seen.get(e.id) || 0) + 1));
              return Array.from(seen).filter(([, count]) => count > 1).map(([id]) => id); }""")
            page.close()
            assert duplicates == [], f"{page_path}: duplicate ids once its scripts ran"
    finally:
        context.close()


def test_summaries_hold_phrasing_content_or_one_heading(pages):
    summaries = 0
    for page, tags in pages.items():
        headings = collections.Counter()
        for number, (tag, attrs, ancestors) in enumerate(tags):
            if tag == "summary":
                summaries += 1
            if "summary" not in ancestors:
                continue
            # The elements between the innermost summary and this one
            inside = ancestors[len(ancestors) - ancestors[::-1].index("summary"):]
            owner = sum(1 for t, _, _ in tags[:number] if t == "summary")  # which summary this is in
            if tag in HEADINGS and not inside:
                headings[owner] += 1
                continue
            assert tag in PHRASING, f"{page}: <{tag}> inside <summary> ({' > '.join(ancestors)} > {tag})"
        assert all(count <= 1 for count in headings.values()), f"{page}: a summary with more than one heading"
    assert summaries >= 20, f"only {summaries} <summary> elements in the book: the folded code cells have them"


def test_every_page_links_a_favicon_that_is_served(site, pages):
    for page, tags in pages.items():
        icons = [attrs["href"] for tag, attrs, _ in tags
                 if tag == "link" and "icon" in (attrs.get("rel") or "").split() and attrs.get("href")]
        assert icons, f"{page} names no favicon: the browser asks for /favicon.ico"
        for href in icons:
            url = urljoin(site.base_url + page, href)
            with urllib.request.urlopen(url) as response:
                assert response.status == 200
                body = response.read()
            if href.endswith(".svg"):
                root = ElementTree.fromstring(body)
                assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox"), url


def test_the_favicon_is_a_neuron_readable_small_and_in_the_dark(browser, site):
    """At 16 x 16 px the icon covers a fair part of its square, and differs from both a light and a dark tab."""
    icon = site.root / "_static" / "favicon.svg"
    assert icon.is_file()
    source = icon.read_text(encoding="utf-8")
    assert "prefers-color-scheme: dark" in source, "the favicon has no colours for a dark theme"
    for scheme, background in (("light", (255, 255, 255)), ("dark", (32, 33, 36))):
        context = browser.new_context(viewport={"width": 16, "height": 16}, color_scheme=scheme)
        try:
            page = context.new_page()
            page.set_content(f'<body style="margin:0;background:rgb{background}">'
                             f'<img src="data:image/svg+xml;charset=utf-8,{urllib.request.quote(source)}" '
                             'width="16" height="16" style="display:block"></body>')
            page.evaluate("() => document.images[0].decode()")
            pixels = page.evaluate("""() => { const c = document.createElement("canvas"); c.width = c.height = 16;
              const g = c.getContext("2d"); g.drawImage(document.images[0], 0, 0, 16, 16);
              return Array.from(g.getImageData(0, 0, 16, 16).data); }""")
            page.close()
        finally:
            context.close()
        covered = 0
        contrast = 0
        for i in range(0, len(pixels), 4):
            alpha = pixels[i + 3] / 255
            if alpha < 0.5:
                continue
            covered += 1
            colour = pixels[i:i + 3]
            contrast = max(contrast, sum(abs(c - b) for c, b in zip(colour, background)) / 3)
        assert covered >= 40, f"{scheme}: the 16 px favicon covers only {covered} of 256 pixels"
        assert contrast >= 100, f"{scheme}: the favicon hardly differs from a {scheme} tab ({contrast:.0f})"


def test_the_nu_validator_finds_no_errors(site):
    java = shutil.which("java")
    if java is None:
        skip_or_fail("no Java runtime for the Nu validator: `apt-get install -y default-jre-headless`")
    if not VNU.is_file():
        skip_or_fail(f"the Nu validator is missing ({VNU}): run `npm ci --prefix tests/browser/assets`")
    files = [str(site.root / page) for page in site.pages]
    assert len(files) == 9
    completed = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                               capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(completed.stderr or completed.stdout)
    messages = report["messages"]
    errors = [f"{'/'.join(Path(unquote(urlsplit(m.get('url', '')).path)).parts[-2:])}:{m.get('lastLine', '?')}: "
              f"{m['message']}" for m in messages]
    assert errors == [], f"{len(errors)} errors in the built pages:\n" + "\n".join(errors[:60])
    assert completed.returncode == 0, completed.stderr[-2000:]
