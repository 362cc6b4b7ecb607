"""Screenshots of the demo for docs/screenshots/: each page as a persona sees it, at a desktop width
(1280 px) and a phone width (390 px), taken with Debian's Chromium through Playwright.

    make run        # in another terminal: the demo at http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--out docs/screenshots]

The pages are the demo's, dated relative to the day it was loaded; the file names say what each shows.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
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
    ("release-diff", "tkpk", "/data-terpadu/rilis/banding/", "DTKS 2024 against DTSEN 2025, per kelurahan"),
    ("lp2kd", "tkpk", "lp2kd", "last year's LP2KD waiting for the TKPK's review"),
]
# Pages of the LP2KD's PDF drawn as images: the cover, the foreword, the contents and the first table page.
PDF_PAGES = {"cover": 1, "foreword": 2, "contents": 3, "chapter": 5}
POPPLER = shutil.which("pdftoppm") or "pdftoppm"  # Debian's poppler-utils (scripts/ensure-office.sh)
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
                    if path == "lp2kd":
                        page.goto(f"{args.base}/laporan/")
                        page.get_by_role("link", name=re.compile("LP2KD")).first.click()
                    else:
                        page.goto(f"{args.base}{path}")
                    page.wait_for_load_state("networkidle")
                    if path == "lp2kd" and label == "desktop":
                        _pdf_pages(page, args.base, args.out)
                    target = args.out / f"{name}-{label}.png"
                    page.screenshot(path=str(target))
                    print(f"{target}: {what} ({persona}, {width} px)")
                context.close()
        browser.close()


def _pdf_pages(page, base: str, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The report page's PDF, fetched with the logged-in session, drawn page by page with poppler's pdftoppm."""
    link = page.locator("#files a[data-format=pdf]").first
    pdf = out / "lp2kd.pdf"
    pdf.write_bytes(page.request.get(f"{base}{link.get_attribute('href')}").body())
    for name, number in PDF_PAGES.items():
        target = out / f"lp2kd-pdf-{name}"
        pages = ["-f", str(number), "-l", str(number), "-singlefile"]
        subprocess.run([POPPLER, "-r", "60", "-png", *pages, str(pdf), str(target)], check=True)  # noqa: S603
        print(f"{target}.png: page {number} of the LP2KD's PDF")
    pdf.unlink()


if __name__ == "__main__":
    main()
