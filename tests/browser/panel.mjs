// panel.mjs — the panel's business and a report to the Secretary of State in
// a real browser, through the forms, on the demo:
//   1. the secretariat schedules a quarterly public meeting, publishes an
//      agenda of one public and one exempt item (Schedule 12A), takes a
//      resident's question, accepts and answers it, records attendance, a
//      declaration of interest, minutes, decisions and an action arising
//      tied to a plan action, and publishes the minutes.  The public sees
//      the exempt item only as "taken in private (paragraph N ...)": never
//      its text on the meeting's page, /meetings, search, the feed or the
//      agenda and minutes PDFs.
//   2. the secretariat starts a report to the Secretary of State, the chair
//      writes the panel's assessments and approves it, the secretariat
//      publishes it; before that the assessment is on no public page.
// Every page state on the way is checked with axe-core (WCAG 2.2 AA) and
// photographed (tests/out/screens/panel-*.png).
//
// Usage: DIALTURN=build/san/dialturn node tests/browser/panel.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM, CHROMIUM_ARGS, NARROW, ROOT, WIDE, axeClean, check, counts, freePort, signIn, startServer, stopServer,
} from './lib.mjs';

const MARK = {
  exempt: 'PANELFLOW-EXEMPT-SECRET', // the exempt item's title, reason, minutes: never public
  public: 'PANELFLOW-PUBLIC-ITEM',
  minutes: 'PANELFLOW-PUBLIC-MINUTES',
  question: 'PANELFLOW-RESIDENT-QUESTION',
  answer: 'PANELFLOW-SECRETARIAT-ANSWER',
  sos: 'PANELFLOW-SOS-ASSESSMENT',
};
const MREF = 'PF-Q1';
const SREF = 'SOS-PANELFLOW';

let shot = 0;
let screens = '';

/* Checks the page as it stands with axe and photographs it at 1280 pixels
 * wide, and at 375 too when `narrow` (the main states only: the run must stay
 * short on a loaded machine). */
async function shots(page, what, narrow = false) {
  for (const [size, tail] of narrow ? [[WIDE, ''], [NARROW, '-mobile']] : [[WIDE, '']]) {
    await page.setViewportSize(size);
    await axeClean(page, `${what} at ${size.width}px`);
    shot++;
    await page.screenshot({ path: path.join(screens, `panel-${String(shot).padStart(2, '0')}${tail}.png`), fullPage: true });
  }
  await page.setViewportSize(WIDE);
}

/* Opens `p`, checks it answers 200 and axe; returns the page. */
async function visit(ctx, base, p, what, photo = false, narrow = false) {
  const page = await ctx.newPage();
  const res = await page.goto(base + p);
  check(res && res.status() === 200, `${what}: ${p} answers 200`, `got ${res && res.status()}`);
  if (photo) await shots(page, what, narrow);
  else await axeClean(page, what);
  return page;
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

/* The error summary's text on `page`, or "". */
async function errors(page) {
  const b = page.locator('.govuk-error-summary');
  return (await b.count()) ? (await b.first().innerText()) : '';
}

/* Submits a form of the meeting's workspace page and checks it took. */
async function meetingForm(page, part, what) {
  await press(page, `form[action="/work/meetings/${MREF}/${part}"] button[type="submit"]`);
  const err = await errors(page);
  check(!err && page.url().includes(`/work/meetings/${MREF}`), `secretariat: ${what}`, err || page.url());
}

/* Text of a public URL fetched without any session, and its bytes. */
async function anonText(base, p) {
  const r = await fetch(base + p);
  return { status: r.status, type: r.headers.get('content-type') || '', text: await r.text() };
}

/* The results of searching `q` as the public: the text of each result (the
 * page itself echoes the query, so only the results can tell). */
async function searchHits(base, q) {
  const t = await anonText(base, `/search?q=${encodeURIComponent(q)}`);
  return { status: t.status, hits: t.text.match(/<li class="dialturn-result">[\s\S]*?<\/li>/g) || [] };
}

/* The text in a PDF's bytes, by pdftotext when there is one; else the raw bytes. */
function pdfText(bytes) {
  try {
    return execFileSync('pdftotext', ['-q', '-', '-'], { input: bytes }).toString();
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

/* A date `days` from today as "YYYY-MM-DD". */
function dayFromNow(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

async function meetingFlow(browser, base, sec) {
  // Schedule the meeting.
  let page = await visit(sec, base, '/work/meetings', 'secretariat: the meetings', true);
  const day = dayFromNow(40);
  await page.fill('#ref', MREF);
  await page.fill('#title', 'Quarterly public meeting (panelflow)');
  await page.selectOption('#kind', 'quarterly_public');
  await page.fill('#starts', `${day}T18:00`);
  await page.fill('#ends', `${day}T20:00`);
  await page.fill('#place', 'Council Chamber, Town Hall');
  await page.selectOption('#open', 'yes');
  await press(page, 'form[action="/work/meetings"] button[type="submit"]');
  check(page.url().includes(`/work/meetings/${MREF}`) && !(await errors(page)),
        'secretariat schedules a quarterly public meeting', (await errors(page)) || page.url());
  await shots(page, 'secretariat: the new meeting', true);

  // The agenda: a public item and an exempt one.
  await page.fill('#new-title', `Progress of the plan ${MARK.public}`);
  await page.selectOption('#new-para', '');
  await page.fill('#new-presenter', 'The chair');
  await meetingForm(page, 'items', 'adds the public item');
  await page.fill('#new-title', `Staffing case ${MARK.exempt}`);
  await page.selectOption('#new-para', '1');
  await page.fill('#new-reason', `About a named officer ${MARK.exempt}`);
  await meetingForm(page, 'items', 'adds the exempt item (paragraph 1)');
  const body = await page.content();
  check(body.includes('Item 2:') && body.includes('(exempt)'), 'the workspace shows item 2 as exempt');
  await meetingForm(page, 'publish-agenda', 'publishes the agenda');
  check(/agenda published/i.test(await page.locator('.govuk-caption-l').innerText()),
        'the caption says the agenda is published', await page.locator('.govuk-caption-l').innerText());
  await shots(page, 'secretariat: the meeting with its agenda published');

  // A resident sends a question.
  const anon = await browser.newContext({ bypassCSP: true });
  let pub = await visit(anon, base, `/meetings/${MREF}`, 'resident: the meeting with its agenda', true, true);
  await pub.fill('#name', 'Rita Resident');
  await pub.fill('#email', 'rita@example.org');
  await pub.fill('#question', `When will the library reopen? ${MARK.question}`);
  await press(pub, `form[action="/meetings/${MREF}/questions"] button[type="submit"]`);
  check(/received/i.test(await banner(pub)) && !(await errors(pub)), 'the resident is told the question was received',
        (await errors(pub)) || (await pub.locator('main').innerText()));
  check(!(await anonText(base, `/meetings/${MREF}`)).text.includes(MARK.question),
        'the question is not published before the secretariat accepts it');
  await shots(pub, 'resident: after sending a question');
  await pub.close();

  // The secretariat accepts and answers it.
  await page.goto(`${base}/work/meetings/${MREF}`);
  check((await page.content()).includes(MARK.question), 'the secretariat sees the question waiting');
  const qform = page.locator('form[action^="/work/meetings/' + MREF + '/questions/"]').filter({ has: page.locator('input[name="decision"][value="accept"]') });
  await Promise.all([page.waitForNavigation(), qform.locator('button[type="submit"]').click()]);
  check(!(await errors(page)), 'secretariat accepts the question', await errors(page));
  const aform = page.locator('form[action^="/work/meetings/' + MREF + '/questions/"]').filter({ has: page.locator('input[name="decision"][value="answer"]') });
  await aform.locator('textarea').fill(`It reopens in May. ${MARK.answer}`);
  await Promise.all([page.waitForNavigation(), aform.locator('button[type="submit"]').click()]);
  check(!(await errors(page)), 'secretariat answers the question', await errors(page));
  await shots(page, 'secretariat: the question answered');

  pub = await anon.newPage();
  await pub.goto(`${base}/meetings/${MREF}`);
  const answered = await pub.content();
  check(answered.includes(MARK.question) && answered.includes(MARK.answer),
        'the resident sees the question answered on the meeting page');
  await pub.close();

  // Attendance, a declaration, minutes, decisions, an action arising.
  await page.selectOption('#att-person', { index: 0 });
  await page.selectOption('#att-kind', 'member');
  await page.selectOption('#att-presence', 'present');
  await meetingForm(page, 'attendance', 'records attendance');
  check((await page.locator('h2:has-text("Attendance") + ul li').count()) === 1, 'the attendance lists one person');
  await page.fill('#decl-item', '1');
  await page.selectOption('#decl-person', { index: 0 });
  await page.selectOption('#decl-kind', 'non_pecuniary');
  await page.fill('#nature', 'Member of the library friends group');
  await meetingForm(page, 'declarations', 'records a declaration of interest');
  await page.fill('#item1-minutes', `The panel heard the progress report. ${MARK.minutes}`);
  await page.fill('#item1-decision', 'The panel **noted** the report.');
  await meetingForm(page, 'items/1', 'records the public item\'s minutes and decision');
  await page.fill('#item2-minutes', `Discussed in private. ${MARK.exempt}`);
  await page.fill('#item2-decision', `Agreed in private. ${MARK.exempt}`);
  await meetingForm(page, 'items/2', 'records the exempt item\'s minutes and decision');
  const acts = await (await fetch(`${base}/api/v1/actions`)).json();
  const actList = Array.isArray(acts) ? acts : (acts.actions || acts.items || acts.data || []);
  const actionRef = actList.length ? String(actList[0].ref) : '';
  check(actionRef !== '', 'the demo has a plan action to tie the action arising to', actionRef);
  const af = page.locator(`form[action="/work/meetings/${MREF}/actions"]`);
  await af.locator('input[name="ref"]').fill('AA1');
  await page.fill('#act-item', '1');
  await page.fill('#text', 'Report the library reopening date to the panel');
  await page.selectOption('#owner', { index: 1 });
  await page.fill('#due', dayFromNow(70));
  await page.fill('#action', actionRef);
  await meetingForm(page, 'actions', 'adds an action arising tied to a plan action');
  check((await page.content()).includes('AA1: Report the library reopening date'), 'the action arising is listed');
  await meetingForm(page, 'publish-minutes', 'publishes the minutes');
  check(/minutes published/i.test(await page.locator('.govuk-caption-l').innerText()),
        'the caption says the minutes are published', await page.locator('.govuk-caption-l').innerText());
  await shots(page, 'secretariat: the meeting with its minutes published', true);
  await page.close();

  // What the public sees: the exempt item only as taken in private.
  pub = await visit(anon, base, `/meetings/${MREF}`, 'resident: the meeting with its minutes', true, true);
  const mtext = await pub.content();
  check(mtext.includes(MARK.public) && mtext.includes(MARK.minutes), 'the public reads the public item and its minutes');
  check(/taken in private under paragraph 1\b/i.test(await pub.locator('main').innerText()),
        'the exempt item shows as "taken in private under paragraph 1 ..."', await pub.locator('main').innerText());
  check(!mtext.includes(MARK.exempt), 'the meeting page never shows the exempt item\'s text');
  const main = await pub.locator('main').innerText();
  check(main.includes('Member of the library friends group'), 'the public reads the declaration of interest');
  check(main.includes(`plan action ${actionRef}`) && main.includes('Report the library reopening date'),
        'the public reads the action arising tied to its plan action');
  const pdfs = {};
  for (const name of ['agenda.pdf', 'minutes.pdf']) {
    const link = pub.locator(`a[href$="/${MREF}/${name}"]`);
    check((await link.count()) > 0, `the meeting page links its ${name}`);
    if (!(await link.count())) continue;
    const href = await link.first().getAttribute('href');
    const r = await anon.request.get(new URL(href, base).toString());
    const bytes = await r.body();
    pdfs[name] = pdfText(bytes);
    check(r.status() === 200 && (r.headers()['content-type'] || '').startsWith('application/pdf'),
          `${name} answers 200 with application/pdf`, `${r.status()} ${r.headers()['content-type']}`);
    check(!bytes.includes(MARK.exempt) && !pdfs[name].includes(MARK.exempt), `${name} holds no exempt text`);
  }
  check((pdfs['minutes.pdf'] || '').includes(MARK.minutes) || !fs.existsSync('/usr/bin/pdftotext'),
        'the minutes PDF holds the public minutes (so the check above can fail)');
  await pub.close();
  for (const p of ['/meetings', '/meetings.atom', `/api/v1/meetings/${MREF}`]) {
    const t = await anonText(base, p);
    check(t.status === 200 && !t.text.includes(MARK.exempt), `${p} does not show the exempt item`, `${t.status}`);
  }
  const listed = await anonText(base, '/meetings');
  check(listed.text.includes(MREF) || listed.text.includes('Quarterly public meeting (panelflow)'),
        '/meetings lists the new meeting (so its check can fail)');
  const secret = await searchHits(base, MARK.exempt);
  check(secret.status === 200 && !secret.hits.join('').includes(MARK.exempt), 'searching the exempt text finds nothing of it',
        secret.hits.join('\n'));
  const found = await searchHits(base, MARK.public);
  check(found.hits.length > 0, 'searching the public item finds it (so the search above can fail)', found.status);
  pub = await visit(anon, base, `/search?q=${MARK.exempt}`, 'resident: searching for the exempt text', true);
  await pub.close();
  await anon.close();
}

async function sosFlow(browser, base, sec, chair) {
  const anonClean = async (when) => {
    for (const p of ['/reports', '/reports.atom']) {
      const t = await anonText(base, p);
      check(t.status === 200 && !t.text.includes(MARK.sos), `${when}: ${p} does not show the assessment`, t.status);
    }
    const s = await searchHits(base, MARK.sos);
    check(s.status === 200 && s.hits.length === 0, `${when}: searching the assessment finds nothing`, s.hits.join('\n'));
  };
  let page = await visit(sec, base, '/work/sos', 'secretariat: the reports to the Secretary of State', true);
  const months = await page.locator('#from option').evaluateAll((os) => os.map((o) => o.value));
  check(months.length > 0, 'the form offers signed-off months', months.join(' '));
  await page.fill('#ref', SREF);
  await page.fill('#title', 'Panelflow report to the Secretary of State');
  await page.check('#kind-letter');
  await page.selectOption('#from', months[months.length - 1]);
  await page.selectOption('#to', months[months.length - 1]);
  await press(page, 'form[action="/work/sos"] button[type="submit"]');
  check(page.url().includes(`/work/sos/${SREF}`) && !(await errors(page)), 'secretariat starts a report',
        (await errors(page)) || page.url());
  await shots(page, 'secretariat: the new report');
  await page.close();

  page = await visit(chair, base, `/work/sos/${SREF}`, 'chair: the report to assess', true);
  const areas = await page.locator('textarea[name="assessment"]').evaluateAll((ts) => ts.map((t) => t.id));
  check(areas.length > 0, 'the chair is offered the sections to assess', areas.join(' '));
  for (const [i, id] of areas.entries()) {
    await page.fill(`#${id}`, `The panel finds steady progress in section ${i + 1}. ${MARK.sos}`);
    await press(page, `form:has(#${id}) button[type="submit"]`);
    const err = await errors(page);
    check(!err, `chair saves the assessment ${id}`, err);
  }
  await shots(page, 'chair: the report with its assessments', true);
  await anonClean('before approval');
  await press(page, `form[action="/work/sos/${SREF}/approve"] button[type="submit"]`);
  check(!(await errors(page)), 'the chair approves the report', await errors(page));
  check(/approved/i.test(await page.locator('#state').innerText()), 'its state says approved',
        await page.locator('#state').innerText());
  await shots(page, 'chair: the approved report');
  await page.close();
  await anonClean('approved, not published');

  page = await visit(sec, base, `/work/sos/${SREF}`, 'secretariat: the approved report', false);
  await press(page, `form[action="/work/sos/${SREF}/publish"] button[type="submit"]`);
  check(!(await errors(page)) && /published/i.test(await page.locator('#state').innerText()),
        'the secretariat publishes the report', (await errors(page)) || (await page.locator('#state').innerText()));
  await shots(page, 'secretariat: the published report', true);
  await page.close();

  const anon = await browser.newContext({ bypassCSP: true });
  page = await visit(anon, base, `/reports/sos/${SREF}`, 'resident: the published report', true, true);
  check((await page.content()).includes(MARK.sos), 'the published report shows the assessment');
  const link = page.locator(`a[href$="/reports/sos/${SREF}.pdf"]`);
  check((await link.count()) > 0, 'the report page links its PDF');
  if (await link.count()) {
    const r = await anon.request.get(new URL(await link.first().getAttribute('href'), base).toString());
    check(r.status() === 200 && (r.headers()['content-type'] || '').startsWith('application/pdf'),
          'the report PDF answers 200 with application/pdf', `${r.status()} ${r.headers()['content-type']}`);
  }
  await page.close();
  const reports = await anonText(base, '/reports');
  check(reports.text.includes(SREF) || reports.text.includes('Panelflow report'), '/reports lists the published report');
  await anon.close();
}

async function main() {
  const bin = process.env.DIALTURN;
  if (!bin) {
    console.error('panel.mjs: set DIALTURN to the dialturn binary');
    process.exit(2);
  }
  screens = path.resolve(process.env.SCREENS || path.join(ROOT, 'tests/out/screens'));
  fs.mkdirSync(screens, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialturn-panel-'));
  let server = null;
  let browser = null;
  try {
    const port = await freePort();
    server = await startServer(path.resolve(bin),
                               ['demo', '--db', path.join(dir, 'demo.db'), '--listen', `127.0.0.1:${port}`],
                               port, path.join(dir, 'serve.err'));
    const { base } = server;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // JavaScript on only so that axe can run: the pages have none of their own.
    const sec = await browser.newContext({ bypassCSP: true });
    await signIn(sec, base, 'secretariat');
    const chair = await browser.newContext({ bypassCSP: true });
    await signIn(chair, base, 'chair');
    await meetingFlow(browser, base, sec);
    await sosFlow(browser, base, sec, chair);
  } catch (e) {
    check(false, 'the panel flow ran to the end', e.stack || e.message);
  } finally {
    if (browser) await browser.close();
    if (server) await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`panel: ${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}

main();
