"""Render the app icons (PNG) in frontend/public/ from the favicon's SVG, with Debian's Chromium.

The PNGs are committed; run this again only when the logo changes:
    .venv/bin/python frontend/scripts/make_icons.py
Chromium draws the SVG exactly as browsers show the favicon (no ImageMagick, no download).
"""

import re
from pathlib import Path

from playwright.sync_api import sync_playwright

PUBLIC = Path(__file__).resolve().parent.parent / "public"
LOGO = (PUBLIC / "favicon.svg").read_text()
# The favicon's parts: its rounded tile (rect) and the glyph drawn on it (everything after).
TILE_COLOUR = re.search(r'<rect[^>]*fill="(#[0-9a-fA-F]{6})"', LOGO).group(1)
GLYPH = re.search(r"<rect[^>]*/>(.*)</svg>", LOGO, re.S).group(1)

# A maskable icon is cropped to a circle or squircle by the launcher: full-bleed background and
# the glyph inside the central 80 % "safe zone" (https://web.dev/articles/maskable-icon).
MASKABLE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    f'<rect width="32" height="32" fill="{TILE_COLOUR}"/>'
    f'<g transform="translate(16 16) scale(0.72) translate(-16 -16)">{GLYPH}</g></svg>'
)

ICONS = [
    ("icon-192.png", LOGO, 192),
    ("icon-512.png", LOGO, 512),
    ("icon-maskable-512.png", MASKABLE, 512),
    # iOS ignores the manifest's icons and rounds this one itself: full bleed too.
    ("apple-touch-icon.png", MASKABLE, 180),
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, svg, size in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size})
            sized = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_content(f'<html><body style="margin:0">{sized}</body></html>')
            page.locator("svg").screenshot(path=str(PUBLIC / name), omit_background=True)
            page.close()
            print(f"{PUBLIC / name} ({size}x{size})")
        browser.close()


if __name__ == "__main__":
    main()
