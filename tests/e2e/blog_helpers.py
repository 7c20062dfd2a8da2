"""Helpers for the blog's browser journey: watching two readers' pages and the checks every
visited page must pass (axe, no console errors)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.e2e.browser import run_axe


@dataclass
class Watcher:
    """Console errors (CSP violations among them) and uncaught exceptions on watched pages."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.problems.append(
            f"console error on {page.url}: {msg.text}"))
        page.on("pageerror", lambda err: self.problems.append(f"exception on {page.url}: {err}"))

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def check_page(page, watcher: Watcher) -> None:
    """What every page of the journey must pass: axe finds nothing, the console is quiet."""
    page.wait_for_load_state("load")
    run_axe(page)
    watcher.assert_clean()


def sign_in(page, base: str, email: str, password: str, next_path: str) -> None:
    page.goto(f"{base}/account/login?next={next_path}")
    page.get_by_label("E-mail", exact=False).first.fill(email)
    page.get_by_label("Password", exact=False).first.fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}{next_path}")
