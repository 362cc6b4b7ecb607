"""Screenshots of the demo for docs/screenshots/ (issue 16): each page as a persona sees it, at a desktop width
(1280 px) and a phone width (390 px), taken with Debian's Chromium through Playwright.

    make run        # in another terminal: the demo at http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--out docs/screenshots]

The pages are the demo's, dated relative to the day it was loaded; the file names say what each shows.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "pekalongan-demo"  # noqa: S105 - the demo accounts' printed password
# (file name, persona, path, what it shows)
SHOTS = [
    ("home-mentor", "mentor.dlh", "/", "the mentor's home: its work queue and action items"),
    ("home-tkpk", "tkpk", "/", "the TKPK administrator's home: what waits for review and approval"),
    ("dashboard", "tkpk", "/dasbor/", "the city's dashboard"),
    ("kelurahan-profile", "camat.selatan", "/kelurahan/33.75.04.1006/", "the profile of Kuripan Kertoharjo"),
    ("interventions", "tkpk", "/intervensi/", "the interventions with their budgets"),
    ("targeting", "tkpk", "/intervensi/sasaran/", "targeting: reach, overlap and leakage"),
    ("monthly-reports", "mentor.dlh", "/kelurahan/33.75.04.1004/laporan-bulanan/", "Jenggot's monthly reports"),
]
# The first screen of each page, as a desktop monitor and a phone show it.
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    executable = shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        for persona in dict.fromkeys(p for _name, p, _path, _what in SHOTS):
            for label, (width, height) in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
                page = context.new_page()
                page.goto(f"{args.base}/masuk/")
                form = page.locator("main form")
                form.locator("input[name=username]").fill(persona)
                form.locator("input[name=password]").fill(PASSWORD)
                form.locator("button[type=submit]").click()
                page.wait_for_load_state()
                for name, who, path, what in SHOTS:
                    if who != persona:
                        continue
                    page.goto(f"{args.base}{path}")
                    page.wait_for_load_state("networkidle")
                    target = args.out / f"{name}-{label}.png"
                    page.screenshot(path=str(target))
                    print(f"{target}: {what} ({persona}, {width} px)")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
