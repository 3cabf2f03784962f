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

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DRAFT_MARKER = 'UNPUBLISHED-DRAFT-MARKER';
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 375, height: 812 };

let passed = 0;
let failed = 0;

/* Records one check: "ok: what" or "FAIL: what" with the detail indented. */
function check(ok, what, detail) {
  if (ok) {
    passed++;
    console.log(`ok: ${what}`);
  } else {
    failed++;
    console.log(`FAIL: ${what}`);
    if (detail) console.log(String(detail).replace(/^/gm, '    '));
  }
  return ok;
}

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

const DEMO_PASSWORD = 'dialturn-demo';

/* How a page is named in the output: its path, and who is signed in. */
function pageLabel(p) {
  return p.user ? `${p.path} (as ${p.user})` : p.path;
}

/* Signs `context` in as `user` through the sign-in form, as a person would
 * (it works without JavaScript). */
async function signIn(context, base, user) {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/login?next=%2F`);
    await page.fill('#username', user);
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    const who = await page.locator('.dialturn-userbar__who').count();
    if (!who) throw new Error(`signing in as ${user} failed: ${page.url()}`);
  } finally {
    await page.close();
  }
}

/* A TCP port on 127.0.0.1 that nothing listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/* Starts `dialturn demo` on `port` with a database in `dir`; resolves with the
 * child once /healthz answers, rejects (with its stderr) if it exits first or
 * does not answer within a minute. */
async function startServer(bin, dir, port) {
  const errPath = path.join(dir, 'serve.err');
  const err = fs.openSync(errPath, 'w');
  const child = spawn(bin, ['demo', '--db', path.join(dir, 'demo.db'), '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', err],
  });
  let exited = null;
  child.on('exit', (code, signal) => (exited = signal || code));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (exited !== null) break;
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return { child, base, errPath };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`dialturn demo did not start (${exited ?? 'no answer'}):\n${fs.readFileSync(errPath, 'utf8')}`);
}

/* Formats axe violations for people: rule, impact, help, then each element
 * with its selector and what is wrong. */
function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `  at ${n.target.join(' ')}\n    ${(n.failureSummary || '').replace(/\n/g, '\n    ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n  ... and ${v.nodes.length - 5} more` : '';
      return `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
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
    server = await startServer(path.resolve(bin), dir, await freePort());
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
    if (server) {
      // SIGTERM drains requests in flight (two seconds); a server still
      // running after ten is killed, and that counts as a failure.
      const { child } = server;
      const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(true) : child.once('exit', () => r(true))));
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 10000))]);
      if (!stopped) child.kill('SIGKILL');
      check(stopped, 'the server stops on SIGTERM');
      const log = fs.readFileSync(server.errPath, 'utf8');
      check(!/Sanitizer|runtime error/.test(log), 'no sanitizer report from the server', log.slice(-4000));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
