// Browser test of the work-order import on the desk: an admin picks the
// 12345 hotline as the source, uploads an export with one good and one bad
// row, reads the row report (nothing filed yet), files the good row and
// follows the link to its case, which shows where it came from.  A second
// upload of the same file is a replay and files nothing.  A work order of
// an enterprise nobody registered registers it unverified; the admin
// confirms it on its page with the district and size it lacked.  The fixtures
// come through the API; what is checked is what the pages show.
//
//   HONGLIAN_TEST_BASE_URL   server to test (default http://127.0.0.1:8080)
//   HONGLIAN_E2E_ADMIN       demo login (default admin-demo)
//   HONGLIAN_E2E_PASSWORD    its password (default Demo@2026!)
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
const ADMIN = process.env.HONGLIAN_E2E_ADMIN || 'admin-demo';
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

/* A valid unified social credit code (GB 32100-2015) nobody uses. */
function creditCode() {
  const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91370303Q${String(Date.now() % 1e8).padStart(8, '0')}`;
  const sum = [...body].reduce((a, c, i) => a + CH.indexOf(c) * W[i], 0);
  return body + CH[(31 - (sum % 31)) % 31];
}

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

describe('work-order import in the browser', () => {
  if (preflightError) {
    test('server reachable', () => assert.fail(preflightError));
    return;
  }
  const dirs = [];
  const contexts = [];
  const problems = [];

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  test('an export checked, filed, and filed again as a replay', async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const adm = await apiSession(ADMIN);
    // The default headers, whatever an earlier run saved.
    assert.equal((await adm.call('PATCH', '/intake/sources/12345', { mapping: {} })).status, 200);
    const ents = await adm.call('GET', '/enterprises?chain=auto-parts&limit=1');
    const code = ents.body.items[0].credit_code;
    const ref = `E2E-${Date.now()}`;
    const csv = `\ufeff工单编号,统一社会信用代码,诉求类别,诉求内容\n${ref},${code},融资,浏览器测试：企业反映续贷困难\n${ref}-bad,123,融资,信用代码有误\n`;

    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-e2e-chromium-'));
    dirs.push(userDataDir);
    const ctx = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(ctx);
    ctx.setDefaultTimeout(TIMEOUT);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    await page.goto(`${BASE}/desk/login`);
    await page.locator('input[data-test="login"], [data-test="login"] input').first().fill(ADMIN);
    await page.locator('input[data-test="password"], [data-test="password"] input').first().fill(PASSWORD);
    await page.locator('[data-test="submit"]').click();
    await page.waitForURL((u) => u.pathname.startsWith('/desk/') && !u.pathname.startsWith('/desk/login'));

    // Reached from the menu.
    await page.getByRole('navigation', { name: '主菜单', exact: true }).getByRole('link', { name: '工单导入' }).first().click();
    await page.waitForURL(`${BASE}/desk/intake/import`);
    await page.getByRole('heading', { name: '工单导入' }).waitFor();
    // The first source is the hotline; its name shows in the picker.
    await page.locator('[data-test="wo-source"]').getByText('12345').first().waitFor();

    const upload = async () => {
      await page.locator('[data-test="file-input"]').setInputFiles({ name: '工单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.locator('[data-test="wo-dry-run"]').waitFor();
    };
    await upload();
    await page.locator('[data-test="wo-dry-run"]').getByText('统一社会信用代码').first().waitFor();
    assert.equal((await page.locator('[data-test="report-ok"]').innerText()).trim(), '1 条工单');
    assert.match(await page.locator('[data-test="wo-summary"]').innerText(), /将新立案 1 件/);
    await page.screenshot({ path: path.join(SHOTS, '60-desk-work-order-check.png'), fullPage: true });
    // Nothing was filed by the check.
    const before = await adm.call('GET', `/cases?q=${encodeURIComponent('浏览器测试：企业反映续贷困难')}&limit=200`);
    const n0 = before.body.items.length;

    const run = page.locator('[data-test="wo-run"]');
    await run.focus();
    await page.keyboard.press('Enter');
    const done = page.locator('[data-test="wo-done"]');
    await done.waitFor();
    const link = done.getByRole('link');
    const number = (await link.innerText()).trim();
    assert.match(number, /^HL-\d{4}-\d+$/);
    assert.match(await done.innerText(), new RegExp(ref));
    await page.screenshot({ path: path.join(SHOTS, '61-desk-work-order-filed.png'), fullPage: true });
    const after1 = await adm.call('GET', `/cases?q=${encodeURIComponent('浏览器测试：企业反映续贷困难')}&limit=200`);
    assert.equal(after1.body.items.length, n0 + 1);
    await link.click();
    await page.locator('[data-test="case-number"]', { hasText: number }).waitFor();

    // The same file again: a replay, nothing to file.
    await page.goto(`${BASE}/desk/intake/import`);
    await page.locator('[data-test="wo-source"]').getByText('12345').first().waitFor();
    await upload();
    assert.match(await page.locator('[data-test="wo-summary"]').innerText(), /将新立案 0 件.*已导入过 1 条/);
    assert.ok(await page.locator('[data-test="wo-run"]').isDisabled(), 'nothing left to file');

    // An enterprise nobody registered: filed, registered unverified.
    const fresh = creditCode();
    const name = `浏览器测试新企业${Date.now() % 100000}有限公司`;
    await page.locator('[data-test="file-input"]').setInputFiles({ name: '工单2.csv', mimeType: 'text/csv', buffer: Buffer.from(`工单编号,统一社会信用代码,企业名称,产业链,诉求内容\n${ref}-new,${fresh},${name},auto-parts,新企业咨询政策\n`, 'utf8') });
    await page.locator('[data-test="wo-summary"]', { hasText: '其中 1 家企业尚未登记' }).waitFor();
    await page.locator('[data-test="wo-run"]').click();
    await page.locator('[data-test="wo-done"]').waitFor();
    const found = await adm.call('GET', `/enterprises?q=${fresh}`);
    assert.equal(found.body.items.length, 1);
    assert.equal(found.body.items[0].verified, false);
    await page.goto(`${BASE}/desk/enterprises/${found.body.items[0].id}`);
    await page.locator('[data-test="ent-unverified"]').waitFor();
    const box = page.locator('[data-test="ent-confirm"]');
    assert.ok(await box.locator('[data-test="ent-confirm-run"]').isDisabled(), 'district and size first');
    await box.getByRole('combobox', { name: '区县' }).waitFor();
    await box.locator('[data-test="ent-confirm-district"] .el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '张店区' }).first().click();
    await box.locator('[data-test="ent-confirm-size"] .el-select__wrapper').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '小型' }).first().click();
    await page.screenshot({ path: path.join(SHOTS, '62-desk-enterprise-confirm.png'), fullPage: true });
    await box.locator('[data-test="ent-confirm-run"]').click();
    await page.locator('[data-test="ent-confirm"]').waitFor({ state: 'detached' });
    await page.locator('[data-test="ent-unverified"]').waitFor({ state: 'detached' });
    const after2 = await adm.call('GET', `/enterprises/${found.body.items[0].id}`);
    assert.equal(after2.body.verified, true);
    assert.equal(after2.body.district, '张店区');
    assert.equal(after2.body.size_class, 'small');
    assert.deepEqual(problems, []);
  });
});
