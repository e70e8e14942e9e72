"""_ext/page_html.py on small pages written by hand: image sizes, lazy loading, summaries, descriptions.

The rendered book is checked in tests/browser/test_page_html.py; these tests
pin the rules on cases the book does not have yet (an image in the first
screen, a width without a height, a formula in a description).
"""

import struct
import sys
import zlib
from pathlib import Path

import pytest
from docutils.core import publish_doctree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
import page_html  # noqa: E402


def png_bytes(width, height):
    """A valid 8-bit greyscale PNG of the given size, written from the PNG specification."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_image_size_reads_png_svg_gif(tmp_path):
    (tmp_path / "a.png").write_bytes(png_bytes(611, 387))
    (tmp_path / "box.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 44 22"/>')
    (tmp_path / "sized.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="30px" height="10" '
                                        'viewBox="0 0 3 1"/>')
    (tmp_path / "a.gif").write_bytes(b"GIF89a" + struct.pack("<HH", 7, 5) + b"\x00" * 20)
    (tmp_path / "b.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    assert page_html.image_size(tmp_path / "a.png") == (611, 387)
    assert page_html.image_size(tmp_path / "box.svg") == (44, 22)
    assert page_html.image_size(tmp_path / "sized.svg") == (30, 10)
    assert page_html.image_size(tmp_path / "a.gif") == (7, 5)
    assert page_html.image_size(tmp_path / "b.webp") is None


def test_image_size_agrees_with_pillow(tmp_path):
    from PIL import Image

    Image.new("RGB", (123, 45)).save(tmp_path / "p.png")
    Image.new("RGB", (64, 80)).save(tmp_path / "p.jpg")
    assert page_html.image_size(tmp_path / "p.png") == (123, 45)
    assert page_html.image_size(tmp_path / "p.jpg") == (64, 80)


SIZES = {"near.png": (600, 400), "far.png": (600, 300), "logo.svg": (44, 44)}


def page(article):
    return ('<html><head></head><body><div class="dropdown-menu"><img src="logo.svg" alt="logo"></div>'
            f'<main><article class="bd-article">{article}</article></main></body></html>')


def rewrite(text):
    new, problems = page_html.rewrite_page(text, lambda src: SIZES.get(src))
    assert problems == []
    return new


def test_images_get_their_size_and_only_those_far_down_load_lazily():
    prose = "<p>" + "word " * 80 + "</p>"  # 400 visible characters
    far = "<p>" + "word " * 400 + "</p>"   # 2,000 more
    new = rewrite(page(prose + '<img src="near.png" alt="a">' + far + '<img src="far.png" alt="b" />'))
    assert '<img src="near.png" alt="a" width="600" height="400" style="height:auto">' in new
    assert ('<img src="far.png" alt="b" width="600" height="300" style="height:auto" loading="lazy" '
            'decoding="async" />') in new
    # The theme's icon, outside the article: sized by height in CSS, lazy in its closed menu.
    assert ('<img src="logo.svg" alt="logo" width="44" height="44" style="width:auto" loading="lazy" '
            'decoding="async">') in new
    shown = rewrite(page("").replace('class="dropdown-menu"', 'class="navbar"'))
    assert '<img src="logo.svg" alt="logo" width="44" height="44" style="width:auto">' in shown
    assert rewrite(new) == new, "a second run changes the page"


def test_hidden_text_does_not_push_an_image_down():
    folded = '<details class="hide"><summary>Show code</summary><pre>' + "x = 1\n" * 600 + "</pre></details>"
    dropdown = ('<div class="admonition dropdown"><p class="admonition-title">Deeper</p><p>'
                + "word " * 600 + "</p></div>")
    new = rewrite(page(folded + dropdown + '<img src="near.png" alt="a">'))
    assert '<img src="near.png" alt="a" width="600" height="400" style="height:auto">' in new
    # but an image inside a folded box is not in the first screen
    new = rewrite(page(dropdown.replace("</div>", '<img src="near.png" alt="a"></div>')))
    assert '<img src="near.png" alt="a" width="600" height="400" style="height:auto" loading="lazy"' in new


def test_images_above_count_towards_the_first_screen():
    images = '<img src="near.png" alt="a">' * 5
    new = rewrite(page(images))
    # the fifth, with four images above it (and the icon in its closed menu)
    assert new.count('src="near.png" alt="a" width="600" height="400" style="height:auto" loading="lazy"') == 1


def test_one_given_side_keeps_the_files_ratio():
    new = rewrite(page('<img src="far.png" width="300" alt="a">'))
    assert 'width="300" alt="a" height="150" style="height:auto"' in new
    new = rewrite(page('<img src="far.png" height="100" style="border: 0" alt="a">'))
    assert 'alt="a" width="200" style="border: 0;height:auto"' in new


def test_an_image_of_unknown_size_is_reported():
    text = '<article class="bd-article"><img src="https://example.org/x.png" alt="a"></article>'
    _, problems = page_html.rewrite_page(text, lambda src: None)
    assert problems == ["cannot read the size of the image 'https://example.org/x.png'"]


def test_paragraphs_in_a_summary_become_spans():
    summary = ('<details class="admonition hide above-input"><summary aria-label="Toggle hidden content">\n'
               '<p class="collapsed admonition-title">Show code cell source</p>\n'
               '<p class="expanded admonition-title">Hide code cell source</p>\n</summary><p>kept</p></details>')
    new = rewrite(page(summary) + "<p>after</p>")
    assert ('<summary aria-label="Toggle hidden content">\n<span class="collapsed admonition-title">Show code cell '
            'source</span>\n<span class="expanded admonition-title">Hide code cell source</span>\n</summary>'
            '<p>kept</p></details>') in new
    assert new.endswith("<p>after</p>")
    assert "span.collapsed" in page_html.CSS and "span.expanded" in page_html.CSS


@pytest.mark.parametrize("tex, text", [
    (r"w_1", "w1"),
    (r"\sigma(0) = \tfrac12", "σ(0) = 1/2"),
    (r"\frac{1}{1 + e^{-z}}", "1/(1 + e−z)"),
    (r"\mathbf{w} \odot \eta", "w ⊙ η"),
])
def test_formulas_become_plain_text(tex, text):
    assert page_html.tex_to_text(tex) == text


def test_shorten_keeps_whole_sentences_or_cuts_at_a_word():
    sentences = "One short sentence here. " * 8
    cut = page_html.shorten(sentences)
    assert cut.endswith("here.") and len(cut) <= page_html.DESCRIPTION_LENGTH
    words = "alpha beta gamma delta " * 20
    cut = page_html.shorten(words)
    assert cut.endswith("…") and len(cut) <= page_html.DESCRIPTION_LENGTH + 1
    assert cut[:-1].split() == words.split()[: len(cut[:-1].split())], "cut inside a word"
    assert page_html.shorten("Short enough.") == "Short enough."


def test_description_is_the_first_paragraph_of_prose():
    doctree = publish_doctree("""
Title
=====

.. note::

   A note first, which is not the opening.

Short label.

The opening paragraph says what the page is about, with :math:`w_1` in it.

Another paragraph.
""")
    assert page_html.page_description(doctree) == (
        "The opening paragraph says what the page is about, with w1 in it.")
