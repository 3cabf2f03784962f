// cycle.mjs — one whole month in a real browser, as the people who run it
// would do it, through the forms (the workspace has no JavaScript of its own):
//   the programme office opens April; two owners submit their updates; the
//   programme office returns one with a comment; its owner sees the comment,
//   rewrites and resubmits; the programme office accepts both and closes the
//   month; the chief executive signs it off; a resident then reads both
//   updates on the public site.
// At every step before the sign-off, a resident's pages, feeds, downloads,
// search and API must not show any of the updates' text; after it, they
// show the accepted text and never the returned one.  Every workspace page
// on the way is checked with axe-core (WCAG 2.2 AA) and photographed
// (tests/out/screens/cycle-*.png).
//
// Usage: DIALTURN=build/san/dialturn node tests/browser/cycle.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM, CHROMIUM_ARGS, NARROW, ROOT, WIDE, axeClean, check, counts, freePort, signIn, startServer, stopServer,
} from './lib.mjs';

const PASSWORD = 'a long enough password';
const MARK = {
  olive1: 'CYCLE-OLIVE-FIRST', // returned: must never be public
  olive2: 'CYCLE-OLIVE-SECOND', // resubmitted and accepted
  bob: 'CYCLE-BOB-ONLY',
};

const PLAN = {
  format: 'dialturn-plan/1',
  organisation: { name: 'Test Council', slug: 'test', timezone: 'Europe/London', rating_scale: 'confidence3' },
  people: [
    { ref: 'ceo', name: 'Carol Chief', role: 'Chief Executive', kind: 'officer' },
    { ref: 'o1', name: 'Olive Owner', role: 'Director of Policy', kind: 'officer' },
    { ref: 'o2', name: 'Bob Builder', role: 'Head of Works', kind: 'officer' },
    { ref: 'perf', name: 'Pat Office', role: 'Head of Performance', kind: 'officer' },
    { ref: 'chair', name: 'Penny Panel', role: 'Chair of the panel', kind: 'panel' },
  ],
  themes: [{ ref: 'T1', title: 'Governance', lead: 'ceo' }],
  actions: [
    { ref: 'A1', theme: 'T1', title: 'Adopt the constitution', owner: 'o1', start: '2015-03-01',
      finish: '2015-09-30', status: 'in_progress', closure_criteria: 'Adopted by full council' },
    { ref: 'A2', theme: 'T1', title: 'Repair the town hall', owner: 'o2', start: '2015-03-01',
      finish: '2015-12-31', status: 'not_started' },
  ],
  periods: [{ month: '2015-03', status: 'signed_off', signed_off_on: '2015-04-10', signed_off_by: 'ceo' }],
  updates: [
    { action: 'A1', period: '2015-03', state: 'accepted', status: 'in_progress', percent: 10,
      confidence: 'medium', narrative: 'March went to plan.', author: 'o1' },
  ],
};

const ACCOUNTS = [
  ['pmo', 'Pat Office', 'pmo', 'perf'],
  ['olive', 'Olive Owner', 'owner', 'o1'],
  ['bob', 'Bob Builder', 'owner', 'o2'],
  ['ceo', 'Carol Chief', 'executive', 'ceo'],
  ['chair', 'Penny Panel', 'panel', 'chair'],
];

/* Every public place a resident can read an update, as text. */
const PUBLIC = ['/', '/plan', '/actions/A1', '/actions/A2', '/themes/T1', '/feed.atom', '/actions/A1/feed.atom',
  '/themes/T1/feed.atom', '/data/updates.csv', '/data/plan.json', '/api/v1/actions/A1', '/api/v1/actions/A2',
  '/search?q=CYCLE', '/search?q=olive'];

async function publicText(base) {
  let all = '';
  for (const p of PUBLIC) all += `\n${p}\n` + (await (await fetch(base + p)).text());
  return all;
}

/* None of `marks` is on any public page. */
async function publicClean(base, when, marks) {
  const text = await publicText(base);
  const found = marks.filter((m) => text.includes(m));
  check(found.length === 0, `${when}: nothing of the month is public yet`, `found ${found.join(', ')}`);
}

let shot = 0;
/* Opens `p` in the signed-in context, checks its status, axe and takes a picture. */
async function visit(ctx, base, p, what, screens) {
  const page = await ctx.newPage();
  const res = await page.goto(base + p);
  check(res && res.status() === 200, `${what}: ${p} answers 200`, `got ${res && res.status()}`);
  await axeClean(page, what);
  shot++;
  await page.screenshot({ path: path.join(screens, `cycle-${String(shot).padStart(2, '0')}.png`), fullPage: true });
  return page;
}

/* Checks the page as it stands with axe and takes its screenshots at 1280
 * and 375 pixels wide (a page reached by a form, which visit() cannot load). */
async function shots(page, what, screens) {
  for (const [size, tail] of [[WIDE, ''], [NARROW, '-mobile']]) {
    await page.setViewportSize(size);
    await axeClean(page, `${what} at ${size.width}px`);
    shot++;
    await page.screenshot({ path: path.join(screens, `cycle-${String(shot).padStart(2, '0')}${tail}.png`), fullPage: true });
  }
  await page.setViewportSize(WIDE);
}

/* Submits the form holding `button` and waits for the page that follows. */
async function press(page, button) {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
  return page;
}

/* The success banner's text on `page`, or "". */
async function banner(page) {
  const b = page.locator('.govuk-notification-banner--success');
  return (await b.count()) ? (await b.first().innerText()) : '';
}

async function writeUpdate(ctx, base, screens, ref, narrative, who, preview = false) {
  let page = await visit(ctx, base, `/work/updates/${ref}`, `${who}: the update form of ${ref}`, screens);
  await page.check('input[name="status"][value="in_progress"]');
  await page.fill('#percent', '40');
  await page.check('input[name="confidence"][value="medium"]');
  await page.fill('#narrative', narrative);
  if (preview) {
    // The preview is a submit button: the form comes back with the narrative
    // rendered and what was typed kept, and nothing is saved.
    await press(page, 'button[name="intent"][value="preview"]');
    const region = page.locator('.dialturn-preview');
    check((await region.count()) === 1, `${who}: the preview of ${ref}'s narrative is shown`);
    check((await region.locator('strong').count()) > 0, `${who}: the preview renders the Markdown`,
          await region.innerHTML());
    check((await page.inputValue('#percent')) === '40', `${who}: the preview keeps what was typed`);
    check((await page.locator('p.govuk-body', { hasText: 'This update is' }).count()) === 0,
          `${who}: the preview saved nothing`);
    await axeClean(page, `${who}: the update form with its preview`);
    shot++;
    await page.screenshot({ path: path.join(screens, `cycle-${String(shot).padStart(2, '0')}.png`), fullPage: true });
  }
  await press(page, 'button[name="intent"][value="submit"]');
  check(/submitted/i.test(await banner(page)), `${who}: ${ref}'s update is submitted`, await page.content());
  await page.close();
}

async function main() {
  const bin = process.env.DIALTURN;
  if (!bin) {
    console.error('cycle.mjs: set DIALTURN to the dialturn binary');
    process.exit(2);
  }
  const screens = path.resolve(process.env.SCREENS || path.join(ROOT, 'tests/out/screens'));
  fs.mkdirSync(screens, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialturn-cycle-'));
  const db = path.join(dir, 't.db');
  const env = { DIALTURN_TODAY: '2015-05-08' };
  let server = null;
  let browser = null;
  try {
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(PLAN));
    execFileSync(bin, ['import', db, path.join(dir, 'plan.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
    for (const [user, name, role, person] of ACCOUNTS)
      execFileSync(bin, ['user', 'add', db, user, '--name', name, '--role', role, '--person', person],
                   { input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
    const port = await freePort();
    server = await startServer(path.resolve(bin), ['serve', db, '--listen', `127.0.0.1:${port}`], port,
                               path.join(dir, 'serve.err'), env);
    const { base } = server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const ctx = {};
    for (const [user] of ACCOUNTS) {
      // JavaScript on only so that axe can run: the pages have none of their own.
      ctx[user] = await browser.newContext({ bypassCSP: true });
      await signIn(ctx[user], base, user, PASSWORD);
    }
    const all = Object.values(MARK);

    // The programme office opens April.
    let page = await visit(ctx.pmo, base, '/work/periods', 'pmo: the periods', screens);
    await press(page, 'form[action="/work/periods"] button[type="submit"]');
    check(/opened/i.test(await banner(page)), 'pmo opens April 2015', await banner(page));
    await page.close();

    // Each owner finds the update due and submits it.
    page = await visit(ctx.olive, base, '/work', 'olive: the workspace', screens);
    check((await page.locator('a[href="/work/updates/A1"]').count()) > 0, 'olive sees A1 among her updates due');
    await page.close();
    page = await visit(ctx.olive, base, '/work/updates/A1', 'olive: what A1 said last time', screens);
    check((await page.content()).includes('Last accepted update: March 2015'),
          "olive sees A1's last accepted update beside the form");
    check((await page.content()).includes('March went to plan.'), 'with its narrative');
    await page.close();
    await writeUpdate(ctx.olive, base, screens, 'A1', `**Drafted** the constitution. ${MARK.olive1}`, 'olive',
                      true);
    await writeUpdate(ctx.bob, base, screens, 'A2', `Surveyed the roof. ${MARK.bob}`, 'bob');
    await publicClean(base, 'after two submissions', all);

    // The programme office returns Olive's with a comment.
    // The queue is a row per update; the filters are a GET form.
    page = await visit(ctx.pmo, base, '/work/review', 'pmo: the review queue with two updates', screens);
    check((await page.locator('table.dialturn-review-queue tbody tr').count()) === 2, 'the queue has two rows');
    await page.selectOption('#owner', 'o1');
    await press(page, 'form.dialturn-filters button[type="submit"]');
    check(page.url().includes('owner=o1'), 'the filter is in the address', page.url());
    const rows = page.locator('table.dialturn-review-queue tbody tr');
    check((await rows.count()) === 1 && (await rows.first().innerText()).includes('Adopt the constitution'),
          "filtered by owner, the queue holds Olive's update only", await rows.first().innerText());
    check((await rows.first().innerText()).includes('Same as Medium in March 2015'),
          "its rating is compared with March's", await rows.first().innerText());
    await axeClean(page, 'pmo: the review queue filtered by owner');
    await press(page, 'table.dialturn-review-queue a:has-text("Adopt the constitution")');
    check(/\/work\/review\/[0-9]+$/.test(page.url()), "the row opens the update's page", page.url());
    await axeClean(page, "pmo: one update's review page");
    // A return without a comment is refused where it was made, at an address that answers GET.
    await press(page, 'button[value="return"]');
    check((await page.locator('.govuk-error-summary').count()) > 0, 'a return without a comment is refused');
    const refused = page.url();
    const again = await page.goto(refused); // the address in the bar, opened again
    check(again && again.status() === 200, 'opening the refused form\'s address again answers 200',
          `got ${again && again.status()} at ${refused}`);
    await page.fill('textarea[name="comment"]', 'Say when full council votes.');
    await press(page, 'button[value="return"]');
    check(/returned/i.test(await banner(page)), 'pmo returns A1 with a comment', await banner(page));
    await page.close();

    // Olive sees why, rewrites and resubmits.
    page = await visit(ctx.olive, base, '/work/updates/A1', 'olive: the returned update', screens);
    check((await page.content()).includes('Say when full council votes.'), 'olive sees the comment');
    await page.close();
    await writeUpdate(ctx.olive, base, screens, 'A1', `Full council votes on 20 May. ${MARK.olive2}`, 'olive');

    // The programme office accepts both.
    for (const title of ['Adopt the constitution', 'Repair the town hall']) {
      page = await visit(ctx.pmo, base, '/work/review', `pmo: the queue before accepting ${title}`, screens);
      await press(page, `table.dialturn-review-queue a:has-text("${title}")`);
      await press(page, 'button[value="accept"]');
      check(/accepted/i.test(await banner(page)), `pmo accepts "${title}"`, await banner(page));
      await page.close();
    }
    await publicClean(base, 'accepted, but the month is open', all);

    // The programme office closes April, confirming on the page that lists
    // what is outstanding (nothing: both are accepted), reopens it with a reason, and
    // closes it again; the chief executive signs it off.
    page = await visit(ctx.pmo, base, '/work/periods', 'pmo: April open, all reviewed', screens);
    await press(page, 'a[href="/work/periods/2015-04/close"]');
    await shots(page, 'pmo: the close confirmation', screens);
    check((await page.locator('h1').innerText()).includes('Close April 2015 for updates?'),
      'closing asks first', await page.locator('h1').innerText());
    check((await page.content()).includes('Nothing is outstanding'),
      'the confirmation says nothing is outstanding', '');
    await press(page, 'form[action="/work/periods/2015-04/close"] button[type="submit"]');
    check(/closed/i.test(await banner(page)), 'pmo closes April', await banner(page));
    await page.fill('#reason-2015-04', 'Olive asked to add a link to the minutes.');
    await press(page, 'form[action="/work/periods/2015-04/reopen"] button[type="submit"]');
    check(/reopened/i.test(await banner(page)), 'pmo reopens April with a reason', await banner(page));
    check((await page.content()).includes('Olive asked to add a link to the minutes.'),
      'the reason is shown with the month', '');
    await shots(page, 'pmo: April reopened', screens);
    await press(page, 'a[href="/work/periods/2015-04/close"]');
    await press(page, 'form[action="/work/periods/2015-04/close"] button[type="submit"]');
    check(/closed/i.test(await banner(page)), 'pmo closes April again', await banner(page));
    await page.close();
    await publicClean(base, 'closed, not signed off', all);
    page = await visit(ctx.ceo, base, '/work/periods', 'ceo: April awaiting sign-off', screens);
    check((await page.content()).includes('its 2 accepted updates become public'),
      'the sign-off counts the accepted updates in words', '');
    check((await page.content()).includes('Every action reported for this month.'),
      'the sign-off says every action reported', '');
    await shots(page, 'ceo: the sign-off form', screens);
    await press(page, 'form[action="/work/periods/2015-04/sign-off"] button[type="submit"]');
    check((await page.locator('.govuk-error-summary').count()) > 0, 'signing off without confirming is refused');
    await page.check('form[action="/work/periods/2015-04/sign-off"] input[name="confirm"]');
    await press(page, 'form[action="/work/periods/2015-04/sign-off"] button[type="submit"]');
    check(/signed off/i.test(await banner(page)), 'ceo signs April off', await banner(page));
    await page.close();

    // Plan versions: the programme office starts a draft and sees every fault
    // of a bad new action at once; the executive returns the submitted draft
    // with a reason its author reads, then records cabinet's approval; the
    // chair's home says a version awaits the panel; the executive corrects the
    // approval date, shown beside the one first entered.
    page = await visit(ctx.pmo, base, '/work/versions', 'pmo: the versions', screens);
    await page.fill('#title', 'Year Two');
    await press(page, 'form[action="/work/versions"] button[type="submit"]');
    const vn = (/\/work\/versions\/(\d+)/.exec(page.url()) || [])[1];
    check(Boolean(vn), 'pmo starts a draft', page.url());
    await page.close();
    page = await visit(ctx.pmo, base, '/work/plan/actions/new', 'pmo: the add-action form', screens);
    await page.fill('#ref', 'A1');
    await page.fill('#start', '2016-06-01');
    await page.fill('#finish', '2016-05-01');
    await press(page, 'form[action="/work/plan/actions/new"] button[type="submit"]');
    const faults = await page.locator('.govuk-error-summary li').count();
    check(faults >= 4, 'every fault of the new action is listed at once', `${faults} listed`);
    await shots(page, 'pmo: the add-action form with its faults', screens);
    await page.close();
    page = await visit(ctx.pmo, base, `/work/versions/${vn}`, 'pmo: the draft', screens);
    check(!(await page.content()).includes('Lead: ceo'), 'the draft names the lead, not a ref');
    await press(page, `form[action="/work/versions/${vn}/submit"] button[type="submit"]`);
    await page.close();
    page = await visit(ctx.ceo, base, `/work/versions/${vn}`, 'ceo: the submitted version', screens);
    await page.fill('#reason', 'Cabinet asks for a finance milestone.');
    await press(page, `form[action="/work/versions/${vn}/return"] button[type="submit"]`);
    check(/returned/i.test(await banner(page)), 'ceo returns the version with a reason', await banner(page));
    await page.close();
    page = await visit(ctx.pmo, base, `/work/versions/${vn}`, 'pmo: the returned draft', screens);
    check((await page.content()).includes('Cabinet asks for a finance milestone.'), 'its author reads why');
    await shots(page, 'pmo: the returned draft', screens);
    await press(page, `form[action="/work/versions/${vn}/submit"] button[type="submit"]`);
    await page.close();
    page = await visit(ctx.ceo, base, `/work/versions/${vn}`, 'ceo: the version submitted again', screens);
    await page.fill('#approved_on', '2015-05-01');
    await page.fill('#approval_ref', 'Cabinet minute 9/2015');
    await press(page, `form[action="/work/versions/${vn}/approve"] button[type="submit"]`);
    check(/approval/i.test(await banner(page)), 'ceo records the approval', await banner(page));
    await page.close();
    page = await visit(ctx.chair, base, '/work', "chair: the workspace home", screens);
    check((await page.content()).includes('awaits the panel'), "the chair's home names the version awaiting the panel");
    await shots(page, 'chair: the workspace home', screens);
    await page.close();
    page = await visit(ctx.ceo, base, `/work/versions/${vn}`, 'ceo: the approved version', screens);
    await page.fill('#corrected_on', '2015-04-30');
    await page.fill('#reason', 'The minute is dated 30 April.');
    await press(page, `form[action="/work/versions/${vn}/approval-date"] button[type="submit"]`);
    check(/corrected/i.test(await banner(page)), 'ceo corrects the approval date', await banner(page));
    check((await page.content()).includes('The minute is dated 30 April.'), 'the correction is shown beside the date');
    await shots(page, 'ceo: the corrected approval date', screens);
    await page.close();

    // A resident reads the month.
    const anon = await browser.newContext({ javaScriptEnabled: false });
    page = await anon.newPage();
    await page.goto(`${base}/actions/A1`);
    const a1text = await page.content();
    check(a1text.includes(MARK.olive2), "a resident reads A1's accepted April update");
    await page.goto(`${base}/actions/A2`);
    check((await page.content()).includes(MARK.bob), "a resident reads A2's April update");
    const text = await publicText(base);
    check(!text.includes(MARK.olive1), 'the returned text was never published');
    check(text.includes(MARK.olive2) && text.includes(MARK.bob), 'both updates are in the feeds, data and API');
    await anon.close();
  } catch (e) {
    check(false, 'the cycle ran to the end', e.stack || e.message);
  } finally {
    if (browser) await browser.close();
    if (server) await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`cycle: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}

main();
