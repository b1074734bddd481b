// Loads a page embedding ReplayWeb.page in headless Chromium (driven by playwright-core), waits until the
// replayed capture's frame shows NEEDLE, saves a screenshot, and prints one JSON line with the outcome.
// Environment: PLAYWRIGHT_CORE (path of the playwright-core package), CHROMIUM, PAGE_URL, NEEDLE,
// TARGET_URL (the archived URL being replayed), SCREENSHOT, USER_DATA_DIR, TIMEOUT_MS.
'use strict';
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

async function main() {
  const timeout = Number(process.env.TIMEOUT_MS || 90000);
  const context = await chromium.launchPersistentContext(process.env.USER_DATA_DIR, {
    executablePath: process.env.CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const console_ = [];
  const result = { ok: false };
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', (m) => { if (console_.length < 50) console_.push(m.type() + ': ' + m.text()); });
    page.on('pageerror', (e) => { if (console_.length < 50) console_.push('pageerror: ' + e.message); });
    await page.goto(process.env.PAGE_URL, { waitUntil: 'load', timeout });
    const deadline = Date.now() + timeout;
    const needle = process.env.NEEDLE;
    const target = process.env.TARGET_URL;
    while (Date.now() < deadline && !result.ok) {
      for (const f of page.frames()) {
        // the replayed page lives in a frame at /replay/w/<collection>/<timestamp>mp_/<archived url>
        if (!f.url().includes('mp_/') || !f.url().includes(target)) continue;
        try {
          const text = await f.evaluate(() => (document.body ? document.body.innerText : ''));
          result.frame = f.url();
          result.text = text.slice(0, 4000);
          if (text.includes(needle)) result.ok = true;
        } catch (e) {
          // the frame navigated while we read it; try again
        }
      }
      if (!result.ok) await page.waitForTimeout(500);
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: process.env.SCREENSHOT });
    result.frames = page.frames().map((f) => f.url());
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    result.console = console_;
    await context.close().catch(() => {});
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(result.ok ? 0 : 3);
}

main();
