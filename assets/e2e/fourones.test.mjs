// Browser test of the four ones as data: an admin, on the desk, adds an
// expert to a chain's panel and a new account manager (linked to a
// responder account) to its lead bank, sets the chain's routing rule for
// financing cases to that manager, and a new financing case is then
// suggested to them when it is assigned.  Along the way: the records'
// dialogs work from the keyboard and their fields have Chinese
// accessible names, the routing check page, the SLA page states the
// effect on deadlines, a calendar file is previewed, an enterprise file
// is checked row by row, a token is shown once.  No CSP violation or
// script error on any page.  Uses a chain the demo flow leaves alone and
// puts the routing rule back at the end.
//
//   HONGLIAN_TEST_BASE_URL, HONGLIAN_E2E_ADMIN, HONGLIAN_E2E_PASSWORD,
//   HONGLIAN_TEST_CHROMIUM: as e2e/flow.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.HONGLIAN_TEST_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const PASSWORD = process.env.HONGLIAN_E2E_PASSWORD || 'Demo@2026!';
const ADMIN = process.env.HONGLIAN_E2E_ADMIN || 'admin-demo';
const CHROMIUM = process.env.HONGLIAN_TEST_CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.resolve(here, '../../build/screenshots');
const TIMEOUT = 20_000;
const CHAIN = 'next-gen-it';
const STAMP = `${Date.now() % 1_000_000}`;

let preflightError = '';
try {
  const res = await fetch(`${BASE}/api/v1/chains/${CHAIN}/resources`, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 401) preflightError = `${BASE}/api/v1/chains/${CHAIN}/resources answers ${res.status} to an anonymous caller, not 401: is the server this branch's?`;
} catch (e) {
  preflightError = `cannot reach ${BASE} (${e.cause?.code ?? e.message}). Start the server (make run) or set HONGLIAN_TEST_BASE_URL.`;
}
if (preflightError) console.log(`e2e FAILED: ${preflightError}`);

/* The API as the admin: cookie and CSRF token from a sign-in. */
async function apiSession() {
  const res = await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: ADMIN, password: PASSWORD }) });
  assert.equal(res.status, 200, `sign in as ${ADMIN}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('hl_session='));
  const csrf = (await res.json()).csrf_token;
  return async (method, url, body) => {
    const r = await fetch(`${BASE}/api/v1${url}`, { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json', Accept: 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

describe('four ones: expert, account manager, routing rule, suggested responder', () => {
  if (preflightError) {
    test('server reachable', () => assert.fail(preflightError));
    return;
  }
  const dirs = [];
  const contexts = [];
  const problems = [];
  let page;
  let api;
  let responder; // {id, login, name}
  const expertName = `E2E专家${STAMP}`;
  const managerName = `E2E经理${STAMP}`;

  const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  /* The open dialog whose title is title. */
  const dialog = (title) => page.locator('.el-dialog').filter({ has: page.locator('.el-dialog__title', { hasText: title }) }).last();
  /* Pick an account in an AccountSelect by typing its login. */
  async function pickAccount(select, login, name) {
    await select.click();
    await select.locator('input').fill(login);
    const option = page.locator('.el-select-dropdown__item:visible', { hasText: name }).first();
    await option.waitFor();
    await option.click();
  }

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    api = await apiSession();
    // The manager's account: a responder with no binding yet.
    const login = `e2e-am-${STAMP}`;
    const r = await api('POST', '/users', { login, name: `E2E客户经理${STAMP}`, role: 'responder', password: PASSWORD });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    responder = { id: r.body.id, login, name: r.body.name };

    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-e2e-fourones-'));
    dirs.push(userDataDir);
    const ctx = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    });
    contexts.push(ctx);
    ctx.setDefaultTimeout(TIMEOUT);
    page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    await page.goto(`${BASE}/desk/login`);
    await page.locator('input[data-test="login"], [data-test="login"] input').first().fill(ADMIN);
    await page.locator('input[data-test="password"], [data-test="password"] input').first().fill(PASSWORD);
    await page.locator('[data-test="submit"]').click();
    await page.waitForURL((u) => u.pathname.startsWith('/desk/') && !u.pathname.startsWith('/desk/login'));
  });

  after(async () => {
    if (api) await api('PUT', `/chains/${CHAIN}/routing-rules/financing`, { user_ids: [] }).catch(() => {});
    for (const c of contexts) await c.close().catch(() => {});
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  test('admin: from the chain page to its four ones', async () => {
    await page.goto(`${BASE}/desk/chains/${CHAIN}`);
    await page.locator('[data-test="chain-manage"]').click();
    await page.waitForURL(`${BASE}/desk/chains/${CHAIN}/manage`);
    await page.getByRole('tab', { name: /专家顾问团/ }).waitFor();
    for (const t of ['简介与党委', '主办银行', '法律服务团', '分办规则']) assert.ok(await page.getByRole('tab', { name: new RegExp(t) }).isVisible(), `tab ${t}`);
    await shot('40-desk-chain-manage');
  });

  test('admin: add an expert to the panel, from the keyboard', async () => {
    await page.getByRole('tab', { name: /专家顾问团/ }).click();
    // The dialog opens with Enter on the focused button.
    await page.locator('[data-test="expert-new"]').focus();
    await page.keyboard.press('Enter');
    const dlg = dialog('新增专家');
    await dlg.waitFor();
    // Empty name: the message sits next to the field, nothing is sent.
    await dlg.locator('[data-test="record-save"]').click();
    await dlg.getByText('请填写姓名').waitFor();
    // Every field has a Chinese accessible name.
    await dlg.getByRole('textbox', { name: '姓名' }).fill(expertName);
    await dlg.getByRole('textbox', { name: '领域' }).fill('工业软件');
    await dlg.getByRole('textbox', { name: '单位' }).fill('淄博软件园');
    await dlg.getByRole('textbox', { name: '邮箱' }).fill('not-an-address');
    await dlg.locator('[data-test="record-save"]').click();
    await dlg.getByText('请填写正确的电子邮箱地址').waitFor();
    await dlg.getByRole('textbox', { name: '邮箱' }).fill('e2e@example.com');
    await dlg.locator('[data-test="record-save"]').click();
    await dlg.waitFor({ state: 'hidden' });
    const row = page.locator('[data-test="experts"] .el-table__row', { hasText: expertName });
    await row.waitFor();
    assert.match(await row.innerText(), /在任/);
    await shot('41-desk-expert-added');
  });

  test('admin: add an account manager linked to a responder account', async () => {
    await page.getByRole('tab', { name: '主办银行' }).click();
    await page.locator('[data-test="manager-new"]').click();
    const dlg = dialog('新增客户经理');
    await dlg.waitFor();
    await dlg.getByRole('textbox', { name: '姓名' }).fill(managerName);
    await dlg.getByRole('textbox', { name: '职务' }).fill('客户经理');
    await pickAccount(dlg.locator('[data-test="f-user_id"]'), responder.login, responder.name);
    await dlg.locator('[data-test="record-save"]').click();
    await dlg.waitFor({ state: 'hidden' });
    const row = page.locator('[data-test="managers"] .el-table__row', { hasText: managerName });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(responder.login));
    await shot('42-desk-manager-added');
  });

  test('admin: set the routing rule for financing cases', async () => {
    await page.getByRole('tab', { name: '分办规则' }).click();
    const rule = page.locator('[data-test="rule-financing"]');
    await rule.waitFor();
    await pickAccount(rule, responder.login, responder.name);
    await page.keyboard.press('Escape');
    await page.locator('[data-test="rule-save-financing"]').click();
    await page.locator('[data-test="effective-financing"]', { hasText: `${responder.name}（按分办规则）` }).waitFor();
    await shot('43-desk-routing-rule');
    await page.goto(`${BASE}/desk/routing`);
    await page.locator('[data-test="routing-check"]').waitFor();
    await page.getByRole('link', { name: '新一代信息技术' }).waitFor();
    await shot('44-desk-routing-check');
  });

  test('a new financing case is suggested to that manager', async () => {
    const ents = await api('GET', `/enterprises?chain=${CHAIN}&limit=50`);
    const ent = ents.body.items.find((e) => e.primary_chain === CHAIN);
    assert.ok(ent, `an enterprise whose primary chain is ${CHAIN}`);
    const c = await api('POST', '/cases', { category: 'financing', title: `E2E 融资需求 ${STAMP}`, description: '需要设备更新贷款。', enterprise_id: ent.id });
    assert.equal(c.status, 201, JSON.stringify(c.body));
    await page.goto(`${BASE}/desk/cases/${c.body.id}`);
    await page.locator('[data-test="action-accept"]').click();
    let dlg = page.locator('.el-dialog').filter({ has: page.locator('[data-test="transition-submit"]') }).last();
    await dlg.locator('[data-test="transition-submit"]').click();
    await dlg.waitFor({ state: 'hidden' });
    await page.locator('[data-test="action-assign"]').click();
    dlg = page.locator('.el-dialog').filter({ has: page.locator('[data-test="transition-submit"]') }).last();
    const line = dlg.locator('[data-test="suggested"]');
    await line.waitFor();
    const text = await line.innerText();
    assert.match(text, new RegExp(responder.name), text);
    assert.match(text, /分办规则/);
    await shot('45-desk-case-suggested');
    await dlg.locator('[data-test="transition-submit"]').click();
    await dlg.waitFor({ state: 'hidden' });
    assert.equal((await page.locator('[data-test="assignee"]').innerText()).trim(), responder.name);
  });

  test('admin: deadlines, calendar preview, enterprise check, token', async () => {
    await page.goto(`${BASE}/desk/sla`);
    assert.match(await page.locator('[data-test="sla-effect"]').innerText(), /不会移动已设定的期限/);
    await shot('46-desk-sla');
    // A calendar file for a year nobody uses: previewed, not imported.
    await page.goto(`${BASE}/desk/calendar`);
    await page.locator('[data-test="cal-effect"]').waitFor();
    await page.locator('[data-test="file-input"]').setInputFiles({ name: '日历.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff日期,类型,名称\n2026-12-31,放假,测试\n2026-12-31,放假,重复\n', 'utf8') });
    const prev = dialog('导入预览');
    await prev.waitFor();
    await prev.getByText('2026-12-31 在文件中出现了两次').waitFor();
    assert.ok(await prev.locator('[data-test="cal-import"]').isDisabled(), 'a file with problems cannot be imported');
    await shot('47-desk-calendar-preview');
    await prev.getByRole('button', { name: '取消' }).click();
    // An enterprise file: checked row by row, nothing written.
    await page.goto(`${BASE}/desk/enterprises/import`);
    await page.locator('[data-test="file-input"]').setInputFiles({ name: '企业.csv', mimeType: 'text/csv', buffer: Buffer.from('企业名称,统一社会信用代码,产业链,区县,企业规模\nE2E 导入公司,91370303MA3C4UJ10X,新一代信息技术,张店区,小型\n', 'utf8') });
    const report = page.locator('[data-test="import-dry-run"]');
    await report.waitFor();
    await report.getByText('统一社会信用代码校验位错误').waitFor();
    assert.equal((await page.locator('[data-test="report-ok"]').innerText()).trim(), '0 家企业');
    await shot('48-desk-enterprise-import');
    // A token: its secret shown once.
    await page.goto(`${BASE}/desk/tokens`);
    await page.locator('[data-test="token-new"]').click();
    const tdlg = dialog('新建令牌');
    await tdlg.getByRole('textbox', { name: '用途' }).fill(`E2E 对接 ${STAMP}`);
    await pickAccount(tdlg.locator('[data-test="token-user"]'), responder.login, responder.name);
    await tdlg.locator('[data-test="token-submit"]').click();
    const secret = page.locator('input[data-test="token-secret"], [data-test="token-secret"] input').first();
    await secret.waitFor();
    assert.ok((await secret.inputValue()).length >= 40, 'the secret is shown');
    await shot('49-desk-token-once');
    await dialog('令牌已创建').getByRole('button', { name: '我已保存，关闭' }).click();
    const tokens = await api('GET', '/tokens?limit=200');
    const t = tokens.body.items.find((x) => x.name === `E2E 对接 ${STAMP}`);
    assert.ok(t, 'the token is listed');
    assert.equal(t.token, undefined, 'the list never shows the secret');
    await api('DELETE', `/tokens/${t.id}`);
    await page.goto(`${BASE}/desk/audit`);
    await page.locator('[data-test="audit-rows"] .el-table__row').first().waitFor();
    await shot('50-desk-audit');
  });

  test('no CSP violation or script error', () => {
    assert.deepEqual(problems, []);
  });
});
