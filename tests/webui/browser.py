"""Headless Chromium for the web UI's tests and benchmark: Debian's build, driven by Playwright.

Playwright never downloads a browser of its own here: it drives `/usr/bin/chromium` (CI installs
Debian's `chromium` package), with the flags that keep a headless browser from phoning home.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build"

# A page is connected when the indicator says so (live.js sets data-state).
LIVE = "[data-testid=connection][data-state=live]"


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def open_live(page: Any, path: str) -> None:
    """Open a screen and wait until it is connected for live updates."""
    page.goto(path)
    page.wait_for_selector(LIVE)


def screenshot(page: Any, name: str) -> Path:
    """Save what the page shows as build/webui-NAME.png (for people to look at; CI keeps build/)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"webui-{name}.png"
    page.screenshot(path=str(path))
    return path
