// Browser test of notifications against the real server: a commissioner
// sees the unread badge on the desk when a case is assigned to them, opens
// the message from the inbox, lands on the case, and the badge clears; the
// enterprise sees the badge on the portal's 消息 tab and marks all read; an
// admin adds a webhook on the desk, sends it a test message and finds it
// in the delivery log.  The changes are made through the API; what is
// checked is what the pages show.
//
//   HONGLIAN_TEST_BASE_URL   server to test (default http://127.0.0.1:8080)
//   HONGLIAN_E2E_ENTERPRISE / _COMMISSIONER / _ADMIN   demo logins
//   HONGLIAN_E2E_PASSWORD    their password (default Demo@2026!)
//   HONGLIAN_TEST_CHROMIUM   browser binary (default /usr/bin/chromium)
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.HONGLIAN_TEST_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const PASSWORD = process.env.HONGLIAN_E2E_PASSWORD || 'Demo@2026!';
const LOGIN = {
  enterprise: process.env.HONGLIAN_E2E_ENTERPRISE || 'ent-demo',
  commissioner: process.env.HONGLIAN_E2E_COMMISSIONER || 'commissioner-demo',
  admin: process.env.HONGLIAN_E2E_ADMIN || 'admin-demo',
};
const CHROMIUM = process.env.HONGLIAN_TEST_CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.resolve(here, '../../build/screenshots');
const TIMEOUT = 20_000;

let preflightError = '';
try {
  const res = await fetch(`${BASE}/healthz`, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) preflightError = `${BASE}/healthz answers ${res.status}`;
} catch (e) {
  preflightError = `cannot reach ${BASE} (${e.cause?.code ?? e.message}). Start the server (make run) or set HONGLIAN_TEST_BASE_URL.`;
}

/* A signed-in API client: JSON in and out, with the session's CSRF token. */
async function apiSession(login) {
  const res = await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  assert.equal(res.status, 200, `log in as ${login}`);
  const body = await res.json();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hl_session='));
  const call = async (method, url, json) => {
    const r = await fetch(`${BASE}/api/v1${url}`, { method, headers: { Cookie: cookie, 'X-CSRF-Token': body.csrf_token, 'Content-Type': 'application/json', Accept: 'application/json' }, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return { user: body.user, call };
}

describe('notifications in the browser', () => {
  if (preflightError) {
    test('server reachable', () => assert.fail(preflightError));
    return;
  }
  const dirs = [];
  const contexts = [];
  const problems = [];
  let caseId = 0;
  let caseNumber = '';

  async function newPage(kind) {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-e2e-chromium-'));
    dirs.push(userDataDir);
    const ctx = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      ...(kind === 'phone'
        ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }
        : { viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }),
    });
    contexts.push(ctx);
    ctx.setDefaultTimeout(TIMEOUT);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    return page;
  }
  const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  async function deskLogin(login) {
    const page = await newPage('desk');
    await page.goto(`${BASE}/desk/login`);
    await page.locator('input[data-test="login"], [data-test="login"] input').first().fill(login);
    await page.locator('input[data-test="password"], [data-test="password"] input').first().fill(PASSWORD);
    await page.locator('[data-test="submit"]').click();
    await page.waitForURL((u) => u.pathname.startsWith('/desk/') && !u.pathname.startsWith('/desk/login'));
    return page;
  }

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  test('a case assigned to the commissioner shows on the desk badge until opened', async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const ent = await apiSession(LOGIN.enterprise);
    const com = await apiSession(LOGIN.commissioner);
    const adm = await apiSession(LOGIN.admin);
    const created = await ent.call('POST', '/cases', { category: 'policy', title: `站内信测试 ${Date.now()}`, description: '请专员协助了解申报条件。' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    caseId = created.body.id;
    caseNumber = created.body.number;
    assert.equal((await com.call('POST', `/cases/${caseId}/transitions`, { action: 'accept' })).status, 200);
    // From here on, the assignment is the commissioner's only unread news.
    assert.equal((await com.call('POST', '/notifications/read', { all: true })).status, 200);
    const assigned = await adm.call('POST', `/cases/${caseId}/transitions`, { action: 'assign', assignee_id: com.user.id });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));

    const desk = await deskLogin(LOGIN.commissioner);
    const bell = desk.locator('[data-test="inbox"]');
    await desk.locator('[data-test="inbox-badge"]', { hasText: '1' }).waitFor();
    assert.equal(await bell.getAttribute('aria-label'), '站内信，1 条未读');
    await shot(desk, '40-desk-inbox-badge');
    // The bell is a link: keyboard users reach it like any other.
    await bell.focus();
    await desk.keyboard.press('Enter');
    await desk.waitForURL(`${BASE}/desk/notifications`);
    const msg = desk.locator('.d-inbox__item--unread button', { hasText: `您有新的待办诉求 ${caseNumber}` });
    await msg.waitFor();
    await shot(desk, '41-desk-inbox');
    await msg.click();
    await desk.waitForURL(`${BASE}/desk/cases/${caseId}`);
    await desk.locator('[data-test="case-number"]', { hasText: caseNumber }).waitFor();
    await desk.locator('[data-test="inbox-badge"]').waitFor({ state: 'detached' });
    assert.equal(await bell.getAttribute('aria-label'), '站内信，没有未读');
    const list = await com.call('GET', '/notifications?unread=true&limit=5');
    assert.equal(list.body.unread_count, 0);
  });

  test('the enterprise sees the 消息 badge on its phone and marks all read', async () => {
    const phone = await newPage('phone');
    await phone.goto(`${BASE}/m/login`);
    await phone.locator('[data-test="login"] input').fill(LOGIN.enterprise);
    await phone.locator('[data-test="password"] input').fill(PASSWORD);
    await phone.locator('[data-test="submit"]').click();
    await phone.waitForURL(`${BASE}/m/`);
    const tab = phone.locator('[data-test="tab-messages"]');
    await tab.locator('.van-badge').waitFor();
    assert.match((await tab.getAttribute('aria-label')) ?? '', /^消息，(\d+|99\+) 条未读$/);
    await shot(phone, '42-portal-badge');
    await tab.click();
    await phone.waitForURL(`${BASE}/m/messages`);
    await phone.locator('.p-msg--unread', { hasText: caseNumber }).first().waitFor();
    await shot(phone, '43-portal-messages');
    await phone.locator('[data-test="read-all"]').click();
    await phone.locator('.p-msg--unread').first().waitFor({ state: 'detached' });
    await tab.locator('.van-badge').waitFor({ state: 'detached' });
  });

  test('an admin adds a webhook, tests it and reads its delivery log', async () => {
    const adm = await apiSession(LOGIN.admin);
    const desk = await deskLogin(LOGIN.admin);
    await desk.goto(`${BASE}/desk/webhooks`);
    await desk.locator('[data-test="webhook-new"]').click();
    const name = `浏览器测试 ${Date.now()}`;
    await desk.locator('[data-test="wh-name"] input, input[data-test="wh-name"]').first().fill(name);
    // The test server allows 127.0.0.0/8; nothing listens on port 9.
    await desk.locator('[data-test="wh-url"] input, input[data-test="wh-url"]').first().fill('http://127.0.0.1:9/e2e');
    const secret = await desk.locator('[data-test="wh-secret"] input, input[data-test="wh-secret"]').first().inputValue();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/, 'a secret is made for a generic webhook');
    await shot(desk, '44-desk-webhook-form');
    await desk.locator('[data-test="wh-submit"]').click();
    const link = desk.locator('a', { hasText: name });
    await link.waitFor();
    const id = Number((await link.getAttribute('data-test')).replace('webhook-', ''));
    const saved = await adm.call('GET', `/webhooks/${id}`);
    assert.equal(saved.body.has_secret, true);
    assert.ok(!JSON.stringify(saved.body).includes(secret), 'the secret is never answered');
    await desk.locator(`[data-test="webhook-test-${id}"]`).click();
    await desk.locator('.el-message', { hasText: '测试消息已排队' }).waitFor();
    await link.click();
    await desk.waitForURL(`${BASE}/desk/webhooks/${id}`);
    await desk.locator('.el-table__row', { hasText: '红链测试消息' }).first().waitFor();
    await shot(desk, '45-desk-webhook-deliveries');
    assert.equal((await adm.call('DELETE', `/webhooks/${id}`)).status, 204);
  });

  test('no CSP violations or page errors', () => {
    assert.deepEqual(problems, []);
  });
});
