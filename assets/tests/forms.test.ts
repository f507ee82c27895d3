import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import CaseNewView from '@/portal/views/CaseNewView.vue';
import DeskLogin from '@/desk/views/LoginView.vue';
import { NETWORK_MESSAGE, setCsrfToken } from '@/api/client';
import { useSession } from '@/stores/session';
import { errBody, json, mockFetch, user } from './helpers';

async function mountWithRouter(component: unknown) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const s = useSession();
  s.user = user('enterprise');
  s.loaded = true;
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: component as never }, { path: '/:p(.*)*', component: { render: () => null } }] });
  await router.push('/');
  await router.isReady();
  const w = mount(component as never, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

async function fillCase(w: ReturnType<typeof mount>) {
  // Category through the picker's bound field is awkward in a DOM without layout: set the draft instead.
  await w.find('[data-test="title"] input').setValue('申请技改补贴');
  await w.find('[data-test="description"] textarea').setValue('我公司新上一条生产线，想了解技改补贴如何申报。');
}

beforeEach(() => {
  sessionStorage.clear();
  setCsrfToken('t');
});
afterEach(() => { vi.unstubAllGlobals(); document.body.innerHTML = ''; });

describe('submit a case (portal)', () => {
  it('explains every missing field in Chinese, next to the field', async () => {
    const calls = mockFetch(() => json(201, {}));
    const { w } = await mountWithRouter(CaseNewView);
    await w.find('form').trigger('submit');
    await flushPromises();
    const text = w.text();
    expect(text).toContain('请选择诉求类别');
    expect(text).toContain('请填写标题');
    expect(text).toContain('请描述具体情况');
    expect(calls).toHaveLength(0);
    w.unmount();
  });

  it('on a lost connection shows the retry message and keeps what was typed', async () => {
    sessionStorage.setItem('hl.draft.case', JSON.stringify({ category: 'policy', title: '', description: '' }));
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const { w } = await mountWithRouter(CaseNewView);
    await fillCase(w);
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.find('[data-test="error"]').text()).toContain(NETWORK_MESSAGE);
    expect((w.find('[data-test="title"] input').element as HTMLInputElement).value).toBe('申请技改补贴');
    expect((w.find('[data-test="description"] textarea').element as HTMLTextAreaElement).value).toContain('技改补贴如何申报');
    // …and a retry sends the same Idempotency-Key, so nothing is created twice.
    const calls = mockFetch(() => json(503, errBody('unavailable', '服务暂不可用')));
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.find('[data-test="error"]').text()).toContain('请稍后重试');
    expect(calls[0].headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    const first = calls[0].headers['idempotency-key'];
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(calls[1].headers['idempotency-key']).toBe(first);
    expect((w.find('[data-test="title"] input').element as HTMLInputElement).value).toBe('申请技改补贴');
    w.unmount();
  });

  it("puts the server's field messages next to the fields", async () => {
    sessionStorage.setItem('hl.draft.case', JSON.stringify({ category: 'policy', title: '', description: '' }));
    const calls = mockFetch(() => json(422, errBody('validation_failed', '填写的内容有误', { title: '标题含有不允许的字符' })));
    const { w } = await mountWithRouter(CaseNewView);
    await fillCase(w);
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(calls[0].body).toMatchObject({ category: 'policy', title: '申请技改补贴', channel: 'portal' });
    expect(calls[0].headers['x-csrf-token']).toBe('t');
    expect(w.find('[data-test="title"]').text()).toContain('标题含有不允许的字符');
    expect(w.find('[data-test="error"]').text()).toContain('填写的内容有误');
    w.unmount();
  });
});

describe('login (desk)', () => {
  it('shows invalid_credentials and keeps the login', async () => {
    mockFetch(() => json(401, errBody('invalid_credentials', '账号或密码不正确')));
    const { w } = await mountWithRouter(DeskLogin);
    await w.find('input[data-test="login"], [data-test="login"] input').setValue('commissioner-demo');
    await w.find('input[data-test="password"], [data-test="password"] input').setValue('wrong');
    await w.find('form').trigger('submit');
    await flushPromises();
    expect(w.text()).toContain('账号或密码不正确');
    expect((w.find('input[data-test="login"], [data-test="login"] input').element as HTMLInputElement).value).toBe('commissioner-demo');
    w.unmount();
  });
});
