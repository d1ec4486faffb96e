"""Opens Tandem's HTML report in headless Chromium as a mail client's reading pane (600 px) and a
phone (320 px) would, over the DevTools protocol on a pipe (standard library only), and checks:
no horizontal overflow (the page's scrollWidth within the viewport), no visible text under 12 px,
no request beyond the file itself, no script, no image, no external stylesheet, and the size under
Gmail's 102 KB clipping limit. Prints SKIPPED (and succeeds) where Chromium is missing or cannot
start. Run by `make test`; `make screenshots` keeps a PNG of each width in Reports/.

usage: check_html.py [--screenshots] OUT_DIR HTML...
  writes OUT_DIR/screenshot-PERIOD-600px.png and -320px.png for each HTML (with --screenshots only
  into OUT_DIR; without, into a temporary folder that is removed).
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

WIDTHS = (600, 320)
GMAIL_CLIP = 102 * 1024

MEASURE = r"""
(() => {
  const doc = document.documentElement;
  let smallest = 1e9, smallestText = "";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    let hidden = false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === "none" || (s.maxHeight === "0px" && s.overflow === "hidden")) { hidden = true; break; }
    }
    if (hidden) continue;
    const size = parseFloat(style.fontSize);
    if (size < smallest) { smallest = size; smallestText = node.textContent.trim().slice(0, 60); }
  }
  let widest = null;
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 0.5 && (!widest || r.right > widest.right))
      widest = {tag: el.tagName, right: r.right, text: (el.textContent || "").trim().slice(0, 60)};
  }
  return JSON.stringify({
    innerWidth, scrollWidth: Math.max(doc.scrollWidth, document.body.scrollWidth),
    scrollHeight: Math.max(doc.scrollHeight, document.body.scrollHeight),
    smallest, smallestText, widest,
    scripts: document.scripts.length, images: document.images.length,
    links: document.querySelectorAll("link, iframe, object, embed, video, audio, source").length,
  });
})()
"""


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """Chromium over --remote-debugging-pipe: commands on fd 3, replies on fd 4, NUL-separated."""

    def __init__(self, binary, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # The child reads fd 3 and writes fd 4.
        def setup():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)
        self.process = subprocess.Popen(
            [binary, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--font-render-hinting=none", f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # close_fds runs after preexec_fn: keep the numbers the child reads and writes.
            preexec_fn=setup, pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = self.read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def read(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("no reply from Chromium")
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self.read(deadline))

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def check(browser, path, width, screenshot):
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.send("Page.enable", session=session)
    browser.send("Network.enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 400},
                 session=session)
    url = "file://" + os.path.abspath(path)
    browser.events.clear()
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_event("Page.loadEventFired")
    time.sleep(0.2)
    requests = [e["params"]["request"]["url"] for e in browser.events
                if e.get("method") == "Network.requestWillBeSent"]
    result = browser.send("Runtime.evaluate", {"expression": MEASURE, "returnByValue": True}, session=session)
    measured = json.loads(result["result"]["value"])
    if screenshot:
        shot = browser.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": measured["scrollHeight"], "scale": 1}},
            session=session, timeout=60)
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    browser.send("Target.closeTarget", {"targetId": target})
    problems = []
    if measured["innerWidth"] != width:
        # A phone zooms out to fit a page wider than the screen: that is overflow too.
        problems.append(f"horizontal overflow: the {width} px screen zooms out to {measured['innerWidth']} px "
                        f"(widest: {measured['widest']})")
    if measured["scrollWidth"] > measured["innerWidth"]:
        problems.append(f"horizontal overflow: scrollWidth {measured['scrollWidth']} > {measured['innerWidth']} "
                        f"(widest: {measured['widest']})")
    if measured["smallest"] < 12:
        problems.append(f"text at {measured['smallest']} px: {measured['smallestText']!r}")
    external = [u for u in requests if u != url]
    if external:
        problems.append(f"requests beyond the file: {external[:5]}")
    if measured["scripts"] or measured["images"] or measured["links"]:
        problems.append(f"{measured['scripts']} scripts, {measured['images']} images, "
                        f"{measured['links']} external elements")
    return measured, problems


def main(args):
    keep = False
    if args and args[0] == "--screenshots":
        keep = True
        args = args[1:]
    if len(args) < 2:
        print(__doc__)
        return 2
    out_dir, pages = args[0], args[1:]
    failures = []
    for page in pages:
        size = os.path.getsize(page)
        if size >= GMAIL_CLIP:
            failures.append(f"{page}: {size:,} bytes, at or over Gmail's clipping size {GMAIL_CLIP:,}")
        with open(page, encoding="utf-8") as f:
            text = f.read().lower()
        for needle in ("<script", "javascript:", "src=\"http", "href=\"http", "url(", "@import", "<link", "<img"):
            if needle in text:
                failures.append(f"{page}: contains {needle!r}")
    binary = find_chromium()
    if binary is None:
        print("check_html: SKIPPED: Chromium is not installed (make browserdeps)")
        return fail_or_ok(failures)
    shots = out_dir if keep else tempfile.mkdtemp(prefix="tandem-shots-")
    profile = tempfile.mkdtemp(prefix="tandem-chromium-")
    try:
        try:
            browser = Browser(binary, profile)
            browser.send("Browser.getVersion", timeout=60)
        except Exception as error:  # noqa: BLE001 - any failure to start means the check cannot run
            print(f"check_html: SKIPPED: Chromium cannot start here ({error})")
            return fail_or_ok(failures)
        try:
            for page in pages:
                period = os.path.basename(page).removeprefix("tandem-").removesuffix(".html")
                for width in WIDTHS:
                    shot = os.path.join(shots, f"screenshot-{period}-{width}px.png")
                    measured, problems = check(browser, page, width, shot)
                    failures += [f"{page} at {width} px: {p}" for p in problems]
                    print(f"check_html: {page} at {width} px: scrollWidth {measured['scrollWidth']} "
                          f"(viewport {measured['innerWidth']}), smallest text {measured['smallest']:g} px, "
                          f"height {measured['scrollHeight']} px, {os.path.getsize(page):,} bytes"
                          + (f"; {shot}" if keep else ""))
        finally:
            browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        if not keep:
            shutil.rmtree(shots, ignore_errors=True)
    return fail_or_ok(failures)


def fail_or_ok(failures):
    for failure in failures:
        print(f"check_html: FAIL: {failure}")
    if not failures:
        print("check_html: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
