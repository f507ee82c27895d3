// What the accessibility tests share (e2e/a11y.test.mjs, e2e/keyboard.test.mjs):
// browsers signed in as a role, in normal or large-font (适老化) mode; the
// pages of both surfaces read from their routers; axe-core, injected into
// the page by the test only (the app never serves it); and the measures the
// tests assert on: focus rings, text sizes, touch targets, contrast.
//
// Not a test file itself (node --test picks up *.test.mjs only).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const BASE = (process.env.HONGLIAN_TEST_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const PASSWORD = process.env.HONGLIAN_E2E_PASSWORD || 'Demo@2026!';
export const LOGIN = {
  enterprise: process.env.HONGLIAN_E2E_ENTERPRISE || 'ent-demo',
  commissioner: process.env.HONGLIAN_E2E_COMMISSIONER || 'commissioner-demo',
  responder: process.env.HONGLIAN_E2E_RESPONDER || 'responder-demo',
  committee: process.env.HONGLIAN_E2E_COMMITTEE || 'committee-demo',
  admin: process.env.HONGLIAN_E2E_ADMIN || 'admin-demo',
};
export const CHROMIUM = process.env.HONGLIAN_TEST_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = path.resolve(here, '../../../build/screenshots');
export const TIMEOUT = 20_000;

/** The smallest text in large-font mode (px); the portal's tab bar labels included. */
export const LARGE_MIN_PX = 18;
/** Touch targets in large-font mode on a phone (px, the smaller side). */
export const LARGE_TARGET_PX = 44;

// ---- the server ----

/** '' when the server answers, else why not (the tests then fail with it). */
export async function preflight() {
  try {
    const res = await fetch(`${BASE}/api/v1/chains`, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return `${BASE}/api/v1/chains answers ${res.status}: is ${BASE} a Honglian server?`;
    const html = await (await fetch(`${BASE}/m/login`)).text();
    if (!html.includes('<div id="app">')) return `${BASE} serves no front end: build it (scripts/web.sh) and restart the server`;
    return '';
  } catch (e) {
    return `cannot reach ${BASE} (${e.cause?.code ?? e.message}). Start the server (make run) or set HONGLIAN_TEST_BASE_URL.`;
  }
}

/** An API session (cookie + CSRF token) for fixtures the pages then show. */
export async function apiLogin(role) {
  const res = await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: LOGIN[role], password: PASSWORD }) });
  assert.equal(res.status, 200, `log in as ${LOGIN[role]}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hl_session='));
  const body = await res.json();
  return { cookie, csrf: body.csrf_token, user: body.user };
}

export async function apiSend(s, method, urlPath, body) {
  const res = await fetch(`${BASE}${urlPath}`, { method, headers: { 'Content-Type': 'application/json', Accept: 'application/json', Cookie: s.cookie, 'X-CSRF-Token': s.csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, body: json, text };
}

/** The smallest PDF the server's type check accepts (it starts with %PDF-). */
export const TINY_PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/** Today in Beijing (the server's calendar), YYYY-MM-DD. */
export const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A case of the demo enterprise taken to 已办结待确认 through the API (the
 * portal then shows its rating form), with a PDF attached.  Answers its id.
 */
export async function makeResolvedCase(title) {
  const ent = await apiLogin('enterprise');
  const com = await apiLogin('commissioner');
  const res = await apiLogin('responder');
  const c = await apiSend(ent, 'POST', '/api/v1/cases', { category: 'financing', title, description: '新上生产线需要流动资金贷款，请协助对接主办银行。', channel: 'portal' });
  assert.equal(c.status, 201, `create a case: ${c.text}`);
  const id = c.body.id;
  const form = new FormData();
  form.append('file', new Blob([TINY_PDF], { type: 'application/pdf' }), '贷款需求说明.pdf');
  const up = await fetch(`${BASE}/api/v1/cases/${id}/attachments`, { method: 'POST', headers: { Cookie: ent.cookie, 'X-CSRF-Token': ent.csrf }, body: form });
  assert.equal(up.status, 201, `attach a file: ${await up.text()}`);
  for (const [who, body] of [[com, { action: 'accept' }], [com, { action: 'assign', assignee_id: res.user.id }], [res, { action: 'start' }], [res, { action: 'resolve', note: '已对接主办银行，授信已审批。', resolution: '已对接主办银行，500万元授信已审批通过。' }]]) {
    const r = await apiSend(who, 'POST', `/api/v1/cases/${id}/transitions`, body);
    assert.equal(r.status, 200, `${body.action}: ${r.text}`);
  }
  return id;
}

/**
 * Records every page has something to show: a resolved case (above), a
 * 解链 visit with one problem, a held meeting with an action item and a
 * webhook with a delivery (below).  Answers { caseId, visitId, meetingId,
 * webhookId }.
 */
export async function makeFixtures(tag = 'A11Y') {
  const ent = await apiLogin('enterprise');
  const com = await apiLogin('commissioner');
  const v = await apiSend(com, 'POST', '/api/v1/visits', {
    enterprise_id: ent.user.enterprise_id,
    visited_on: today(),
    visitors: [{ name: '企业陪同人员' }],
    levels: ['industry', 'talent'],
    findings: { industry: '上下游配套半径偏大。', talent: '高级技工缺口约30人。' },
    problems: [{ category: 'talent', title: `${tag} 走访发现的问题`, description: '希望对接职业院校开展订单式培养。' }],
  });
  assert.equal(v.status, 201, `record a visit: ${v.text}`);
  // The intake pages: a work order filed from the 12345 hotline (the case
  // page shows its source) and one of an enterprise nobody registered (its
  // page asks to confirm it); a closure in the re-check queue.
  const intake = await makeWorkOrders(tag, ent.user.enterprise_id);
  const recheckId = await makeRecheck(tag);
  // Last, so that it is the newest case: the one the case pages show.
  const caseId = await makeResolvedCase(`${tag} 无障碍检查用诉求`);
  // A meeting with an action item a commissioner owns (the meeting page,
  // the print view, 督办事项), and a webhook with a test message in its
  // delivery log (a failed attempt shows too).
  const meetingId = await makeHeldMeeting(tag, com.user.id);
  const webhookId = await makeWebhook(tag);
  return { caseId, visitId: v.body.id, meetingId, webhookId, ...intake, recheckId };
}

/**
 * Two work orders imported from the 12345 hotline's export as the admin: one
 * of the enterprise enterpriseId (filed as a case with its source), one of an
 * enterprise nobody registered (registered unverified).  Answers
 * { intakeCaseId, unverifiedId }.
 */
export async function makeWorkOrders(tag, enterpriseId) {
  const adm = await apiLogin('admin');
  // The default headers, whatever an earlier run saved.
  const m = await apiSend(adm, 'PATCH', '/api/v1/intake/sources/12345', { mapping: {} });
  assert.equal(m.status, 200, `the hotline's default headers: ${m.text}`);
  const e = await apiSend(adm, 'GET', `/api/v1/enterprises/${enterpriseId}`);
  assert.equal(e.status, 200, `the demo enterprise: ${e.text}`);
  const ref = `${tag}-${Date.now()}`;
  const fresh = unusedCreditCode();
  const csv = `\ufeff工单编号,统一社会信用代码,企业名称,产业链,诉求类别,诉求内容\n${ref},${e.body.credit_code},,,融资,${tag} 热线转来：企业反映续贷困难\n${ref}-new,${fresh},${tag}热线新企业${Date.now() % 100000}有限公司,${e.body.chain_codes?.[0] ?? 'auto-parts'},融资,${tag} 热线转来：新企业咨询政策\n`;
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), '工单.csv');
  const res = await fetch(`${BASE}/api/v1/intake/sources/12345/import`, { method: 'POST', headers: { Cookie: adm.cookie, 'X-CSRF-Token': adm.csrf, Accept: 'application/json' }, body: form });
  const text = await res.text();
  assert.ok(res.status === 200 || res.status === 201, `import two work orders: ${res.status} ${text}`);
  const cases = await apiSend(adm, 'GET', `/api/v1/cases?q=${encodeURIComponent(`${tag} 热线转来：企业反映续贷困难`)}&limit=1`);
  assert.ok(cases.body?.items?.length, `the imported case: ${cases.text}`);
  const found = await apiSend(adm, 'GET', `/api/v1/enterprises?q=${fresh}`);
  assert.equal(found.body?.items?.[0]?.verified, false, `the unverified enterprise: ${found.text}`);
  return { intakeCaseId: cases.body.items[0].id, unverifiedId: found.body.items[0].id };
}

/** A valid unified social credit code (GB 32100-2015) nobody uses. */
function unusedCreditCode() {
  const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91370303A${String((Date.now() * 7) % 1e8).padStart(8, '0')}`;
  const sum = [...body].reduce((a, c, i) => a + CH.indexOf(c) * W[i], 0);
  return body + CH[(31 - (sum % 31)) % 31];
}

/*
 * A closure in the re-check queue (回访质检).  The weekly draw takes closures
 * of a week that is over, so the case closed now (rated 2 stars: always
 * drawn) has its closure moved into the newest week not drawn yet, through
 * psql on HONGLIAN_TEST_DATABASE_URL, and that week is drawn through the
 * API.  Without the database URL the queue is audited as it is (null).
 */
export async function makeRecheck(tag) {
  const db = process.env.HONGLIAN_TEST_DATABASE_URL;
  if (!db) {
    console.log('# a11y: HONGLIAN_TEST_DATABASE_URL is not set: the re-check queue is audited as it is');
    return null;
  }
  const id = await makeResolvedCase(`${tag} 回访用诉求`);
  const ent = await apiLogin('enterprise');
  const c = await apiSend(ent, 'POST', `/api/v1/cases/${id}/transitions`, { action: 'confirm', rating: 2, comment: '贷款到账时间比承诺的晚。' });
  assert.equal(c.status, 200, `confirm with 2 stars: ${c.text}`);
  const sql = (q) => execFileSync('psql', [db, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', q], { encoding: 'utf8' }).trim();
  const week = sql(`SELECT d::date FROM generate_series(date_trunc('week', hl_today() - 7), date_trunc('week', hl_today()) - interval '2 years', interval '-7 days') d WHERE NOT EXISTS (SELECT 1 FROM recheck_draws r WHERE r.week_start = d::date) LIMIT 1`);
  assert.match(week, /^\d{4}-\d{2}-\d{2}$/, 'a week not drawn yet');
  const at = `(DATE '${week}' + 2 + TIME '10:00') AT TIME ZONE 'Asia/Shanghai'`;
  sql(`UPDATE case_events SET at = ${at} WHERE case_id = ${Number(id)} AND kind = 'transition' AND to_status = 'closed'`);
  sql(`UPDATE cases SET closed_at = ${at} WHERE id = ${Number(id)}`);
  const adm = await apiLogin('admin');
  const d = await apiSend(adm, 'POST', '/api/v1/rechecks/draws', { week_start: week, share_percent: 0 });
  assert.equal(d.status, 201, `draw the week of ${week}: ${d.text}`);
  const q = await apiSend(adm, 'GET', '/api/v1/rechecks?status=pending&limit=100');
  assert.ok(q.body?.items?.some((r) => r.case.id === id), `the 2-star closure is in the queue: ${q.text.slice(0, 300)}`);
  return id;
}

/**
 * A meeting of the committee member's chain, held yesterday, with an agenda
 * item, minutes and a decision whose action item ownerId owns (due in ten
 * working days); the decision's text ends in the tag.  Answers its id.
 */
export async function makeHeldMeeting(tag, ownerId) {
  const cm = await apiLogin('committee');
  const m = await apiSend(cm, 'POST', '/api/v1/meetings', { chain_code: cm.user.chain_codes[0], title: `${tag} 产业链党委会议`, starts_at: new Date(Date.now() - 86_400_000).toISOString(), place: '市民中心三楼会议室', status: 'draft' });
  assert.equal(m.status, 201, `a meeting: ${m.text}`);
  const a = await apiSend(cm, 'POST', `/api/v1/meetings/${m.body.id}/agenda`, { title: '重点企业用地与融资问题会商', notes: '各专员汇报包联企业诉求办理情况。' });
  assert.equal(a.status, 201, `agenda item: ${a.text}`);
  // The answer is the meeting: the item is the last of its agenda.
  const item = a.body.agenda.at(-1);
  const h = await apiSend(cm, 'PATCH', `/api/v1/meetings/${m.body.id}`, { status: 'held', minutes_md: '## 会议纪要\n\n1. 听取各专员汇报。\n2. 议定由市工信局牵头融资对接。' });
  assert.equal(h.status, 200, `the meeting held, with minutes: ${h.text}`);
  const d = await apiSend(cm, 'POST', `/api/v1/meetings/${m.body.id}/decisions`, { text: `由市工信局牵头，两周内完成重点企业融资对接（${tag}）。`, agenda_item_id: item.id, actions: [{ owner_id: ownerId, due_workdays: 10 }] });
  assert.equal(d.status, 201, `record a decision: ${d.text}`);
  return m.body.id;
}

/** A generic webhook with one test message sent (it fails: nothing listens on the discard port). Answers its id. */
export async function makeWebhook(tag) {
  const adm = await apiLogin('admin');
  const w = await apiSend(adm, 'POST', '/api/v1/webhooks', { name: `${tag} 通知接收`, url: 'http://127.0.0.1:9/hook', format: 'generic', secret: `whsec_${Buffer.from('a11y-audit-test-secret-24-bytes').toString('base64')}` });
  assert.equal(w.status, 201, `add a webhook: ${w.text}`);
  const t = await apiSend(adm, 'POST', `/api/v1/webhooks/${w.body.id}/test`, {});
  assert.ok([200, 201, 202].includes(t.status), `test message: ${t.text}`);
  return w.body.id;
}

// ---- the pages, from the routers ----

const SRC = path.resolve(here, '../../src');
export const STAFF = ['commissioner', 'responder', 'committee', 'admin'];

/**
 * The routes of one surface, read from its router.ts (one route per line):
 * [{ path, name, roles, public }].  Redirects and the desk's '/' (which only
 * sends each role to its first page) are left out.
 */
export function readRoutes(surface) {
  const file = path.join(SRC, surface, 'router.ts');
  const out = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const p = /^\s*\{\s*path:\s*'([^']+)'/.exec(line);
    if (!p || /\bredirect:/.test(line) || /render:\s*\(\)\s*=>\s*null/.test(line)) continue;
    const name = /\bname:\s*'([^']+)'/.exec(line)?.[1] ?? p[1];
    const title = /\btitle:\s*'([^']+)'/.exec(line)?.[1] ?? '';
    const roles = /\broles:\s*\[([^\]]*)\]/.exec(line)?.[1].match(/'([a-z]+)'/g)?.map((r) => r.slice(1, -1));
    const pub = /\bpublic:\s*true/.test(line);
    out.push({ surface, path: p[1], name, title, public: pub, roles: pub ? [] : surface === 'portal' ? ['enterprise'] : roles ?? STAFF });
  }
  assert.ok(out.length > 3, `no routes read from ${file}`);
  return out;
}

/*
 * A route's parameters get the first record the role can see, from the list
 * endpoint of the path before the parameter: /events/:id(\d+)/checkin takes
 * items[0].id of GET /api/v1/events.  A page whose list lives elsewhere, or
 * whose first record is not the one to show, gets a line here.
 */
const PARAM_SOURCES = {
  // path before the parameter → API list path (relative to /api/v1)
  '/chain': 'chains',
};

/**
 * Fill a route's parameters for a role (session: the role's API session);
 * prefer names the record to show for a list (e.g. { cases: 12 }) when the
 * test made one for the purpose.
 */
export async function concretePath(route, session, prefer = {}) {
  const parts = route.path.split('/');
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const seg = parts[i];
    const m = /^:([a-z_]+)(\([^)]*\))?(\?)?$/i.exec(seg);
    if (!m) { out.push(seg); continue; }
    if (m[3]) continue; // optional: the page without it
    const prefix = out.join('/');
    const list = PARAM_SOURCES[prefix] ?? prefix.replace(/^\//, '');
    if (prefer[list] !== undefined && m[1] === 'id') {
      out.push(String(prefer[list]));
      continue;
    }
    const r = await apiSend(session, 'GET', `/api/v1/${list}?limit=20`);
    assert.equal(r.status, 200, `${route.surface} ${route.path}: GET /api/v1/${list} as ${session.user.role} answers ${r.status}; add the page's list to PARAM_SOURCES in e2e/lib/a11y.mjs`);
    const items = r.body?.items ?? [];
    const hit = items.find((it) => it[m[1]] !== undefined && it[m[1]] !== null);
    assert.ok(hit, `${route.surface} ${route.path}: no record with "${m[1]}" in GET /api/v1/${list} as ${session.user.role}; seed one`);
    out.push(encodeURIComponent(String(hit[m[1]])));
  }
  return out.join('/') || '/';
}

// ---- browsers ----

const DESK_VIEW = { viewport: { width: 1366, height: 900 } };
const PHONE_VIEW = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: 'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Mobile Safari/537.36 MicroMessenger/8.0' };

/**
 * One browser for the whole file; a context per (role, mode, screen).
 * problems collects CSP violations and script errors from every page.
 */
export class Browsers {
  constructor() {
    this.browser = null;
    this.contexts = [];
    this.problems = [];
  }

  async start() {
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }

  async close() {
    for (const c of this.contexts) await c.close().catch(() => {});
    await this.browser?.close().catch(() => {});
  }

  /**
   * A page of a fresh context: screen 'phone' (390 px) or 'desk' (1366 px),
   * large: 大字模式 stored as the app stores it, role: signed in through the
   * API (the cookie is the browser's), or null for signed out.
   */
  async page({ screen, large = false, role = null }) {
    const ctx = await this.browser.newContext({ ...(screen === 'phone' ? PHONE_VIEW : DESK_VIEW), locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
    this.contexts.push(ctx);
    ctx.setDefaultTimeout(TIMEOUT);
    await ctx.addInitScript((on) => { try { localStorage.setItem('hl.large_font', on ? '1' : '0'); } catch { /* storage blocked */ } }, large);
    if (role) {
      const res = await ctx.request.post(`${BASE}/api/v1/session`, { data: { login: LOGIN[role], password: PASSWORD } });
      assert.equal(res.status(), 200, `log in as ${LOGIN[role]}`);
    }
    // axe-core reaches the page as a script of the page's own origin, so the
    // CSP (script-src 'self') stays as the server sends it; the browser gets
    // it from this test, the server never serves it.
    await ctx.route(AXE_URL, (r) => r.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: AXE_SOURCE }));
    const page = await ctx.newPage();
    trackRequests(page);
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) this.problems.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => this.problems.push(`${page.url()}: ${e.message}`));
    return page;
  }
}

/*
 * Requests in flight per page, to know when a page has its data: quicker
 * than Playwright's networkidle (500 ms of silence, twice per page).
 */
const inflight = new WeakMap();
function trackRequests(page) {
  const st = { n: 0, last: Date.now() };
  inflight.set(page, st);
  page.on('request', () => { st.n++; st.last = Date.now(); });
  const done = () => { st.n = Math.max(0, st.n - 1); st.last = Date.now(); };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/** Open a path and wait until the page has loaded its data and settled. */
export async function openPage(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await settle(page);
}

/** Wait until no request has been in flight for quiet ms and the app has drawn. */
export async function settle(page, quiet = 400) {
  const st = inflight.get(page);
  const limit = Date.now() + TIMEOUT;
  for (;;) {
    if (st.n === 0 && Date.now() - st.last >= quiet) break;
    if (Date.now() > limit) throw new Error(`${page.url()}: requests still in flight after ${TIMEOUT} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // Drawn, and no loading mask (not even one fading out) twice in a row.
  const ready = () => page.evaluate(() => {
    const app = document.getElementById('app');
    // A page the server renders whole (the meeting's print view) has no app.
    if (!app && !document.querySelector('script[type=module]')) return document.readyState === 'complete';
    return !!app && !app.querySelector('.hl-boot') && ![...document.querySelectorAll('.el-loading-mask')].some((m) => m.checkVisibility());
  });
  for (let ok = 0; ok < 2;) {
    ok = (await ready()) ? ok + 1 : 0;
    if (Date.now() > limit) throw new Error(`${page.url()}: still loading after ${TIMEOUT} ms`);
    if (ok < 2) await new Promise((r) => setTimeout(r, 80));
  }
  await page.evaluate(() => Promise.all([document.fonts?.ready, new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))]));
}

// ---- axe-core ----

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_URL = `${BASE}/__a11y-test__/axe.min.js`;
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];

/**
 * Run axe-core (WCAG 2.1 A and AA rules) on the page as it is; answers the
 * violations of impact serious or critical, one line per node.
 */
export async function axeSerious(page) {
  return (await axeRun(page)).lines;
}

/**
 * Run axe-core on the page as it is: { lines, nodes, rules }, lines one per
 * serious or critical node (what the tests fail on), nodes the number of
 * failing nodes per impact (all four, for the figures), rules the ids of
 * the rules that failed per impact.
 */
export async function axeRun(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ url: AXE_URL });
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations;
  }, AXE_TAGS);
  const lines = [];
  const nodes = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
  const rules = Object.fromEntries(IMPACTS.map((i) => [i, []]));
  for (const v of result) {
    const impact = IMPACTS.includes(v.impact) ? v.impact : 'minor';
    nodes[impact] += v.nodes.length;
    rules[impact].push(v.id);
    if (impact !== 'serious' && impact !== 'critical') continue;
    for (const n of v.nodes) lines.push(`${v.impact} ${v.id}: ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`);
  }
  return { lines, nodes, rules };
}

// ---- measures ----

/**
 * Every visible text of the page with its computed size: the smallest, and
 * those under min px (where, what, size).
 */
export function textSizes(page, min) {
  return page.evaluate((minPx) => {
    const small = [];
    let smallest = Infinity;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const where = (el) => {
      const bits = [];
      for (let e = el; e && e !== document.body && bits.length < 4; e = e.parentElement) {
        const cls = [...e.classList].filter((c) => !c.startsWith('is-')).slice(0, 2).join('.');
        bits.unshift(e.tagName.toLowerCase() + (cls ? `.${cls}` : '') + (e.dataset?.test ? `[data-test=${e.dataset.test}]` : ''));
      }
      return bits.join(' > ');
    };
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      if (!text) continue;
      const el = n.parentElement;
      if (!el || el.closest('script, style, noscript, template, svg, [aria-hidden="true"], .hl-sr-only')) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const box = range.getBoundingClientRect();
      if (box.width < 2 || box.height < 2) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < smallest) smallest = size;
      if (size < minPx) small.push(`${size}px ${where(el)}: ${text.slice(0, 30)}`);
    }
    return { smallest: smallest === Infinity ? null : smallest, small };
  }, min);
}

/**
 * Interactive controls whose box is smaller than px on either side (links
 * inside running text excepted, as WCAG 2.5.8 does).
 */
export function smallTargets(page, px) {
  return page.evaluate((minPx) => {
    const sel = 'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=tab], [role=switch], [role=checkbox], [role=radio], [role=link], [role=menuitem], [role=option], [tabindex]:not([tabindex="-1"])';
    const out = [];
    for (const el of document.querySelectorAll(sel)) {
      if (el.closest('[aria-hidden="true"], [inert]')) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      // A native control drawn by its label (Vant checkbox, uploader input): the label counts.
      let box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (el.matches('input[type=file], input[type=checkbox], input[type=radio]') && (box.width < 2 || box.height < 2 || getComputedStyle(el).opacity === '0')) {
        const owner = el.closest('label, .van-uploader__upload, .el-upload, .van-checkbox, .van-radio');
        if (!owner) continue;
        box = owner.getBoundingClientRect();
      }
      // A text field drawn by a wrapper: a tap anywhere in the wrapper reaches it.
      const wrapper = el.matches('input, textarea') ? el.closest('.el-input__wrapper, .el-select__wrapper, .el-textarea, .van-field__body') : null;
      if (wrapper) box = wrapper.getBoundingClientRect();
      // Links in running text (a sentence around them).
      if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') {
        const parentText = (el.parentElement?.textContent ?? '').trim();
        if (parentText.length > (el.textContent ?? '').trim().length) continue;
      }
      if (Math.round(box.width) < minPx || Math.round(box.height) < minPx) {
        const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || '').trim().slice(0, 20);
        out.push(`${Math.round(box.width)}×${Math.round(box.height)} ${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : ''} "${name}"`);
      }
    }
    return out;
  }, px);
}

/**
 * The theme's colour pairs: [name, foreground, background, minimum], each
 * colour a CSS colour or a custom property of the page's root (read in the
 * page, so in the mode the page is in).  Text pairs need 4.5:1, controls,
 * borders and focus rings 3:1.
 */
export const THEME_PAIRS = {
  desk: [
    ...['--el-text-color-primary', '--el-text-color-regular', '--el-text-color-secondary', '--el-text-color-placeholder', '--hl-muted', '--hl-soon', '--hl-ok'].flatMap((v) => [[`${v} on white`, v, '#ffffff', 4.5], [`${v} on the page grey`, v, '#f5f6f7', 4.5]]),
    ...['primary', 'success', 'warning', 'danger', 'info'].flatMap((c) => [[`${c} tag text on its tint`, `--el-color-${c}`, `--el-color-${c}-light-9`, 4.5], [`white on a ${c} button`, '#ffffff', `--el-color-${c}`, 4.5], [`white on a ${c} button, hover`, '#ffffff', `--el-color-${c}-dark-2`, 4.5]]),
    ['primary pill text on its tint', '--el-color-primary-dark-2', '--el-color-primary-light-9', 4.5],
    ['input border on white', '--el-border-color', '#ffffff', 3],
    ['focus ring on white', '--hl-focus', '#ffffff', 3], ['focus ring on the page grey', '--hl-focus', '#f5f6f7', 3], ['focus ring on the red header', '--hl-focus-on-dark', '--hl-red', 3],
    ['header text on red', '#ffffff', '--hl-red', 4.5],
  ],
  portal: [
    ...['--van-text-color', '--van-text-color-2', '--van-text-color-3', '--van-gray-6', '--van-field-placeholder-text-color', '--hl-muted', '--hl-soon', '--hl-ok'].flatMap((v) => [[`${v} on white`, v, '#ffffff', 4.5], [`${v} on the page grey`, v, '#f5f6f7', 4.5]]),
    ...['--van-primary-color', '--van-success-color', '--van-warning-color', '--van-danger-color'].map((v) => [`${v} (plain tags, links) on white`, v, '#ffffff', 4.5]),
    ['white on the primary button', '#ffffff', '--van-button-primary-background', 4.5],
    ['switch track (off) on white', '--van-switch-background', '#ffffff', 3], ['empty rating star on white', '--van-rate-icon-void-color', '#ffffff', 3], ['checkbox border on white', '--van-checkbox-border-color', '#ffffff', 3], ['button border on white', '--van-button-default-border-color', '#ffffff', 3],
    ['focus ring on white', '--hl-focus', '#ffffff', 3], ['focus ring on the page grey', '--hl-focus', '#f5f6f7', 3],
  ],
};
// The case status badge (src/shared/components/StatusBadge.vue, both surfaces).
for (const list of Object.values(THEME_PAIRS)) list.push(['status badge warning', '#b45309', '#fff7e6', 4.5], ['status badge primary', '#1d4ed8', '#eef4ff', 4.5], ['status badge success', '#15803d', '#effaf1', 4.5], ['status badge danger', '#b91c1c', '#fdecec', 4.5], ['status badge default', '#4b5563', '#f3f4f6', 4.5]);

/** The contrast of each pair in the page as it is: [{ name, fg, bg, ratio, min }]. */
export function themeContrast(page, pairs) {
  return page.evaluate((list) => {
    const probe = document.createElement('span');
    document.body.appendChild(probe);
    const root = getComputedStyle(document.documentElement);
    const resolve = (c) => {
      const v = c.startsWith('--') ? root.getPropertyValue(c).trim() : c;
      probe.style.color = '';
      probe.style.color = v;
      const m = /rgba?\(([^)]+)\)/.exec(getComputedStyle(probe).color);
      return { css: v, rgb: m ? m[1].split(/[ ,/]+/).filter(Boolean).slice(0, 3).map(Number) : null };
    };
    const lum = ([r, g, b]) => {
      const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const out = list.map(([name, f, b, min]) => {
      const fg = resolve(f), bg = resolve(b);
      if (!fg.rgb || !bg.rgb || !fg.css || !bg.css) return { name, fg: fg.css, bg: bg.css, ratio: 0, min };
      const x = lum(fg.rgb), y = lum(bg.rgb);
      return { name, fg: fg.css, bg: bg.css, ratio: Math.round(((Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)) * 100) / 100, min };
    });
    probe.remove();
    return out;
  }, pairs);
}

/** The page scrolls sideways (a layout wider than the screen). */
export function sideScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/**
 * The focused element and its focus ring: an outline at least 2 px wide of a
 * colour that stands 3:1 against the page behind it, on the element or on
 * the wrapper that draws the control (up to 3 levels up, when it holds focus).
 * Answers { where, ring, ok, why }.
 */
export function focusState(page) {
  return page.evaluate(() => {
    const lum = ([r, g, b]) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const rgb = (s) => { const m = /rgba?\(([^)]+)\)/.exec(s); if (!m) return null; const v = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return { c: v.slice(0, 3), a: v[3] ?? 1 }; };
    const bgOf = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0.5) return c.c;
      }
      return [255, 255, 255];
    };
    const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { where: 'body', ok: false, why: 'focus is on the page body' };
    const desc = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).slice(0, 2).join('.') : ''}${e.getAttribute('aria-label') ? `[aria-label=${e.getAttribute('aria-label')}]` : ''}${e.dataset?.test ? `[data-test=${e.dataset.test}]` : ''} "${(e.textContent ?? '').trim().slice(0, 16)}"`;
    if (!el.checkVisibility({ opacityProperty: false, visibilityProperty: true }) && !el.closest('label, .van-uploader__upload, .el-upload')) return { where: desc(el), ok: false, why: 'the focused element is not visible' };
    let why = 'no outline';
    for (let e = el, up = 0; e && up < 4; e = e.parentElement, up++) {
      // A ring on something invisible (an input at opacity 0 under its picture) shows nothing.
      const box = e.getBoundingClientRect();
      if (!e.checkVisibility({ opacityProperty: true, visibilityProperty: true }) || box.width < 4 || box.height < 4) continue;
      const s = getComputedStyle(e);
      const w = parseFloat(s.outlineWidth);
      if (s.outlineStyle === 'none' || !(w >= 2)) continue;
      const c = rgb(s.outlineColor);
      if (!c || c.a < 0.9) { why = `outline colour ${s.outlineColor}`; continue; }
      const r = ratio(c.c, bgOf(e.parentElement ?? e));
      if (r < 3) { why = `outline ${s.outlineColor} at ${r.toFixed(2)}:1 against its background`; continue; }
      return { where: desc(el), ring: `${w}px ${s.outlineStyle} ${s.outlineColor} on ${up === 0 ? 'the element' : desc(e)}`, ok: true };
    }
    return { where: desc(el), ok: false, why };
  });
}

/**
 * Press a key and check the focus ring where focus lands; answers the state.
 * Failures name the key and the place.
 */
export async function press(page, key, { ring = true } = {}) {
  await page.keyboard.press(key);
  await page.waitForTimeout(60);
  const st = await focusState(page);
  if (ring) assert.ok(st.ok, `after ${key}: ${st.where}: ${st.why}`);
  return st;
}

/**
 * Tab (or Shift+Tab) until focus is on or inside an element matching the
 * CSS selector, checking the ring at each stop; answers the number of stops.
 */
export async function tabTo(page, selector, { max = 60, back = false, text = '' } = {}) {
  const seen = [];
  for (let i = 1; i <= max; i++) {
    const st = await press(page, back ? 'Shift+Tab' : 'Tab');
    seen.push(st.where);
    const hit = await page.evaluate(([sel, txt]) => {
      const el = document.activeElement?.closest(sel);
      return !!el && (!txt || (el.textContent ?? '').includes(txt));
    }, [selector, text]);
    if (hit) return i;
  }
  assert.fail(`${selector}${text ? ` (${text})` : ''} not reached with ${back ? 'Shift+Tab' : 'Tab'} in ${max} stops; went through: ${seen.join(' | ')}`);
}

/** The focused element matches the selector (on it or inside it). */
export function focusIn(page, selector) {
  return page.evaluate((sel) => !!document.activeElement?.closest(sel), selector);
}

export function tmpDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hl-a11y-'));
}
