"""The gallery (docs/screenshots.md) names every page the browser tests photograph."""

from __future__ import annotations

from tests.browser.gallery import GALLERY, gallery
from tests.browser.test_every_page import PAGES, WIDTHS


def test_the_gallery_lists_every_photographed_page_at_both_widths() -> None:
    text = GALLERY.read_text(encoding="utf-8")
    for pages in PAGES.values():
        for url, name, _heading in pages:
            assert f"### `{url}`" in text, f"{url} is missing: run make screenshots"
            for width in WIDTHS:
                assert f"{name}-{width}.png" in text
    assert gallery().startswith("# Screenshots")
