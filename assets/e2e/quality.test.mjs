// Browser test of the service-quality dashboard against the real server: a
// committee member opens the chain dashboard, clicks the "当前超期" figure
// and lands on exactly the cases behind it — the open cases of the chain
// past their deadline, as the database says (read with psql, not through
// the API under test).  Two of them are made for the test: filed and
// accepted through the API, then given a deadline in the past.  Also: a
// rate's drill-down names its figure, the dashboard fits a 390 px phone,
// and the re-check queue opens.  Screenshots go to build/screenshots/.
//
//   HONGLIAN_TEST_BASE_URL      server to test (default http://127.0.0.1:8080)
//   HONGLIAN_TEST_DATABASE_URL  the server's database (libpq conninfo), for psql
//   HONGLIAN_TEST_CHROMIUM      browser binary (default /usr/bin/chromium)
//   HONGLIAN_E2E_PASSWORD       the demo password (default Demo@2026!)
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
const DB = process.env.HONGLIAN_TEST_DATABASE_URL || '';
const PASSWORD = process.env.HONGLIAN_E2E_PASSWORD || 'Demo@2026!';
const CHROMIUM = process.env.HONGLIAN_TEST_CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.resolve(here, '../../build/screenshots');
const TIMEOUT = 30_000;
const CHAIN = 'auto-parts';

/* One SQL statement through psql; its rows as text lines. */
function sql(statement) {
  const out = execFileSync('psql', [DB, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '');
}

/* A signed-in API session: cookie and CSRF token. */
async function apiLogin(login) {
  const res = await fetch(`${BASE}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  assert.equal(res.status, 200, `sign-in as ${login}`);
  const body = await res.json();
  const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
  return { cookie, csrf: body.csrf_token };
}

async function apiPost(s, urlPath, body) {
  const res = await fetch(`${BASE}/api/v1${urlPath}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: s.cookie, 'X-CSRF-Token': s.csrf }, body: JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  assert.ok(res.status === 200 || res.status === 201, `POST ${urlPath}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

let preflightError = '';
try {
  const res = await fetch(`${BASE}/healthz`, { signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) preflightError = `${BASE}/healthz answers ${res.status}`;
} catch (e) {
  preflightError = `cannot reach ${BASE} (${e.cause?.code ?? e.message}). Start the server (make run) or set HONGLIAN_TEST_BASE_URL.`;
}
if (!preflightError && !DB) preflightError = 'HONGLIAN_TEST_DATABASE_URL is not set: the test reads the expected cases from the database with psql (scripts/run-tests.sh sets it)';

describe('service quality: from the overdue figure to exactly its cases', () => {
  if (preflightError) {
    test('prerequisites', () => assert.fail(preflightError));
    return;
  }
  const dirs = [];
  const contexts = [];
  const problems = [];
  const made = [];

  async function newPage(kind) {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-e2e-quality-'));
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
  async function deskLogin(login, kind = 'desk') {
    const page = await newPage(kind);
    await page.goto(`${BASE}/desk/login`);
    await page.locator('input[data-test="login"], [data-test="login"] input').first().fill(login);
    await page.locator('input[data-test="password"], [data-test="password"] input').first().fill(PASSWORD);
    await page.locator('[data-test="submit"]').click();
    await page.waitForURL((u) => u.pathname.startsWith('/desk/') && !u.pathname.startsWith('/desk/login'));
    return page;
  }
  const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  /* The chain's open cases past their deadline now, by number. */
  const overdueInDb = () => sql(
    `SELECT c.number FROM cases c JOIN chains ch ON ch.id = c.chain_id WHERE ch.code = '${CHAIN}'`
    + " AND c.status IN ('accepted', 'assigned', 'in_progress') AND c.due_at < hl_now() ORDER BY c.number");

  /* Every case number the case list shows, page after page. */
  async function listedNumbers(page) {
    const seen = [];
    for (;;) {
      await page.locator('[data-test="case-table"] .el-loading-mask').waitFor({ state: 'hidden' }).catch(() => {});
      await page.waitForTimeout(200);
      seen.push(...(await page.locator('[data-test="case-link"]').allInnerTexts()).map((t) => t.trim()));
      const next = page.locator('[data-test="next-page"]');
      if (await next.isDisabled()) break;
      await next.click();
    }
    return seen.sort();
  }

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const ent = await apiLogin('ent-demo');
    const com = await apiLogin('commissioner-demo');
    const stamp = new Date().toISOString().slice(0, 19);
    for (const title of [`看板超期测试一 ${stamp}`, `看板超期测试二 ${stamp}`]) {
      const c = await apiPost(ent, '/cases', { category: 'policy', title, description: '服务质量看板浏览器测试用诉求' });
      await apiPost(com, `/cases/${c.id}/transitions`, { action: 'accept' });
      made.push(c.number);
    }
    // Past their deadline: due three working days ago.
    sql(`UPDATE cases SET due_on = hl_add_workdays(hl_today(), -3), due_at = hl_end_of_day(hl_add_workdays(hl_today(), -3)) WHERE number IN ('${made.join("','")}')`);
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  test('the committee member lands on exactly the overdue cases of the chain', async () => {
    const expected = overdueInDb();
    for (const n of made) assert.ok(expected.includes(n), `${n} should be overdue in the database`);
    const page = await deskLogin('committee-demo');
    await page.goto(`${BASE}/desk/quality`);
    const tile = page.locator('[data-test="tile-link-overdue"]');
    await tile.waitFor();
    assert.match(await page.locator('[data-test="quality-title"]').innerText(), /汽车部件产业链服务质量/);
    assert.equal((await tile.innerText()).trim(), `${expected.length} 件`, 'the figure counts the overdue cases');
    assert.match(await tile.getAttribute('aria-label'), /当前超期/);
    await shot(page, 'quality-01-chain-dashboard');
    await tile.click();
    await page.waitForURL((u) => u.pathname === '/desk/cases' && u.searchParams.get('overdue') === 'true' && u.searchParams.get('chain') === CHAIN);
    const listed = await listedNumbers(page);
    assert.deepEqual(listed, expected, 'the list behind the figure is exactly the overdue cases');
    await shot(page, 'quality-02-overdue-cases');
  });

  test('the printed monthly report opens from the dashboard', async () => {
    const page = await deskLogin('committee-demo');
    await page.goto(`${BASE}/desk/quality`);
    const link = page.locator('[data-test="print-report"]');
    await link.waitFor();
    const [report] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await report.waitForLoadState();
    assert.match(await report.locator('h1').innerText(), /汽车部件产业链服务质量月报/);
    await report.setViewportSize({ width: 900, height: 1270 });
    await shot(report, 'quality-05-monthly-report');
    await report.emulateMedia({ media: 'print' });
    assert.equal(await report.locator('.hint').isVisible(), false, 'the screen hint is not printed');
  });

  test('a rate leads to its cases, and the list says which figure it shows', async () => {
    const page = await deskLogin('committee-demo');
    await page.goto(`${BASE}/desk/quality`);
    await page.locator('[data-test="tile-link-on_time"]').click();
    await page.waitForURL((u) => u.pathname === '/desk/cases' && u.searchParams.get('figure') === 'due');
    await page.locator('[data-test="drill-banner"]').waitFor();
    assert.match(await page.locator('[data-test="drill-banner"]').innerText(), /本期应办结的诉求/);
    await page.locator('[data-test="drill-clear"]').click();
    await page.waitForURL((u) => !u.searchParams.has('figure'));
  });

  test('the dashboard fits a 390 px phone', async () => {
    const page = await deskLogin('committee-demo', 'phone');
    await page.goto(`${BASE}/desk/quality`);
    await page.locator('[data-test="tile-link-overdue"]').waitFor();
    await page.locator('[data-test="q-ranking"]').waitFor();
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    assert.ok(scroll <= width + 1, `the page scrolls sideways: ${scroll} > ${width}`);
    await shot(page, 'quality-03-phone');
  });

  test('the re-check queue opens for a commissioner', async () => {
    const page = await deskLogin('commissioner-demo');
    await page.goto(`${BASE}/desk/rechecks`);
    await page.locator('[data-test="recheck-table"]').waitFor();
    await shot(page, 'quality-04-rechecks');
    assert.deepEqual(problems, [], 'no CSP violation or page error');
  });
});
