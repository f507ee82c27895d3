// The main tasks with the keyboard only (Tab, Shift+Tab, Enter, Space,
// arrows, Escape), against the real server, with a visible focus ring
// checked at every stop (an outline of 2 px or more, 3:1 against what is
// behind it, on the focused control or the wrapper that draws it):
//  - portal, 390 px phone: submit a case (the empty form's errors announced
//    and tied to their fields, the category picker, an attachment), then
//    confirm and rate a resolved case, reaching it through the tab bar;
//  - desk, 1366 px: a commissioner records a 解链 visit from the side menu;
//    a committee member writes and publishes a bulletin;
//  - the desk's side menu (a committee member's and an admin's) and the
//    portal's tab bar, entry by entry; the portal's 返回 and 大字模式 switch;
//  - notifications and meetings: the desk's inbox bell, 站内信 and a
//    commissioner's 督办事项 (标记完成 in its dialog); the portal's 消息 tab.
// No mouse click anywhere: page.keyboard only (the file chooser an Enter
// opens is answered by the test, as a person would pick a file).
//
//   HONGLIAN_TEST_BASE_URL, HONGLIAN_E2E_* logins, HONGLIAN_TEST_CHROMIUM: as flow.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Browsers, TINY_PDF, apiLogin, focusIn, focusState, makeHeldMeeting, makeResolvedCase, openPage, preflight, press, settle, tabTo, today } from './lib/a11y.mjs';

const problem = await preflight();
const stamp = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

/** Enter (or another key) that leads to a new page: wait for it and for its data. */
async function go(page, key, url) {
  await page.keyboard.press(key);
  await page.waitForURL(url);
  await settle(page);
}

/** Focus is on the new page's heading (after a page change) and shows a ring. */
async function onHeading(page) {
  await page.waitForFunction(() => document.activeElement?.matches('h1'));
  const st = await focusState(page);
  assert.ok(st.ok, `page heading: ${st.where}: ${st.why}`);
}

const announced = (page) => page.locator('[data-test="announcer"]').innerText();

describe('keyboard only (Tab, Enter, Space, arrows, Escape) with a visible focus ring', () => {
  if (problem) {
    test('server reachable', () => assert.fail(problem));
    return;
  }
  const browsers = new Browsers();
  before(async () => { await browsers.start(); });
  after(async () => { await browsers.close(); });

  test('portal, 390 px: submit a case with the keyboard', async () => {
    const page = await browsers.page({ screen: 'phone', role: 'enterprise' });
    await openPage(page, `${BASE}/m/`);
    await tabTo(page, '[data-test="quick-new"]');
    await go(page, 'Enter', `${BASE}/m/cases/new`);
    await onHeading(page);

    // The empty form: the errors are announced, focus goes to the first field at fault.
    await tabTo(page, '[data-test="submit"]');
    await press(page, 'Enter');
    await page.waitForFunction(() => document.activeElement?.matches('[data-test="category"]'));
    const cat = page.locator('[data-test="category"]');
    assert.equal(await cat.getAttribute('aria-invalid'), 'true');
    const describedBy = (await cat.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy, 'the category names its error');
    assert.match(await page.locator(`[id="${describedBy.split(' ').pop()}"]`).innerText(), /请选择诉求类别/);
    await page.waitForFunction(() => /请选择诉求类别/.test(document.querySelector('[data-test="announcer"]')?.textContent ?? ''));
    assert.match(await announced(page), /标题：请填写标题/);
    assert.match(await page.locator('[role="alert"]').first().innerText(), /请按红色提示修改/);

    // The picker: Space opens it, Escape closes it (focus back), Enter opens it,
    // arrows choose, Enter confirms.
    await press(page, 'Space');
    const popup = page.locator('.van-popup:visible', { has: page.locator('.van-picker') });
    await popup.waitFor();
    assert.ok(await focusIn(page, '.van-picker'), 'the opened picker has focus');
    await press(page, 'Escape', { ring: false });
    await popup.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-test="category"]'), null, { timeout: 3000 });
    await press(page, 'Enter');
    await popup.waitFor();
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== '融资需求'; i++) await press(page, 'ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), '融资需求');
    await press(page, 'Enter');
    await popup.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-test="category"]'), null, { timeout: 3000 });
    assert.match(await cat.innerText(), /融资需求/);
    assert.equal(await cat.getAttribute('aria-invalid'), null, 'the error went with the choice');

    const title = `键盘提交的诉求 ${stamp()}`;
    const st = await press(page, 'Tab');
    assert.ok(await focusIn(page, '[data-test="title"]'), `Tab from the category: ${st.where}`);
    await page.keyboard.type(title);
    await press(page, 'Tab');
    assert.ok(await focusIn(page, '[data-test="description"]'));
    await page.keyboard.type('全程只用键盘填写：需要一笔技改贷款，请帮助对接银行。');
    await press(page, 'Shift+Tab');
    assert.ok(await focusIn(page, '[data-test="title"]'), 'Shift+Tab goes back');
    await press(page, 'Tab');

    // The attachment: Enter on the upload box opens the file chooser.
    await tabTo(page, '.van-uploader', { max: 3 });
    assert.ok(await focusIn(page, '.van-uploader input[type=file]'), `the upload box's input has focus, not ${(await focusState(page)).where}`);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: '键盘上传.pdf', mimeType: 'application/pdf', buffer: Buffer.from(TINY_PDF) });
    await page.locator('.van-uploader__file-name', { hasText: '键盘上传.pdf' }).waitFor();

    await tabTo(page, '[data-test="submit"]');
    await go(page, 'Enter', /\/m\/cases\/\d+$/);
    assert.equal((await page.locator('[data-test="case-title"]').innerText()).trim(), title);
    assert.equal((await page.locator('[data-test="status"]').first().innerText()).trim(), '待受理');
    await page.getByText('键盘上传.pdf').first().waitFor();
    await page.context().close();
  });

  test('portal, 390 px: confirm and rate a resolved case with the keyboard, through the tab bar', async () => {
    const title = `键盘评价用诉求 ${stamp()}`;
    await makeResolvedCase(title);
    const page = await browsers.page({ screen: 'phone', role: 'enterprise' });
    await openPage(page, `${BASE}/m/`);
    await tabTo(page, '.van-tabbar-item', { text: '诉求' });
    await go(page, 'Enter', `${BASE}/m/cases`);
    assert.ok(await focusIn(page, '.van-tabbar-item'), 'focus stays on the tab bar');
    await tabTo(page, '.van-tab', { back: true, text: '办理中' });
    await press(page, 'ArrowRight');
    assert.ok(await focusIn(page, '.van-tab--active'), 'the arrow moved to 待评价 and chose it');
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /待评价/);
    await settle(page);
    await tabTo(page, '[data-test="case-cell"]', { text: title });
    await go(page, 'Enter', /\/m\/cases\/\d+$/);
    await onHeading(page);

    // Confirm without a rating: the message is tied to the stars, focus goes there.
    await tabTo(page, '[data-test="confirm"]');
    await press(page, 'Enter');
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-test="rating"]'));
    assert.match(await page.locator('[data-test="rate-block"]').innerText(), /请先选择满意度评分/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true');
    // Focus is on the first star, not chosen yet: arrows move and choose.
    for (let i = 0; i < 4; i++) await press(page, 'ArrowRight');
    assert.equal(await page.locator('[data-test="rating"] .van-rate__icon--full').count(), 5, 'four arrows from the first star: five stars');
    await press(page, 'ArrowLeft');
    assert.equal(await page.locator('[data-test="rating"] .van-rate__icon--full').count(), 4);
    await press(page, 'ArrowRight');
    assert.equal(await page.locator('[data-test="rating"] .van-rate__icon--full').count(), 5);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), '5 星');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-checked')), 'true');
    await press(page, 'Tab');
    assert.ok(await focusIn(page, '[data-test="comment"]'));
    await page.keyboard.type('用键盘也能评价，很方便。');
    await tabTo(page, '[data-test="confirm"]');
    await press(page, 'Enter');
    await page.locator('[data-test="status"]', { hasText: /^已办结$/ }).first().waitFor();
    assert.equal(await page.locator('[data-test="rate-block"]').count(), 0);
    // The button went with the form: focus is on the heading, not lost to the page body.
    await onHeading(page);
    await page.context().close();
  });

  test('portal, 390 px: the tab bar with the keyboard (arrows, Enter, Space)', async () => {
    const page = await browsers.page({ screen: 'phone', role: 'enterprise' });
    await openPage(page, `${BASE}/m/`);
    await tabTo(page, '.van-tabbar-item', { text: '首页' });
    for (const [key, path, label] of [['ArrowRight', '/m/cases', '诉求'], ['ArrowRight', '/m/chain', '产业链'], ['ArrowRight', '/m/messages', '消息'], ['ArrowRight', '/m/me', '我的'], ['ArrowRight', '/m/', '首页'], ['ArrowLeft', '/m/me', '我的']]) {
      await go(page, key, `${BASE}${path}`);
      assert.ok(await focusIn(page, '.van-tabbar-item--active'), `${key} to ${path}: focus on the chosen tab, not on ${(await focusState(page)).where}`);
      assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), new RegExp(label));
    }
    // Every tab is a Tab stop too: Space and Enter open the focused one.
    await go(page, 'ArrowLeft', `${BASE}/m/messages`);
    await go(page, 'ArrowLeft', `${BASE}/m/chain`);
    await go(page, 'ArrowLeft', `${BASE}/m/cases`);
    await press(page, 'Tab');
    assert.match((await focusState(page)).where, /产业链/);
    await go(page, 'Space', `${BASE}/m/chain`);
    await press(page, 'Shift+Tab');
    await go(page, 'Enter', `${BASE}/m/cases`);
    assert.ok(await focusIn(page, '.van-tabbar-item--active'));
    await page.context().close();
  });

  test('portal, 390 px: 返回 in the nav bar and the 大字模式 switch with the keyboard', async () => {
    const page = await browsers.page({ screen: 'phone', role: 'enterprise' });
    await openPage(page, `${BASE}/m/me`);
    const large = () => page.evaluate(() => document.documentElement.classList.contains('hl-large'));
    await tabTo(page, '[data-test="large-font"]');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), '大字模式');
    assert.equal(await large(), false);
    await press(page, 'Space');
    assert.equal(await large(), true, 'Space turns large-font mode on');
    await press(page, 'Enter');
    assert.equal(await large(), false, 'Enter turns it off');
    await tabTo(page, '.van-cell', { text: '政策简报', back: true });
    await go(page, 'Enter', `${BASE}/m/bulletins`);
    await onHeading(page);
    await tabTo(page, '.van-nav-bar__left', { back: true, max: 3 });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'button');
    await go(page, 'Enter', `${BASE}/m/me`);
    await page.context().close();
  });

  test('desk, 1366 px: every side-menu entry is reachable with Tab and opens with Enter', async () => {
    const page = await browsers.page({ screen: 'desk', role: 'committee' });
    await openPage(page, `${BASE}/desk/cases`);
    const first = await press(page, 'Tab');
    assert.match(first.where, /跳到主要内容/, 'the first stop is the skip link');
    const labels = (await page.locator('.d-aside .d-nav__item').allInnerTexts()).map((t) => t.trim());
    assert.ok(labels.length >= 8, `the committee's menu: ${labels.join('、')}`);
    for (const label of labels) await tabTo(page, '.d-aside .d-nav__item', { text: label, max: 10 });
    await tabTo(page, '.d-aside .d-nav__item', { text: '走访覆盖', back: true, max: 20 });
    await go(page, 'Enter', `${BASE}/desk/coverage`);
    await onHeading(page);
    assert.equal(await page.locator('.d-aside .d-nav__item[aria-current="page"]').innerText(), '走访覆盖');
    // The skip link: Enter goes past the header and the menu.
    await page.keyboard.press('Shift+Tab');
    await tabTo(page, '.hl-skip', { back: true, max: 40 });
    await press(page, 'Enter');
    assert.ok(await focusIn(page, '#main'), 'the skip link goes to the page');
    await page.context().close();
  });

  test('desk, 1366 px: every entry of an admin\'s side menu is reachable with Tab; 通知 Webhook opens with Enter', async () => {
    const page = await browsers.page({ screen: 'desk', role: 'admin' });
    await openPage(page, `${BASE}/desk/cases`);
    const labels = (await page.locator('.d-aside .d-nav__item').allInnerTexts()).map((t) => t.trim());
    assert.ok(labels.includes('通知 Webhook') && labels.includes('企业导入'), `the admin's menu: ${labels.join('、')}`);
    for (const label of labels) await tabTo(page, '.d-aside .d-nav__item', { text: label, max: 10 });
    const on = () => page.evaluate(() => document.activeElement?.textContent?.trim());
    for (let i = 0; i < labels.length && (await on()) !== '通知 Webhook'; i++) await press(page, 'Shift+Tab');
    await go(page, 'Enter', `${BASE}/desk/webhooks`);
    await onHeading(page);
    await page.context().close();
  });

  test('desk, 1366 px: the inbox bell, 站内信 and 督办事项 (标记完成) with the keyboard', async () => {
    const com = await apiLogin('commissioner');
    const tag = `键盘督办 ${stamp()}`;
    await makeHeldMeeting(tag, com.user.id);
    const page = await browsers.page({ screen: 'desk', role: 'commissioner' });
    await openPage(page, `${BASE}/desk/cases`);
    await tabTo(page, '[data-test="inbox"]', { max: 8 });
    assert.match(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), /^站内信，\d+ 条未读$/);
    await go(page, 'Enter', `${BASE}/desk/notifications`);
    await onHeading(page);
    // The newest message is the action item's: Enter opens where it points.
    await tabTo(page, '.d-inbox__open', { text: tag, max: 12 });
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /^\s*未读，/, 'an unread message says so first');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => !u.pathname.endsWith('/notifications'));
    await settle(page);
    await onHeading(page);
    await openPage(page, `${BASE}/desk/cases`);
    await tabTo(page, '.d-aside .d-nav__item', { text: '督办事项' });
    await go(page, 'Enter', `${BASE}/desk/actions`);
    await onHeading(page);
    await tabTo(page, `[data-test="action-complete"][aria-label*="${tag}"]`);
    assert.match(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), /^标记完成：/);
    // While the dialog opens, focus is in passage (on a loaded machine for
    // longer than press() waits); where it lands is checked just below.
    await press(page, 'Enter', { ring: false });
    const dialog = page.locator('[data-test="complete-dialog"]:visible');
    await dialog.waitFor();
    // The dialog's first field takes focus.
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-test="complete-note"]'));
    assert.ok((await focusState(page)).ok, 'a ring on the dialog\'s first field');
    await page.keyboard.type('已用键盘办结：融资对接会已开。');
    await tabTo(page, '[data-test="complete-submit"]', { max: 6 });
    await press(page, 'Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator(`[data-test="action-complete"][aria-label*="${tag}"]`).waitFor({ state: 'detached' });
    const st = await focusState(page);
    assert.ok(st.ok, `after the dialog: ${st.where}: ${st.why}`);
    await page.context().close();
  });

  test('portal, 390 px: the 消息 tab and a message with the keyboard', async () => {
    const title = `键盘消息用诉求 ${stamp()}`;
    await makeResolvedCase(title);
    const page = await browsers.page({ screen: 'phone', role: 'enterprise' });
    await openPage(page, `${BASE}/m/`);
    await tabTo(page, '.van-tabbar-item', { text: '消息' });
    assert.match(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), /^消息，(\d+|99\+) 条未读$/);
    await go(page, 'Enter', `${BASE}/m/messages`);
    await tabTo(page, '[data-test^="message-"]', { back: true, text: title });
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /未读，/);
    await go(page, 'Enter', /\/m\/cases\/\d+$/);
    await onHeading(page);
    await page.locator('[data-test="case-title"]', { hasText: title }).waitFor();
    await page.context().close();
  });

  test('desk, 1366 px: a commissioner records a visit with the keyboard', async () => {
    const page = await browsers.page({ screen: 'desk', role: 'commissioner' });
    await openPage(page, `${BASE}/desk/cases`);
    await tabTo(page, '.d-aside .d-nav__item', { text: '记录走访' });
    await go(page, 'Enter', `${BASE}/desk/visits/new`);
    await onHeading(page);

    // The empty form: messages tied to their fields and announced, focus to the first.
    await tabTo(page, '[data-test="submit"]');
    await press(page, 'Enter');
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-test="f-enterprise"]'));
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid')), 'true');
    const errId = (await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby'))) ?? '';
    assert.match(await page.locator(`[id="${errId.split(' ').pop()}"]`).innerText(), /请选择走访的企业/);
    // Both messages, once the form has checked every field (the level group's comes a moment later).
    await page.waitForFunction(() => /走访企业：请选择走访的企业[\s\S]*请至少选择一个调研层面/.test(document.querySelector('[data-test="announcer"]')?.textContent ?? ''));
    assert.match(await announced(page), /有 \d+ 项需要修改/);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');

    // The enterprise: the picker opens with ArrowDown, Enter takes the option.
    await press(page, 'ArrowDown');
    await page.locator('.el-select-dropdown__item.d-ent-option:visible').first().waitFor();
    await press(page, 'ArrowDown');
    await page.locator('.el-select-dropdown__item.d-ent-option.is-hovering:visible').waitFor();
    const entName = (await page.locator('.el-select-dropdown__item.is-hovering .hl-text').first().innerText()).trim();
    await press(page, 'Enter');
    await page.locator('[data-test="f-enterprise"] .el-select__selected-item', { hasText: entName }).first().waitFor();
    assert.equal(await page.locator('[data-test="f-date"] input').inputValue(), today());

    await tabTo(page, '[data-test="f-visitor-name"]');
    await page.keyboard.type('键盘陪同人员');
    await press(page, 'Enter');
    await page.locator('[data-test="visitor-names"]', { hasText: '键盘陪同人员' }).waitFor();
    for (const level of ['industry', 'talent']) {
      await tabTo(page, `[data-test="level-${level}"]`);
      await press(page, 'Space');
    }
    for (const [level, text] of [['industry', '配套企业距离远，物流成本高。'], ['talent', '数控技工短缺。']]) {
      await tabTo(page, `[data-test="finding-${level}"]`);
      await page.keyboard.type(text);
    }
    // A problem: the new block takes focus at its category; arrows choose.
    await tabTo(page, '[data-test="problem-add"]');
    await press(page, 'Enter');
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-test="problem-category"]'));
    for (let i = 0; i < 8 && !(await page.locator('[data-test="problem-category"] .el-radio-button.is-active', { hasText: '人才用工' }).count()); i++) await press(page, 'ArrowRight');
    await page.locator('[data-test="problem-category"] .el-radio-button.is-active', { hasText: '人才用工' }).waitFor();
    const ptitle = `键盘走访问题 ${stamp()}`;
    await tabTo(page, '[data-test="problem-title"]');
    await page.keyboard.type(ptitle);
    await tabTo(page, '[data-test="problem-description"]');
    await page.keyboard.type('希望对接技工院校。');
    await tabTo(page, '[data-test="submit"]');
    await go(page, 'Enter', /\/desk\/visits\/\d+\?created=1$/);
    assert.match((await page.locator('[data-test="created-case"]').first().innerText()).trim(), /^HL-\d{4}-\d+$/);
    assert.equal((await page.locator('[data-test="visit-enterprise"]').innerText()).trim(), entName);
    await page.context().close();
  });

  test('desk, 1366 px: a committee member writes and publishes a bulletin with the keyboard', async () => {
    const page = await browsers.page({ screen: 'desk', role: 'committee' });
    await openPage(page, `${BASE}/desk/escalated`);
    await tabTo(page, '.d-aside .d-nav__item', { text: '政策简报' });
    await go(page, 'Enter', `${BASE}/desk/bulletins`);
    await tabTo(page, '[data-test="bulletin-new"]');
    await go(page, 'Enter', `${BASE}/desk/bulletins/new`);
    await onHeading(page);
    const title = `键盘简报 ${stamp()}`;
    await tabTo(page, '[data-test="f-title"]');
    await page.keyboard.type(title);
    await tabTo(page, '[data-test="md-source"]');
    await page.keyboard.type('## 本期要点\n\n技改奖补开始申报。\n\n| 政策 | 截止 |\n|---|---|\n| 技改奖补 | 12月31日 |\n');
    await page.locator('[data-test="md-preview"] [data-test="server-html"] table').waitFor();
    await tabTo(page, '[data-test="save"]');
    await go(page, 'Enter', /\/desk\/bulletins\/\d+$/);
    await page.locator('[data-test="status"]', { hasText: '草稿' }).waitFor();
    await tabTo(page, '[data-test="publish"]');
    await press(page, 'Enter');
    const pop = page.locator('.el-popconfirm:visible');
    await pop.waitFor();
    await tabTo(page, '.el-popconfirm__action .el-button--primary', { max: 6 });
    await press(page, 'Enter');
    await page.locator('[data-test="status"]', { hasText: '已发布' }).waitFor();
    await page.context().close();
  });

  test('no CSP violation and no script error on any page', () => {
    assert.deepEqual(browsers.problems, []);
  });
});
