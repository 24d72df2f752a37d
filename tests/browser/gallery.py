"""Write docs/screenshots.md: every page the browser tests photograph, at both widths.

Run by `make screenshots`, after the browser tests have saved their pictures under
build/screenshots/ (not kept in git: they are made again from the code on any machine).
The gallery lists the pages in the order of tests/browser/test_every_page.py, and then
the pictures the other browser tests take along their flows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.browser.test_every_page import PAGES, WIDTHS

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
GALLERY = ROOT / "docs" / "screenshots.md"
WHO = {"-": "anyone, not signed in", "ukraine-taras": "an elector (ukraine-taras)",
       "clerk@ukraine": "the clerk of Ukraine", "admin": "the administrator"}


def gallery(shots: Path = SHOTS) -> str:
    lines = ["# Screenshots", "",
             "Every page of the web UI at a desktop width (1280 px) and a phone width (375 px),",
             "as the browser tests see them on the demo union. Regenerate with `make screenshots`",
             "(it runs `tests/browser/test_every_page.py`, which saves the pictures under",
             "`build/screenshots/` after checking each page with axe-core and for sideways",
             "scrolling, then writes this file with `python -m tests.browser.gallery`).", ""]
    listed: set[str] = set()
    for login, pages in PAGES.items():
        lines += [f"## Seen by {WHO.get(login, login)}", ""]
        for url, name, _heading in pages:
            lines += [f"### `{url}`", ""]
            row = []
            for width in WIDTHS:
                file = f"{name}-{width}.png"
                listed.add(file)
                if (shots / file).exists():
                    row.append(f"![{url} at {width} width](../build/screenshots/{file})")
                else:
                    row.append(f"({file} not made yet: run `make screenshots`)")
            lines += [" ".join(row), ""]
    others = sorted(p.name for p in shots.glob("*.png") if p.name not in listed) if shots.exists() else []
    if others:
        lines += ["## Along the flows of the other browser tests", ""]
        for file in others:
            lines += [f"### {file[:-4]}", "", f"![{file[:-4]}](../build/screenshots/{file})", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    GALLERY.write_text(gallery(), encoding="utf-8")
    print(f"wrote {GALLERY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
