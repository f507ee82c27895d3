// Bulletin and policy forms on the desk: the server's 413 / 422 / 409 / 403
// answers show next to the fields they name (or above the buttons).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import BulletinEditView from '@/desk/views/BulletinEditView.vue';
import PolicyEditView from '@/desk/views/PolicyEditView.vue';
import { setCsrfToken } from '@/api/client';
import { useSession } from '@/stores/session';
import { resetChains } from '@/shared/chains';
import type { Bulletin, Policy } from '@/api/types';
import { HOSTILE, errBody, json, mockFetch, user, type Call } from './helpers';

const CHAINS = { items: [{ code: 'auto-parts', name: '汽车部件产业链' }, { code: 'new-materials', name: '新材料产业链' }], next_cursor: null };

function draft(extra: Partial<Bulletin> = {}): Bulletin {
  return { id: 5, title: '四季度政策速递', body_md: '## 要点', body_html: '<h2>要点</h2>\n', chain_codes: ['auto-parts'], status: 'draft', published_at: null,
    created_at: '2026-11-20T09:00:00+08:00', author: { id: 8, name: '演示产业链党委成员' }, can_edit: true, public_path: null, ...extra };
}

type Handler = (call: { url: string; method: string; body: unknown }) => Response | undefined;

/** Fetch answering /chains and the preview itself, the rest from handle(). */
function serve(handle: Handler): Call[] {
  return mockFetch((url, init) => {
    const method = init.method ?? 'GET';
    let body: unknown = init.body;
    if (typeof body === 'string') body = JSON.parse(body);
    if (url.startsWith('/api/v1/chains')) return json(200, CHAINS);
    if (url === '/api/v1/markdown/preview') return json(200, { html: '<p>预览</p>' });
    return handle({ url, method, body }) ?? json(404, errBody('not_found', '内容不存在'));
  });
}

async function mountAt(component: unknown, path: string, pattern: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const s = useSession();
  s.user = user('committee', { chain_codes: ['auto-parts'] });
  s.loaded = true;
  const router = createRouter({ history: createMemoryHistory(), routes: [
    { path: pattern, component: component as never },
    { path: pattern.replace(/\/:id.*$/, '/new'), component: component as never },
    { path: '/:p(.*)*', component: { render: () => null } },
  ] });
  await router.push(path);
  await router.isReady();
  const w = mount(component as never, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

/** After a submit: the answer, and Element Plus's debounced error state (100 ms). */
async function settle() {
  await flushPromises();
  await new Promise((r) => setTimeout(r, 150));
  await flushPromises();
}

const input = (w: ReturnType<typeof mount>, test: string) => w.find(`[data-test="${test}"] input, [data-test="${test}"] textarea`);

beforeEach(() => {
  sessionStorage.clear();
  setCsrfToken('t');
  resetChains();
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('bulletin form', () => {
  it('checks before sending: title, body, chain', async () => {
    const calls = serve(() => undefined);
    const { w } = await mountAt(BulletinEditView, '/bulletins/new', '/bulletins/:id');
    // A committee member's form starts on their chain; empty it to see the check.
    (w.vm as unknown as { $: { setupState: { form: { chain_codes: string[] } } } }).$.setupState.form.chain_codes = [];
    await flushPromises();
    await w.find('[data-test="save"]').trigger('click');
    await settle();
    expect(w.find('[data-test="f-title"]').text()).toContain('请填写标题');
    expect(w.find('[data-test="f-body"]').text()).toContain('请填写正文');
    expect(w.find('[data-test="f-chains"]').text()).toContain('请选择产业链');
    expect(calls.filter((c) => c.url === '/api/v1/bulletins')).toHaveLength(0);
    w.unmount();
  });

  it('shows 422 and 403 field messages next to their fields, and 413 next to the body', async () => {
    let answer = json(422, errBody('validation_failed', '请求数据有误，请检查标注的字段', { title: '标题含有不允许的字符', chain_codes: '未知的产业链：xyz' }));
    const calls = serve(({ url, method }) => (url === '/api/v1/bulletins' && method === 'POST' ? answer : undefined));
    const { w } = await mountAt(BulletinEditView, '/bulletins/new', '/bulletins/:id');
    await input(w, 'f-title').setValue('四季度政策速递');
    await w.find('textarea[data-test="md-source"], [data-test="md-source"] textarea').setValue('## 要点\n\n- 技改奖补');
    await w.find('[data-test="save"]').trigger('click');
    await settle();
    const post = calls.find((c) => c.url === '/api/v1/bulletins' && c.method === 'POST')!;
    expect(post.body).toEqual({ title: '四季度政策速递', body_md: '## 要点\n\n- 技改奖补', chain_codes: ['auto-parts'] });
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(w.find('[data-test="f-title"]').text()).toContain('标题含有不允许的字符');
    expect(w.find('[data-test="f-chains"]').text()).toContain('未知的产业链：xyz');
    expect(w.find('[data-test="error"]').text()).toContain('请求数据有误');

    answer = json(413, errBody('payload_too_large', 'Markdown 内容不能超过 65536 字节', { body_md: '不能超过 65536 字节' }));
    await w.find('[data-test="save"]').trigger('click');
    await settle();
    expect(w.find('[data-test="f-body"] .el-form-item__error').text()).toBe('不能超过 65536 字节');
    expect(w.find('[data-test="f-title"] .el-form-item__error').exists()).toBe(false);

    answer = json(403, errBody('forbidden', '全市范围的内容由管理员发布，请选择产业链', { chain_codes: '全市范围的内容由管理员发布，请选择产业链' }));
    await w.find('[data-test="save"]').trigger('click');
    await settle();
    expect(w.find('[data-test="f-chains"] .el-form-item__error').text()).toContain('全市范围的内容由管理员发布');
    w.unmount();
  });

  it('a 409 (published meanwhile) keeps what was typed, says why, and shows the new status', async () => {
    let current = draft();
    serve(({ url, method }) => {
      if (url === '/api/v1/bulletins/5' && method === 'GET') return json(200, current);
      if (url === '/api/v1/bulletins/5' && method === 'PATCH') {
        current = draft({ status: 'published', published_at: '2026-11-21T10:00:00+08:00', public_path: '/bulletins/5' });
        return json(409, errBody('conflict', '简报已发布，请先撤回为草稿再修改'));
      }
      return undefined;
    });
    const { w } = await mountAt(BulletinEditView, '/bulletins/5', '/bulletins/:id');
    expect(w.find('[data-test="status"]').text()).toBe('草稿');
    expect(w.find('[data-test="server-html"] h2').text()).toBe('要点'); // the stored rendering, no preview request
    await input(w, 'f-title').setValue('四季度政策速递（修订）');
    await w.find('[data-test="save"]').trigger('click');
    await settle();
    expect(w.find('[data-test="error"]').text()).toContain('简报已发布，请先撤回为草稿再修改');
    expect((input(w, 'f-title').element as HTMLInputElement).value).toBe('四季度政策速递（修订）');
    expect(w.find('[data-test="status"]').text()).toBe('已发布');
    expect(w.find('[data-test="unpublish"]').exists()).toBe(true);
    expect(w.find('[data-test="public-link"]').attributes('href')).toBe('/bulletins/5');
    w.unmount();
  });

  it('shows a hostile title as text', async () => {
    serve(({ url }) => (url === '/api/v1/bulletins/5' ? json(200, draft({ title: HOSTILE, author: { id: 1, name: HOSTILE } })) : undefined));
    const { w } = await mountAt(BulletinEditView, '/bulletins/5', '/bulletins/:id');
    expect((input(w, 'f-title').element as HTMLInputElement).value).toBe(HOSTILE);
    expect((w.element as Element).querySelector('img[src="x"]')).toBeNull();
    expect(w.text()).toContain('<script>');
    w.unmount();
  });
});

describe('policy form', () => {
  const policy = (extra: Partial<Policy> = {}): Policy => ({
    id: 9, title: '技术改造奖补', issuer: '淄博市工业和信息化局', ref_number: null, effective_on: '2026-01-01', expires_on: '2027-12-31', apply_from: null, apply_until: null,
    chain_codes: ['auto-parts'], districts: [], size_classes: [], required_tags: [], excluded_tags: [], key_enterprise_only: false, benefit_summary: '奖补',
    body_md: '', body_html: '', source_url: null, active: true, archived: false, can_edit: true, ...extra,
  });

  it("puts the server's 422 messages next to the dates and districts, and sends nulls to clear", async () => {
    const calls = serve(({ url, method }) => {
      if (url === '/api/v1/policies/9' && method === 'GET') return json(200, policy());
      if (url === '/api/v1/policies/9' && method === 'PATCH') return json(422, errBody('validation_failed', '请求数据有误，请检查标注的字段', { expires_on: '失效日期不能早于生效日期', districts: '未知的区县：火星区' }));
      return undefined;
    });
    const { w } = await mountAt(PolicyEditView, '/policies/9', '/policies/:id');
    await input(w, 'f-title').setValue('技术改造奖补（2027）');
    await w.find('[data-test="save"]').trigger('click');
    await settle();
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).toMatchObject({ title: '技术改造奖补（2027）', ref_number: null, apply_until: null, source_url: null, chain_codes: ['auto-parts'] });
    expect(w.find('[data-test="f-expires"] .el-form-item__error').text()).toBe('失效日期不能早于生效日期');
    expect(w.find('[data-test="f-districts"] .el-form-item__error').text()).toBe('未知的区县：火星区');
    expect(w.find('[data-test="error"]').text()).toContain('请求数据有误');
    w.unmount();
  });

  it('is read-only when the caller may not change it', async () => {
    serve(({ url }) => (url === '/api/v1/policies/9' ? json(200, policy({ can_edit: false, chain_codes: [] })) : undefined));
    const { w } = await mountAt(PolicyEditView, '/policies/9', '/policies/:id');
    expect(w.find('[data-test="save"]').exists()).toBe(false);
    expect(w.find('[data-test="archive"]').exists()).toBe(false);
    expect((input(w, 'f-title').element as HTMLInputElement).disabled).toBe(true);
    expect(w.text()).toContain('只能查看');
    w.unmount();
  });
});
