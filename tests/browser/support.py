"""Helpers for the browser tests: sign in through the form, check accessibility with axe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.interfaces.api_support import PASSWORD

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def sign_in(page: Page, login: str, password: str = PASSWORD) -> None:
    """Sign in as a person would: the form, the keyboard's Enter key."""
    page.goto("/signin")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("status").filter(has_text=f"Signed in as {login}")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def assert_accessible(page: Page) -> None:
    """No axe-core violation of WCAG 2.1 A/AA or its best practices on the current page."""
    # Evaluated through the devtools protocol, not added as a <script>: the pages' own
    # Content-Security-Policy rightly refuses inline scripts, and must stay as it is here.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                    for n in v["nodes"][:3])
        for v in result["violations"]]
    assert not violations, f"{page.url}:\n" + "\n".join(violations)
