import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import DeskLogin from '@/desk/views/LoginView.vue';
import PortalLogin from '@/portal/views/LoginView.vue';
import { checkLogin, safeRedirect } from '@/shared/login';
import { setCsrfToken } from '@/api/client';
import { json, mockFetch, user } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('safeRedirect', () => {
  it('keeps paths on this surface', () => {
    expect(safeRedirect('/cases/12')).toBe('/cases/12');
    expect(safeRedirect('/cases?status=accepted')).toBe('/cases?status=accepted');
  });
  it('refuses other sites, the login page and non-strings', () => {
    for (const r of ['//evil.example/x', '/\\evil.example', 'https://evil.example', 'cases', '/login', '/login?redirect=/x', '', undefined, ['/cases']]) {
      expect(safeRedirect(r)).toBeNull();
    }
  });
});

describe('checkLogin', () => {
  it('names each empty field', () => {
    expect(checkLogin({ login: ' ', password: '' })).toEqual({ login: '请输入账号', password: '请输入密码' });
    expect(checkLogin({ login: 'a', password: 'b' })).toEqual({});
  });
});

async function signIn(view: unknown, role: Parameters<typeof user>[0], at: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const calls = mockFetch(() => json(200, { user: user(role), csrf_token: 'c'.repeat(43) }));
  const assign = vi.fn();
  vi.stubGlobal('location', { ...window.location, assign });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/login', component: view as never }, { path: '/:p(.*)*', name: 'cases', component: { render: () => null } }, { path: '/escalated', name: 'escalated', component: { render: () => null } }] });
  await router.push(at);
  await router.isReady();
  const w = mount(view as never, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await w.find('input[data-test="login"], [data-test="login"] input').setValue(' someone ');
  await w.find('input[data-test="password"], [data-test="password"] input').setValue('Secret-1');
  await w.find('form').trigger('submit');
  await flushPromises();
  // Read before unmounting: the router forgets its route with its last app.
  const path = router.currentRoute.value.fullPath;
  w.unmount();
  return { calls, assign, path };
}

describe('the two login views share one flow', () => {
  for (const [name, view, own, other, otherHome] of [
    ['desk', DeskLogin, 'commissioner', 'enterprise', '/m/'],
    ['portal', PortalLogin, 'enterprise', 'commissioner', '/desk/'],
  ] as const) {
    it(`${name}: sends the trimmed login and follows a safe redirect`, async () => {
      const { calls, assign, path } = await signIn(view, own, '/login?redirect=/cases/12');
      expect(calls).toHaveLength(1);
      expect(calls[0].body).toEqual({ login: 'someone', password: 'Secret-1' });
      expect(assign).not.toHaveBeenCalled();
      expect(path).toBe('/cases/12');
    });
    it(`${name}: ignores an unsafe redirect`, async () => {
      const { path } = await signIn(view, own, '/login?redirect=//evil.example');
      expect(path).not.toContain('evil');
      expect(path).not.toContain('login');
    });
    it(`${name}: sends the other surface's users to their home`, async () => {
      const { assign } = await signIn(view, other, '/login');
      expect(assign).toHaveBeenCalledWith(otherHome);
    });
  }
  it('desk: a committee member starts on the escalated list', async () => {
    const { path } = await signIn(DeskLogin, 'committee', '/login');
    expect(path).toBe('/escalated');
  });
});
