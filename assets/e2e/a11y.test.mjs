// Accessibility (无障碍) and 适老化 of every page, against the real server:
// each route of the portal (390 px phone, signed in as the enterprise) and of
// the desk (1366 px, signed in as the roles that see it), in normal and in
// large-font mode, read from src/portal/router.ts and src/desk/router.ts, so
// a page added there is audited without touching this file (a route with a
// parameter shows the first record of its list endpoint, or the case and
// the visit this test makes first: a resolved case with its rating form and
// an attachment, a visit with a problem).  On each page:
//  - axe-core with the WCAG 2.1 A and AA rules finds no serious or critical
//    violation (axe is injected by this test, never served by the app);
//  - the commissioner's desk pages on a 390 px phone in large-font mode fit
//    the screen (no sideways scroll) with no text under 18 px;
//  - in large-font mode no visible text is under 18 px, the phone's touch
//    targets are at least 44 px, and nothing scrolls sideways at 390 px;
//  - no CSP violation and no script error.
// Each desk route is seen by two roles where it has two: the normal run
// takes the first of responder, commissioner, committee, admin allowed on
// it, the large-font run the next one (HONGLIAN_A11Y_ROLES=all: every
// allowed role in both modes).  The work order's case and the unverified
// enterprise the fixtures import are audited as pages of their own, and
// the meeting's print view and the chain's monthly report (pages the
// server renders, outside both routers) with axe as well.  At
// the end a line per surface and mode gives the failing nodes of each axe
// impact (the test fails on serious and critical only; moderate and minor
// are counted) and the smallest text measured; the same figures go to
// build/a11y-figures.json.
//
//   HONGLIAN_TEST_BASE_URL, HONGLIAN_E2E_* logins, HONGLIAN_TEST_CHROMIUM: as flow.test.mjs
//   HONGLIAN_A11Y_ONLY=regex   audit only the routes whose path matches (while fixing a page)
//   HONGLIAN_TEST_DATABASE_URL  the server's database (psql), to put a closure in the re-check queue
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, Browsers, LARGE_MIN_PX, LARGE_TARGET_PX, IMPACTS, THEME_PAIRS, apiLogin, axeRun, concretePath, makeFixtures, openPage, preflight, readRoutes, sideScroll, smallTargets, textSizes, themeContrast, today } from './lib/a11y.mjs';

const problem = await preflight();
const ORDER = ['responder', 'commissioner', 'committee', 'admin'];
const ALL_ROLES = process.env.HONGLIAN_A11Y_ROLES === 'all';

/** (route, role) pairs of one mode. */
function plan(routes, large) {
  const out = [];
  for (const r of routes) {
    if (r.public) { out.push({ route: r, role: null }); continue; }
    const allowed = r.surface === 'portal' ? ['enterprise'] : ORDER.filter((x) => r.roles.includes(x));
    if (ALL_ROLES) for (const role of allowed) out.push({ route: r, role });
    else out.push({ route: r, role: allowed[large ? Math.min(1, allowed.length - 1) : 0] });
  }
  return out;
}

const SURFACES = [
  { surface: 'portal', screen: 'phone', prefix: '/m' },
  { surface: 'desk', screen: 'desk', prefix: '/desk' },
];
// Pages are audited by a few browser tabs at once (most of a page's time is
// waiting for the server), then reported one test per page.
const CONCURRENCY = Math.max(1, Number(process.env.HONGLIAN_A11Y_CONCURRENCY) || 3);

const ONLY = process.env.HONGLIAN_A11Y_ONLY ? new RegExp(process.env.HONGLIAN_A11Y_ONLY) : null;
const routesOf = (surface) => readRoutes(surface).filter((r) => !ONLY || ONLY.test(r.path));

// Pages that show a second view of a route through its query: audited as
// pages of their own.
const VIEWS = { desk: { '/meetings': [{ query: '?view=calendar', title: '会议日历' }] } };
// Pages that show more for a record the fixtures make for them (the route's
// name → the fixture and the roles of the normal and the large-font run):
// audited as pages of their own.  The admin confirms an unverified
// enterprise (no commissioner serves it yet).
const RECORDS = {
  desk: {
    case: [{ title: '诉求详情（热线工单）', list: 'cases', fixture: 'intakeCaseId', roles: ['commissioner', 'admin'] }],
    enterprise: [{ title: '企业详情（待确认登记）', list: 'enterprises', fixture: 'unverifiedId', roles: ['admin', 'admin'] }],
  },
};

const jobs = [];
for (const { surface, screen, prefix } of SURFACES) {
  for (const large of [false, true]) {
    for (const { route, role } of plan(routesOf(surface), large)) {
      jobs.push({ surface, screen, prefix, large, route, role, key: `${screen}:${large}:${role}` });
      for (const v of VIEWS[surface]?.[route.path] ?? []) jobs.push({ surface, screen, prefix, large, route: { ...route, title: v.title }, query: v.query, role, key: `${screen}:${large}:${role}` });
    }
    for (const route of routesOf(surface)) {
      for (const r of RECORDS[surface]?.[route.name] ?? []) {
        const role = r.roles[large ? 1 : 0];
        jobs.push({ surface, screen, prefix, large, route: { ...route, title: r.title }, record: r, role, key: `${screen}:${large}:${role}` });
      }
    }
  }
}
// The meeting's print view: served by the server itself (no router, no
// large-font mode: it is laid out for A4 paper), opened from the meeting page.
const PRINT = { surface: 'desk', path: '/meetings/:id/print', name: 'meeting-print', title: '会议打印稿', public: false, roles: ['committee', 'admin'], raw: true };
if (!ONLY || ONLY.test(PRINT.path)) jobs.push({ surface: 'desk', screen: 'desk', prefix: '', large: false, route: PRINT, role: 'committee', key: 'desk:false:committee' });
// The chain's printed monthly report (服务质量月报), served by the server too,
// opened from 服务质量: the committee member's chain, this month.
const REPORT = { surface: 'desk', path: '/chains/:code/report', name: 'chain-report', title: '服务质量月报', public: false, roles: ['committee', 'admin'], raw: true };
if (!ONLY || ONLY.test(REPORT.path)) jobs.push({ surface: 'desk', screen: 'desk', prefix: '', large: false, route: REPORT, report: true, role: 'committee', key: 'desk:false:committee' });
// Commissioners also use the desk on a phone (visits on site): in large-font
// mode every page of theirs fits 390 px and keeps its text at 18 px or more.
for (const route of routesOf('desk').filter((r) => !r.public && r.roles.includes('commissioner'))) {
  jobs.push({ surface: 'desk', screen: 'phone', prefix: '/desk', large: true, route, role: 'commissioner', key: 'phone:true:commissioner', light: true });
}

/** Audit one page: the findings (axe, and in large-font mode the sizes). */
async function audit(page, job, session, prefer) {
  const { route, role, large, screen, prefix } = job;
  let where;
  if (job.report) where = `/chains/${encodeURIComponent(session.user.chain_codes[0])}/report?month=${today().slice(0, 7)}`;
  else if (job.record) {
    assert.ok(prefer[job.record.fixture], `the fixtures made no ${job.record.fixture}`);
    where = await concretePath(route, session, { ...prefer, [job.record.list]: prefer[job.record.fixture] });
  } else where = route.public ? route.path : await concretePath(route, session, prefer);
  const url = `${BASE}${prefix}${where}${job.query ?? ''}`;
  await openPage(page, url);
  const landed = new URL(page.url()).pathname;
  const findings = [];
  if (landed.endsWith('/login') && !route.public) findings.push(`${url} sent ${role} to the login page`);
  if (!route.raw && (await page.evaluate(() => document.documentElement.classList.contains('hl-large'))) !== large) findings.push('large-font mode not as stored');
  const run = job.light ? null : await axeRun(page);
  const axe = run?.lines ?? [];
  findings.push(...axe.map((l) => `axe ${l}`));
  let smallest = null;
  if (job.light) {
    findings.push(...(await textSizes(page, LARGE_MIN_PX)).small.map((l) => `text under ${LARGE_MIN_PX} px: ${l}`));
    if (await sideScroll(page)) findings.push('the page scrolls sideways at 390 px');
  } else if (large) {
    const t = await textSizes(page, LARGE_MIN_PX);
    smallest = t.smallest;
    findings.push(...t.small.map((l) => `text under ${LARGE_MIN_PX} px: ${l}`));
    if (screen === 'phone') {
      findings.push(...(await smallTargets(page, LARGE_TARGET_PX)).map((l) => `touch target under ${LARGE_TARGET_PX} px: ${l}`));
      if (await sideScroll(page)) findings.push('the page scrolls sideways at 390 px');
    }
  }
  return { url, axe, nodes: run?.nodes, rules: run?.rules, smallest, findings };
}

describe('accessibility of every page (axe-core, WCAG 2.1 A/AA; 适老化 sizes)', () => {
  if (problem) {
    test('server reachable', () => assert.fail(problem));
    return;
  }
  const browsers = new Browsers();
  const results = new Map(); // job → { url, axe, smallest, findings } or { error }

  before(async () => {
    const made = await makeFixtures();
    const prefer = { cases: made.caseId, visits: made.visitId, meetings: made.meetingId, webhooks: made.webhookId, intakeCaseId: made.intakeCaseId, unverifiedId: made.unverifiedId };
    await browsers.start();
    const sessions = {};
    for (const role of new Set(jobs.map((j) => j.role).filter(Boolean))) sessions[role] = await apiLogin(role);
    let next = 0;
    async function worker() {
      let key = '';
      let page = null;
      while (next < jobs.length) {
        const job = jobs[next++];
        if (job.key !== key) {
          await page?.context().close();
          page = await browsers.page({ screen: job.screen, large: job.large, role: job.route.public ? null : job.role });
          key = job.key;
        }
        try {
          results.set(job, await audit(page, job, sessions[job.role], prefer));
        } catch (e) {
          results.set(job, { error: e });
          await page.context().close();
          key = '';
          page = null;
        }
      }
      await page?.context().close();
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  });
  after(async () => {
    await browsers.close();
    const figures = [];
    for (const { surface, large } of [...new Map(jobs.map((j) => [`${j.surface}${j.large}`, j])).values()]) {
      const mine = jobs.filter((j) => j.surface === surface && j.large === large && !j.light).map((j) => results.get(j)).filter((r) => r && !r.error);
      const nodes = Object.fromEntries(IMPACTS.map((i) => [i, mine.reduce((n, r) => n + r.nodes[i], 0)]));
      const rules = Object.fromEntries(IMPACTS.map((i) => [i, [...new Set(mine.flatMap((r) => r.rules[i]))].sort()]));
      const pages = Object.fromEntries(IMPACTS.map((i) => [i, mine.filter((r) => r.nodes[i] > 0).length]));
      const smallest = Math.min(...mine.map((r) => r.smallest ?? Infinity));
      figures.push({ surface, mode: large ? 'large-font' : 'normal', pages: mine.length, nodes, rules, pages_with: pages, smallest_text_px: large ? smallest : null });
      const by = IMPACTS.map((i) => `${i} ${nodes[i]} (${rules[i].length} rules, ${pages[i]} pages)`).join(', ');
      console.log(`# a11y ${surface} ${large ? 'large-font' : 'normal'}: ${mine.length} pages; axe nodes ${by}${large ? `; smallest text ${smallest} px` : ''}`);
      for (const i of IMPACTS) if (rules[i].length) console.log(`#   ${i}: ${rules[i].join(' ')}`);
    }
    const phone = jobs.filter((j) => j.light).map((j) => results.get(j)).filter((r) => r && !r.error);
    if (phone.length) console.log(`# a11y desk 390 px large-font (commissioner): ${phone.length} pages, ${phone.filter((r) => r.findings.length).length} with text under ${LARGE_MIN_PX} px or sideways scroll`);
    const out = path.resolve(import.meta.dirname, '../../build/a11y-figures.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ base: BASE, when: new Date().toISOString(), figures, pages: jobs.filter((j) => !j.light).map((j) => ({ surface: j.surface, mode: j.large ? 'large-font' : 'normal', path: j.route.path + (j.query ?? '') + (j.record ? ` (${j.record.fixture})` : ''), role: j.role, url: results.get(j)?.url, nodes: results.get(j)?.nodes, error: results.get(j)?.error ? String(results.get(j).error.message).slice(0, 300) : undefined })) }, null, 1));
  });

  for (const job of jobs) {
    const mode = job.large ? 'large-font' : 'normal';
    test(`${job.surface}${job.light ? ' 390 px' : ''} ${mode}: ${job.route.path}${job.query ?? ''} (${job.route.title || job.route.name}) as ${job.role ?? 'signed out'}`, () => {
      const r = results.get(job);
      assert.ok(r, 'not audited');
      if (r.error) throw r.error;
      assert.deepEqual(r.findings, [], `${r.url} (${mode}, ${job.role ?? 'signed out'}):\n  ${r.findings.join('\n  ')}`);
    });
  }

  // The themes' colour pairs, as the pages compute them, in both modes:
  // axe checks the text a page shows; this checks every pair the themes
  // offer (a tag colour no page shows today included), and gives the figures.
  for (const { surface, screen, prefix } of SURFACES) {
    for (const large of [false, true]) {
      test(`${surface} ${large ? 'large-font' : 'normal'}: theme colours at 4.5:1 (text) and 3:1 (controls, focus)`, async () => {
        const page = await browsers.page({ screen, large });
        await openPage(page, `${BASE}${prefix}/login`);
        const rows = await themeContrast(page, THEME_PAIRS[surface]);
        await page.context().close();
        const low = rows.filter((r) => !(r.ratio >= r.min));
        console.log(`# contrast ${surface} ${large ? 'large-font' : 'normal'}: ${rows.length} pairs, lowest text ${Math.min(...rows.filter((r) => r.min === 4.5).map((r) => r.ratio))}:1, lowest control ${Math.min(...rows.filter((r) => r.min === 3).map((r) => r.ratio))}:1`);
        for (const r of rows) console.log(`#   ${r.ratio.toFixed(2)}:1 (≥ ${r.min}) ${r.name}: ${r.fg} on ${r.bg}`);
        assert.deepEqual(low.map((r) => `${r.name}: ${r.fg} on ${r.bg} ${r.ratio}:1 < ${r.min}:1`), []);
      });
    }
  }

  test('no CSP violation and no script error on any page', () => {
    assert.deepEqual(browsers.problems, []);
  });
});
