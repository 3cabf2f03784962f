// run.mjs — the public site in a real browser: Debian's chromium driven by
// playwright-core (never a downloaded browser), with axe-core for WCAG 2.2 AA.
//
// Starts `$DIALTURN demo` on a loopback port with a fresh database, then for
// every line "PATH STATUS [USER]" of tests/browser/pages.txt (USER: a demo
// account to sign in as, through the sign-in form, before visiting PATH):
//   - as a person without JavaScript (the site has none; the page's CSP is
//     enforced): the status, no unpublished draft in the body, no <script>, the
//     stylesheet applied, every subresource loads, no CSP violation, a visible
//     main heading, and a screenshot (tests/out/screens/NAME.png);
//   - with axe-core injected, at 1280 and at 375 pixels wide: no violation of
//     the wcag2a, wcag2aa, wcag21a, wcag21aa and wcag22aa rules; at 375 the
//     page does not scroll sideways (reflow); a mobile screenshot
//     (NAME-mobile.png);
//   - from the keyboard: the first Tab focuses the visible skip link, and
//     following it puts focus on <main>.
// Prints "ok: ..." or "FAIL: ..." per check and "browser: N passed, N failed";
// exits 1 when anything failed.
//
// Usage: DIALTURN=build/san/dialturn node tests/browser/run.mjs
//   PAGES=FILE   another list of pages (default tests/browser/pages.txt)
//   SCREENS=DIR  where screenshots go (default tests/out/screens)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  AXE, AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, DRAFT_MARKER, NARROW, ROOT, WIDE,
  check, counts, formatViolations, freePort, pageLabel, signIn, startServer, stopServer,
} from './lib.mjs';

/* Reads the page list: [{path, status}], skipping blanks and # comments. */
function readPages(file) {
  const pages = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^(\/\S*)\s+(\d{3})(?:\s+([a-z0-9._-]+))?$/.exec(line);
    if (!m) throw new Error(`${file}:${i + 1}: expected "PATH STATUS [USER]", got "${line}"`);
    pages.push({ path: m[1], status: Number(m[2]), user: m[3] || null });
  });
  return pages;
}

/* A file name for a page: "/" is "home", "/plan?theme=T1" is "plan_theme-T1",
 * "/work" signed in as pmo is "work@pmo". */
function screenName(p) {
  const s = p.path.replace(/^\//, '').replace(/[?&]/g, '_').replace(/=/g, '-').replace(/[^A-Za-z0-9_.-]/g, '_');
  return (s || 'home') + (p.user ? `@${p.user}` : '');
}

/* Loads `url` in a fresh page of `context`, `viewport` wide if given;
 * returns {page, response, error}. */
async function open(context, url, viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    return { page, response };
  } catch (e) {
    return { page, response: null, error: e };
  }
}

/* The checks without JavaScript, CSP enforced, 1280 wide; and the screenshot. */
async function checkPlain(context, base, p, screens) {
  const label = pageLabel(p);
  const problems = [];
  const { page, response, error } = await (async () => {
    const pg = await context.newPage();
    pg.on('console', (msg) => {
      // A failed load is reported below, with its URL (the page's own
      // expected 404 is not one).
      if (msg.type() === 'error' && !/^Failed to load resource/.test(msg.text()))
        problems.push(`console: ${msg.text()}`);
    });
    pg.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
    pg.on('response', (res) => {
      if (res.request().resourceType() !== 'document' && res.status() >= 400)
        problems.push(`${res.status()} for ${res.url()}`);
    });
    try {
      return { page: pg, response: await pg.goto(base + p.path, { waitUntil: 'load' }) };
    } catch (e) {
      return { page: pg, response: null, error: e };
    }
  })();
  try {
    if (!check(response && response.status() === p.status, `${label}: answers ${p.status}`,
               error ? error.message : `got ${response && response.status()}`))
      return false;
    const body = await response.text();
    // The workspace shows drafts to those who may see them; everything else
    // (every public page, signed in or not) must never show one.
    if (!(p.user && p.path.startsWith('/work')))
      check(!body.includes(DRAFT_MARKER), `${label}: no unpublished draft in the page`,
            `"${DRAFT_MARKER}" found in the response`);
    check((await page.locator('script').count()) === 0, `${label}: no <script> in the page`);
    const h1 = page.locator('main h1').first();
    check((await h1.count()) === 1 && (await h1.isVisible()), `${label}: main heading visible without JavaScript`,
          'no visible <h1> inside <main>');
    const style = await h1.evaluate((el) => {
      const cs = getComputedStyle(el);
      const header = document.querySelector('.govuk-header');
      return { font: cs.fontFamily, header: header ? getComputedStyle(header).backgroundColor : null };
    });
    check(/system-ui/.test(style.font) && !/GDS Transport/.test(style.font) && style.header === 'rgb(11, 12, 12)',
          `${label}: styled by GOV.UK Frontend in a system font`, JSON.stringify(style));
    check(problems.length === 0, `${label}: every resource loads, no console error or CSP violation`, problems.join('\n'));
    await page.screenshot({ path: path.join(screens, `${screenName(p)}.png`), fullPage: true });
    return true;
  } finally {
    await page.close();
  }
}

/* Runs axe on `url` at `viewport` in the axe context; `suffix` names the
 * width in the output and the screenshot. */
async function checkAxe(context, base, p, viewport, suffix, screens) {
  const { page, response, error } = await open(context, base + p.path, viewport);
  try {
    if (!response || response.status() !== p.status) {
      check(false, `${pageLabel(p)}: axe at ${viewport.width}px`, error ? error.message : `status ${response && response.status()}`);
      return;
    }
    await page.addScriptTag({ path: AXE });
    const results = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      AXE_TAGS,
    );
    check(results.violations.length === 0,
          `${pageLabel(p)}: no WCAG 2.2 AA violations at ${viewport.width}px (axe ${results.testEngine.version})`,
          formatViolations(results.violations));
    if (viewport.width <= NARROW.width) {
      // WCAG 1.4.10 (reflow): the page itself never scrolls sideways on a
      // phone; a wide table scrolls inside its own .dialturn-table-container.
      const wide = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= vw) return [];
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
          const parent = el.parentElement;
          if (el.getBoundingClientRect().right <= vw + 1) continue;
          if (parent && parent !== document.body && parent.getBoundingClientRect().right > vw + 1) continue;
          out.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') || ''}"> ` +
                   `is ${Math.round(el.getBoundingClientRect().right)}px wide`);
        }
        return out.length ? out : [`the page is ${document.documentElement.scrollWidth}px wide`];
      });
      check(wide.length === 0, `${pageLabel(p)}: fits ${viewport.width}px without scrolling sideways`,
            wide.slice(0, 5).join('\n') +
            '\n(wrap a wide table in <div class="dialturn-table-container" role="region" aria-label="..." tabindex="0">)');
      // A box that scrolls sideways shows that it does (the edge shadows of
      // dialturn-scroll-cue), and a chart's labels stay legible: drawn at 11px
      // or more, none cut off at its box's edge.
      const narrow = await page.evaluate(() => {
        const out = [];
        for (const el of document.querySelectorAll('.dialturn-table-container, .dialturn-chart__scroll')) {
          if (el.scrollWidth <= el.clientWidth + 1) continue;
          if (!/gradient/.test(getComputedStyle(el).backgroundImage))
            out.push(`<div aria-label="${el.getAttribute('aria-label')}"> scrolls with no visible cue`);
        }
        for (const svg of document.querySelectorAll('svg.chart:not(.chart--spark)')) {
          const box = svg.getBoundingClientRect();
          for (const t of svg.querySelectorAll('text')) {
            const r = t.getBoundingClientRect();
            if (r.height < 11) out.push(`chart text "${t.textContent}" is ${r.height.toFixed(1)}px high`);
            if (r.right > box.right + 1 || r.left < box.left - 1)
              out.push(`chart text "${t.textContent}" is cut off at the chart's edge`);
          }
        }
        return out;
      });
      check(narrow.length === 0, `${pageLabel(p)}: at ${viewport.width}px wide boxes show they scroll, chart labels are legible`,
            narrow.slice(0, 5).join('\n'));
    }
    if (suffix)
      await page.screenshot({ path: path.join(screens, `${screenName(p)}-${suffix}.png`), fullPage: true });
  } finally {
    await page.close();
  }
}

/* The first Tab from page load focuses the skip link, which shows; Enter
 * moves focus to <main id="main-content">. */
async function checkKeyboard(context, base, p) {
  const { page, response } = await open(context, base + p.path);
  try {
    if (!response || response.status() !== p.status) return;
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { cls: el.className, text: el.textContent.trim(), href: el.getAttribute('href'), shown: r.width > 1 && r.height > 1 && r.top >= 0 };
    });
    const ok = /\bgovuk-skip-link\b/.test(focused.cls) && focused.href === '#main-content' && focused.shown;
    check(ok, `${pageLabel(p)}: first Tab focuses the visible skip link`, JSON.stringify(focused));
    if (!ok) return;
    await page.keyboard.press('Enter');
    const id = await page.evaluate(() => document.activeElement && document.activeElement.id);
    check(id === 'main-content', `${pageLabel(p)}: the skip link moves focus to the main content`, `focus on #${id}`);
  } finally {
    await page.close();
  }
}

async function main() {
  const bin = process.env.DIALTURN;
  if (!bin) {
    console.error('run.mjs: set DIALTURN to the dialturn binary');
    process.exit(2);
  }
  const pages = readPages(process.env.PAGES || path.join(ROOT, 'tests/browser/pages.txt'));
  const screens = path.resolve(process.env.SCREENS || path.join(ROOT, 'tests/out/screens'));
  fs.mkdirSync(screens, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialturn-browser-'));
  let server = null;
  let browser = null;
  try {
    const port = await freePort();
    server = await startServer(path.resolve(bin),
                               ['demo', '--db', path.join(dir, 'demo.db'), '--listen', `127.0.0.1:${port}`],
                               port, path.join(dir, 'serve.err'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // One pair of contexts (no JavaScript; axe) per identity, signed in once.
    const contexts = new Map();
    for (const p of pages) {
      const key = p.user || '';
      if (!contexts.has(key)) {
        const plain = await browser.newContext({ viewport: WIDE, javaScriptEnabled: false });
        const axe = await browser.newContext({ viewport: WIDE, bypassCSP: true });
        if (p.user) {
          await signIn(plain, server.base, p.user);
          await signIn(axe, server.base, p.user);
        }
        contexts.set(key, { plain, axe });
      }
      const { plain, axe } = contexts.get(key);
      if (!(await checkPlain(plain, server.base, p, screens))) continue;
      await checkAxe(axe, server.base, p, WIDE, null, screens);
      await checkAxe(axe, server.base, p, NARROW, 'mobile', screens);
      await checkKeyboard(axe, server.base, p);
    }
    for (const { plain, axe } of contexts.values()) {
      await plain.close();
      await axe.close();
    }
  } catch (e) {
    check(false, 'the browser test ran to the end', e.stack || e.message);
  } finally {
    if (browser) await browser.close();
    if (server) await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`browser: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}

main();
