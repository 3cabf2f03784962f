// lib.mjs — what the browser tests share: the browser (Debian's chromium,
// never a downloaded one), checks that print "ok: ..." or "FAIL: ...", free
// ports, starting a server, signing in through the form, and axe-core's
// WCAG 2.2 AA rules.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const DRAFT_MARKER = 'UNPUBLISHED-DRAFT-MARKER';
export const WIDE = { width: 1280, height: 800 };
export const NARROW = { width: 375, height: 812 };
export const DEMO_PASSWORD = 'dialturn-demo';

/* How many checks passed and failed, over the whole run. */
export const counts = { passed: 0, failed: 0 };

/* Records one check: "ok: what" or "FAIL: what" with the detail indented. */
export function check(ok, what, detail) {
  if (ok) {
    counts.passed++;
    console.log(`ok: ${what}`);
  } else {
    counts.failed++;
    console.log(`FAIL: ${what}`);
    if (detail) console.log(String(detail).replace(/^/gm, '    '));
  }
  return ok;
}


/* How a page is named in the output: its path, and who is signed in. */
export function pageLabel(p) {
  return p.user ? `${p.path} (as ${p.user})` : p.path;
}

/* Signs `context` in as `user` through the sign-in form, as a person would
 * (it works without JavaScript). */
export async function signIn(context, base, user, password = DEMO_PASSWORD) {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/login?next=%2F`);
    await page.fill('#username', user);
    await page.fill('#password', password);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    const who = await page.locator('.dialturn-userbar__who').count();
    if (!who) throw new Error(`signing in as ${user} failed: ${page.url()}`);
  } finally {
    await page.close();
  }
}

/* A TCP port on 127.0.0.1 that nothing listens on now. */
export function freePort() {
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

/* Starts `bin` with `args` (which must make it listen on `port`), with
 * stderr to `errPath` and extra environment `env`; resolves with
 * {child, base, errPath} once /healthz answers, rejects (with its stderr) if
 * it exits first or does not answer within a minute. */
export async function startServer(bin, args, port, errPath, env = {}) {
  const err = fs.openSync(errPath, 'w');
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', err], env: { ...process.env, ...env } });
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
  throw new Error(`dialturn did not start (${exited ?? 'no answer'}):\n${fs.readFileSync(errPath, 'utf8')}`);
}

/* Stops a server started above: SIGTERM drains requests in flight (two
 * seconds); one still running after ten is killed, and that is a failure.
 * Then checks its log for sanitizer reports. */
export async function stopServer(server) {
  const { child } = server;
  const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(true) : child.once('exit', () => r(true))));
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 10000))]);
  if (!stopped) child.kill('SIGKILL');
  check(stopped, 'the server stops on SIGTERM');
  const log = fs.readFileSync(server.errPath, 'utf8');
  check(!/Sanitizer|runtime error/.test(log), 'no sanitizer report from the server', log.slice(-4000));
}

/* Formats axe violations for people: rule, impact, help, then each element
 * with its selector and what is wrong. */
export function formatViolations(violations) {
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

/* Runs axe-core's WCAG 2.2 AA rules on the page as it stands; records and
 * returns the check. */
export async function axeClean(page, what) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return check(results.violations.length === 0, `${what}: no WCAG 2.2 AA violations (axe ${results.testEngine.version})`,
               formatViolations(results.violations));
}
