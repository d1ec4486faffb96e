#!/usr/bin/env python3
"""Prints the example workbook the way a manager would: LibreOffice headless converts it to PDF,
and the pages are counted per sheet from the footer (plan — period, sheet name, page).

Usage: check_print.py WORKBOOK.xlsx

Asserts that Summary prints on exactly one page; that every sheet a meeting prints (all but Data
and About) prints legibly: its body text, 11 points on the sheet, prints at MIN_TEXT_PT or more
(the median height of its words' boxes in the PDF, which shows the fit-to-width scale LibreOffice
picks and the file does not record); and that the workbook without its Data sheets prints on at
most MAX_PAGES pages (one page per sheet, two for a long one). Where LibreOffice or pdftotext is
not installed, the check is skipped and says so; it never passes without looking.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

# Nine sheets besides Data when the review follows up on a previous one (Decisions and
# Restatements): a person accepts one page each and a second page for two of them.
MAX_PAGES = 11
SHEETS = ["Summary", "Key Results", "Funnel", "SLA", "Adjustments", "Trends", "About"]
# The median height of a word's box on a sheet's pages, in points: about the printed size of the
# body text (11 points on the sheet). Below 8 points a printed page is hard to read in a meeting.
MIN_TEXT_PT = 8.0
# Sheets nobody prints for a meeting: the flat data for finance and the schema.
NOT_PRINTED = re.compile(r"(Data( \d+)?|About)")


def main() -> int:
    workbook = os.path.abspath(sys.argv[1])
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if not soffice or not pdftotext:
        missing = [n for n, p in (("soffice", soffice), ("pdftotext", pdftotext)) if not p]
        print(f"check_print: SKIPPED, not checked: {', '.join(missing)} not installed "
              "(Debian: apt-get install libreoffice-calc-nogui poppler-utils)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "profile")
        # A profile of its own, so a running LibreOffice (or another check) cannot interfere.
        result = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, workbook],
            capture_output=True, text=True, timeout=600)
        pdf = os.path.join(tmp, os.path.splitext(os.path.basename(workbook))[0] + ".pdf")
        if result.returncode != 0 or not os.path.exists(pdf):
            print(f"check_print: FAILED: LibreOffice could not convert {workbook}:\n{result.stderr}")
            return 1
        text = subprocess.run([pdftotext, "-layout", pdf, "-"], capture_output=True, text=True,
                              check=True).stdout
        boxes = subprocess.run([pdftotext, "-bbox", pdf, "-"], capture_output=True, text=True,
                               check=True).stdout
    # Word heights per page, from the boxes pdftotext reports.
    heights = [
        [float(y1) - float(y0) for y0, y1 in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" '
                                                          r'xMax="[\d.]+" yMax="([\d.]+)">', page)]
        for page in boxes.split("<page ")[1:]
    ]
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    per_sheet: dict[str, int] = {}
    words: dict[str, list[float]] = {}
    for number, page in enumerate(pages, 1):
        footer = re.search(r"— \S.*?\s{2,}(\S.*?)\s{2,}Page \d+ of \d+", page)
        if not footer:
            print(f"check_print: FAILED: page {number} has no footer naming its sheet")
            return 1
        sheet = footer.group(1).strip()
        per_sheet[sheet] = per_sheet.get(sheet, 0) + 1
        if number <= len(heights):
            words.setdefault(sheet, []).extend(heights[number - 1])
    text_pt = {sheet: statistics.median(h) for sheet, h in words.items() if h}
    failures = []
    if per_sheet.get("Summary") != 1:
        failures.append(f"Summary prints on {per_sheet.get('Summary', 0)} pages, not 1")
    for sheet in per_sheet:
        if NOT_PRINTED.fullmatch(sheet):
            continue
        if text_pt.get(sheet, 0.0) < MIN_TEXT_PT:
            failures.append(f"{sheet}'s text prints at {text_pt.get(sheet, 0.0):.1f} pt, below {MIN_TEXT_PT} pt: "
                            "too small to read")
    for sheet in SHEETS:
        if sheet not in per_sheet:
            failures.append(f"sheet {sheet} did not print")
    without_data = sum(n for s, n in per_sheet.items() if not re.fullmatch(r"Data( \d+)?", s))
    if without_data > MAX_PAGES:
        failures.append(f"the workbook without Data prints on {without_data} pages (at most {MAX_PAGES})")
    summary = ", ".join(f"{s} {n} p. {text_pt.get(s, 0.0):.1f} pt" for s, n in per_sheet.items())
    if failures:
        print("check_print: FAILED: " + "; ".join(failures) + f" ({summary})")
        return 1
    print(f"check_print: ok: {len(pages)} pages in LibreOffice; without Data {without_data} "
          f"(at most {MAX_PAGES}); text of every printed sheet at least {MIN_TEXT_PT} pt; {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
