// Browser test of the chain committee meeting, against the real server: an
// escalated case (made through the API: filed, accepted, assigned,
// escalated, started) goes on the agenda the server drafts when a
// committee member creates a meeting on the desk; the meeting is marked
// held; a decision with an action item on the case is recorded, and the
// minutes are written with the live preview; the printed PDF (headless
// chromium's page.pdf, read back with poppler's pdftotext, pdfinfo and
// pdffonts) has the agenda, the decision, A4 pages and the project's CJK
// fonts; the enterprise cannot close the case while the action is open;
// the owner completes the action on "督办事项"; then the case closes and
// its page shows the meeting.  The calendar shows the meeting on its day,
// and 共性问题 groups three enterprises' like cases (not a dissimilar
// one).  Keyboard: the agenda's move buttons are reached and pressed with
// the keyboard, and every control the test touches has a Chinese
// accessible name.
//
//   HONGLIAN_TEST_BASE_URL   server to test (default http://127.0.0.1:8080)
//   HONGLIAN_TEST_CHROMIUM    browser binary (default /usr/bin/chromium)
//   HONGLIAN_E2E_PASSWORD    the demo password (default Demo@2026!)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.HONGLIAN_TEST_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const PASSWORD = process.env.HONGLIAN_E2E_PASSWORD || 'Demo@2026!';
const CHROMIUM = process.env.HONGLIAN_TEST_CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.resolve(here, '../../build/screenshots');
const TIMEOUT = 20_000;
const STAMP = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
const CASE_TITLE = `E2E 会议督办诉求 ${STAMP}`;
const DECISION = `由市自然资源局牵头，限期完成用地审批会商（${STAMP}）`;

// ---- the API, for the set-up ----

async function signIn(login) {
  const res = await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  assert.equal(res.status, 200, `sign-in as ${login}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return { cookie, csrf: (await res.json()).csrf_token };
}

async function api(s, method, p, body) {
  const res = await fetch(`${BASE}/api/v1${p}`, {
    method,
    headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

async function must(s, method, p, body, status = 200) {
  const r = await api(s, method, p, body);
  assert.equal(r.status, status, `${method} ${p}: ${r.text.slice(0, 300)}`);
  return r.json;
}

// ---- preflight ----

let preflightError = '';
try {
  const res = await fetch(`${BASE}/api/v1/meetings`, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 401) preflightError = `${BASE}/api/v1/meetings answers ${res.status}, not 401: is this a Honglian server with meetings?`;
} catch (e) {
  preflightError = `cannot reach ${BASE} (${e.cause?.code ?? e.message}). Start the server or set HONGLIAN_TEST_BASE_URL.`;
}

describe('committee meeting: escalated case → agenda → decision → action → case closes; printed PDF', () => {
  if (preflightError) {
    test('server reachable', () => assert.fail(preflightError));
    return;
  }
  const dirs = [];
  const contexts = [];
  const problems = [];
  let S = {};
  let caseId = 0;
  let caseNumber = '';
  let meetingId = 0;

  async function deskLogin(login) {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-e2e-meet-'));
    dirs.push(userDataDir);
    const ctx = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    });
    contexts.push(ctx);
    ctx.setDefaultTimeout(TIMEOUT);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    await page.goto(`${BASE}/desk/login`);
    await page.locator('input[data-test="login"], [data-test="login"] input').first().fill(login);
    await page.locator('input[data-test="password"], [data-test="password"] input').first().fill(PASSWORD);
    await page.locator('[data-test="submit"]').click();
    await page.waitForURL((u) => u.pathname.startsWith('/desk/') && !u.pathname.startsWith('/desk/login'));
    return page;
  }
  const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  async function pick(page, select, text) {
    await select.click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  }
  async function confirmPop(page) {
    await page.locator('.el-popconfirm__action .el-button--primary:visible').click();
  }

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const login of ['ent-demo', 'commissioner-demo', 'committee-demo', 'policy-demo']) S[login] = await signIn(login);
    // An approvals case goes to the policy pack's desk (policy-demo).
    const c = await must(S['ent-demo'], 'POST', '/cases', { category: 'approvals', title: CASE_TITLE, description: '新厂房用地审批超过半年未批复，影响投产。' }, 201);
    caseId = c.id;
    caseNumber = c.number;
    await must(S['commissioner-demo'], 'POST', `/cases/${caseId}/transitions`, { action: 'accept' });
    const assigned = await must(S['commissioner-demo'], 'POST', `/cases/${caseId}/transitions`, { action: 'assign' });
    assert.equal(assigned.assignee?.name, '演示政策专员', 'approvals cases go to the policy pack desk');
    await must(S['committee-demo'], 'POST', `/cases/${caseId}/transitions`, { action: 'escalate', reason: '涉及多个部门，列为书记突破项目' });
    await must(S['policy-demo'], 'POST', `/cases/${caseId}/transitions`, { action: 'start' });
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  test('committee: a new meeting drafts its agenda with the escalated case', async () => {
    const desk = await deskLogin('committee-demo');
    await desk.locator('.d-aside .d-nav__item', { hasText: '党委会议' }).first().click();
    await desk.waitForURL(/\/desk\/meetings(\?|$)/);
    await desk.locator('[data-test="meeting-table"]').waitFor();
    await desk.locator('[data-test="meeting-new"]').click();
    const dlg = desk.locator('[data-test="meeting-dialog"]');
    await dlg.locator('[data-test="m-title"] input, input[data-test="m-title"]').first().fill(`汽车部件产业链党委专题会 ${STAMP}`);
    await dlg.getByRole('radio', { name: '专题会' }).check({ force: true });
    // A meeting that already took place, entered afterwards.
    const starts = dlg.getByRole('combobox', { name: '会议时间' }).or(dlg.locator('input[aria-label="会议时间"]')).first();
    await starts.fill('2026-12-01 09:00');
    await starts.press('Enter');
    await dlg.locator('.el-dialog__title').click();
    await dlg.locator('input[aria-label="会议地点"]').fill('市委第一会议室');
    await shot(desk, '40-desk-meeting-new');
    await dlg.locator('[data-test="m-create"]').click();
    await desk.waitForURL(/\/desk\/meetings\/\d+$/);
    meetingId = Number(new URL(desk.url()).pathname.split('/').pop());
    const agenda = desk.locator('[data-test="agenda"]');
    await agenda.locator('a', { hasText: caseNumber }).waitFor();
    const item = agenda.locator('.d-agenda__item', { hasText: caseNumber });
    assert.match(await item.innerText(), /书记突破项目/);
    await desk.locator('[data-test="meeting-status"]', { hasText: '草稿' }).waitFor();

    // A free-text item, moved up with the keyboard alone.
    await desk.locator('input[aria-label="议题"]').fill('其他事项：研究下季度重点工作');
    await desk.locator('[data-test="agenda-add"]').click();
    const last = agenda.locator('.d-agenda__item').last();
    await last.getByText('其他事项：研究下季度重点工作').waitFor();
    const n = await agenda.locator('.d-agenda__item').count();
    const up = desk.getByRole('button', { name: `上移第 ${n} 项` });
    await up.focus();
    await desk.keyboard.press('Enter');
    await agenda.locator('.d-agenda__item').nth(n - 2).getByText('其他事项：研究下季度重点工作').waitFor();
    await shot(desk, '41-desk-meeting-agenda');

    await desk.locator('[data-test="move-held"]').click();
    await confirmPop(desk);
    await desk.locator('[data-test="meeting-status"]', { hasText: '已召开' }).waitFor();
    await desk.context().close();
  });

  test('committee: a decision with an action item on the case, and the minutes', async () => {
    const desk = await deskLogin('committee-demo');
    await desk.goto(`${BASE}/desk/meetings/${meetingId}`);
    const form = desk.locator('[data-test="decisions"] form');
    await form.locator('textarea[aria-label="会议决定"]').fill(DECISION);
    await pick(desk, form.locator('[data-test="decision-item"]'), CASE_TITLE);
    await pick(desk, form.locator('[data-test="action-owner-0"]'), '演示政策专员');
    // Picking the agenda item filled in its case.
    assert.match(await form.locator('[data-test="action-cases-0"]').innerText(), new RegExp(caseNumber));
    await form.locator('[data-test="decision-submit"]').click();
    const decided = desk.locator('[data-test="decision-1"]');
    await decided.locator('.d-decision__text', { hasText: DECISION }).waitFor();
    assert.match(await decided.innerText(), /演示政策专员/);
    assert.match(await decided.innerText(), /未完成/);

    const src = desk.locator('textarea[aria-label="会议纪要（Markdown）"]');
    await src.fill(`## 会议概况\n\n会议研究了**${caseNumber}**用地审批问题。\n\n| 事项 | 责任单位 |\n|---|---|\n| 用地审批 | 市自然资源局 |`);
    await desk.locator('[data-test="minutes"] [data-test="md-preview"] table').waitFor();
    await desk.locator('[data-test="save-minutes"]').click();
    await desk.locator('[data-test="save-minutes"]', { hasText: '纪要已保存' }).waitFor();
    await shot(desk, '42-desk-meeting-decision');
    await desk.context().close();
  });

  test('the print view prints to an A4 PDF with the agenda and the decision', async () => {
    const desk = await deskLogin('committee-demo');
    const res = await desk.goto(`${BASE}/meetings/${meetingId}/print`);
    assert.equal(res.status(), 200);
    await desk.locator('h2', { hasText: '会议议程' }).waitFor();
    await desk.evaluate(() => document.fonts.ready);
    await shot(desk, '43-meeting-print');
    const pdf = path.join(os.tmpdir(), `hl-meeting-${meetingId}-${process.pid}.pdf`);
    await desk.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true, printBackground: true });
    try {
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
      const compact = text.replace(/\s+/g, '');
      assert.match(compact, /产业链党委/, 'the issuing committee');
      assert.match(compact, /二、会议议程/);
      assert.ok(compact.includes(caseNumber), `the agenda names ${caseNumber}`);
      assert.match(compact, /四、会议决定及督办事项/);
      assert.ok(compact.includes(DECISION.replace(/\s+/g, '')), 'the decision is printed');
      assert.ok(compact.includes('演示政策专员'), 'the owner is printed');
      assert.match(info, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/, 'A4 pages');
      assert.ok(pages >= 1 && pages <= 4, `1 to 4 pages, got ${pages}`);
      assert.match(fonts, /UKai|UMing/, 'the serif CJK faces the project installs');
      console.log(`meeting print: ${pages} page(s), fonts: ${[...new Set([...fonts.matchAll(/\+(\S+)/g)].map((m) => m[1]))].join(', ')}`);
    } finally {
      fs.rmSync(pdf, { force: true });
    }
    await desk.context().close();
  });

  test('the enterprise cannot close the case while the action item is open', async () => {
    await must(S['policy-demo'], 'POST', `/cases/${caseId}/transitions`, { action: 'resolve', resolution: '已协调市自然资源局，用地审批已受理。' });
    const r = await api(S['ent-demo'], 'POST', `/cases/${caseId}/transitions`, { action: 'confirm', rating: 5 });
    assert.equal(r.status, 409);
    assert.equal(r.json?.error?.code, 'open_action');
    assert.match(r.json?.error?.message ?? '', /督办事项/);
  });

  test('the owner completes the action on 督办事项; then the case closes', async () => {
    const desk = await deskLogin('policy-demo');
    await desk.locator('.d-aside .d-nav__item', { hasText: '督办事项' }).first().click();
    await desk.waitForURL(`${BASE}/desk/actions`);
    const row = desk.locator('[data-test="action-table"] .el-table__row', { hasText: DECISION });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(caseNumber));
    await shot(desk, '44-desk-my-actions');
    await row.getByRole('button', { name: /^标记完成/ }).click();
    const dlg = desk.locator('[data-test="complete-dialog"]');
    await dlg.locator('textarea[aria-label="完成情况"]').fill('已完成用地审批会商。');
    await dlg.locator('[data-test="complete-submit"]').click();
    await dlg.waitFor({ state: 'hidden' });
    await desk.locator('[data-test="action-table"] .el-table__row', { hasText: DECISION }).waitFor({ state: 'detached' });
    await desk.context().close();

    const closed = await must(S['ent-demo'], 'POST', `/cases/${caseId}/transitions`, { action: 'confirm', rating: 5, comment: '会议督办，问题解决' });
    assert.equal(closed.status, 'closed');
  });

  test('committee: the calendar shows the meeting; 共性问题 groups a problem three enterprises share', async () => {
    // The three enterprises of auto-parts report the same problem (filed
    // by their service commissioner); a different one of the first stays
    // out.
    S['commissioner-demo'] = await signIn('commissioner-demo');
    const ents = (await must(S['commissioner-demo'], 'GET', '/enterprises?chain=auto-parts&limit=20')).items;
    assert.ok(ents.length >= 3, 'the demo chain has three enterprises');
    const problem = `新能源货车夜间通行证办理困难 ${STAMP}`;
    const numbers = [];
    for (const e of ents.slice(0, 3)) {
      const c = await must(S['commissioner-demo'], 'POST', '/cases', { enterprise_id: e.id, chain_code: 'auto-parts', category: 'technology', title: problem, description: '夜间配送的新能源货车通行证办理周期长、名额少，影响零部件准时交付。' }, 201);
      numbers.push(c.number);
    }
    const odd = await must(S['commissioner-demo'], 'POST', '/cases', { enterprise_id: ents[0].id, chain_code: 'auto-parts', category: 'technology', title: `厂区门前道路积水${STAMP}`, description: '雨季厂区门前道路积水严重，影响货车通行。' }, 201);

    const desk = await deskLogin('committee-demo');
    await desk.locator('.d-aside .d-nav__item', { hasText: '共性问题' }).first().click();
    await desk.waitForURL(/\/desk\/common-problems/);
    const group = desk.locator('[data-test="cp-group"]', { hasText: numbers[0] });
    await group.waitFor();
    const text = await group.innerText();
    for (const n of numbers) assert.ok(text.includes(n), `the group lists ${n}`);
    assert.ok(!text.includes(odd.number), 'a dissimilar case stays out');
    assert.ok(Number(/(\d+) 家企业/.exec(text)?.[1]) >= 3, 'from three enterprises at least');
    await shot(desk, '46-desk-common-problems');

    // The calendar, moved month by month with its own buttons to the
    // meeting's month (December 2026).
    await desk.goto(`${BASE}/desk/meetings?view=calendar`);
    const cal = desk.locator('[data-test="meeting-calendar"]');
    await cal.waitFor();
    const now = new Date();
    let steps = (now.getFullYear() - 2026) * 12 + now.getMonth() - 11;
    const btn = cal.getByRole('button', { name: steps > 0 ? '上个月' : '下个月' });
    for (; steps !== 0; steps += steps > 0 ? -1 : 1) await btn.click();
    const entry = cal.locator(`a[href$="/desk/meetings/${meetingId}"]`);
    await entry.waitFor();
    assert.match(await entry.getAttribute('aria-label'), /^2026-12-01 09:00 汽车部件产业链党委专题会/);
    await shot(desk, '47-desk-meeting-calendar');
    await entry.click();
    await desk.waitForURL(new RegExp(`/desk/meetings/${meetingId}$`));
    await desk.context().close();
  });

  test('the case page shows the meeting and the decision it took part in', async () => {
    const desk = await deskLogin('committee-demo');
    await desk.goto(`${BASE}/desk/cases/${caseId}`);
    const card = desk.locator('[data-test="case-meetings"]');
    await card.getByText(`决定：${DECISION}`).waitFor();
    assert.match(await card.innerText(), /已完成/);
    await shot(desk, '45-desk-case-meetings');
    await desk.context().close();
    assert.deepEqual(problems, [], `CSP violations or page errors:\n${problems.join('\n')}`);
  });
});
