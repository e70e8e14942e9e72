"""The references page: every source links to itself where a copy is online."""

import re
from pathlib import Path

REFERENCES = Path(__file__).resolve().parents[1] / "book" / "references.md"
# Works with no copy online that the page could link to (it says so)
OFFLINE = ("master's thesis", "PhD thesis")


def entries():
    """Return the page's list entries, one string each."""
    text = REFERENCES.read_text(encoding="utf-8")
    return [entry.strip() for entry in re.split(r"\n(?=- \*\*)", text)[1:]]


def test_the_page_has_entries():
    assert len(entries()) >= 20  # the sources, the history and the software


def test_every_entry_links_to_its_work():
    missing = [entry.split("\n")[0] for entry in entries()
               if not re.search(r"\]\(https?://[^)\s]+\)", entry) and not any(o in entry for o in OFFLINE)]
    assert missing == []


def test_the_offline_works_are_the_two_theses():
    offline = [entry for entry in entries() if not re.search(r"\]\(https?://", entry)]
    assert len(offline) == 2 and all(any(o in entry for o in OFFLINE) for entry in offline)
