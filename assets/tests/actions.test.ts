import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { actionButtons, allowedActions, guessAllowed } from '@/shared/actions';
import { useSession } from '@/stores/session';
import { setCsrfToken } from '@/api/client';
import DeskCaseDetail from '@/desk/views/CaseDetailView.vue';
import PortalCaseDetail from '@/portal/views/CaseDetailView.vue';
import type { Case, CaseAction, User } from '@/api/types';
import { aCase, json, mockFetch, user } from './helpers';

describe('transition buttons from allowed_actions', () => {
  it('shows exactly the allowed actions, in a fixed order', () => {
    expect(actionButtons(['reject', 'accept']).map((b) => b.action)).toEqual(['accept', 'reject']);
    expect(actionButtons(['escalate', 'assign', 'bogus']).map((b) => [b.action, b.label])).toEqual([['assign', '交办'], ['escalate', '列为书记突破项目']]);
    expect(actionButtons([])).toEqual([]);
  });
  it('says what each action needs', () => {
    const need = Object.fromEntries(actionButtons(['accept', 'reject', 'assign', 'start', 'resolve', 'confirm', 'reopen']).map((b) => [b.action, b.need]));
    expect(need).toEqual({ accept: 'note', reject: 'reason', assign: 'assignee', start: 'none', resolve: 'resolution', confirm: 'rating', reopen: 'note' });
  });
  it('trusts the server list, even empty, and guesses only when it is missing', () => {
    expect(allowedActions({ status: 'submitted', escalated: false, allowed_actions: [] }, 'commissioner')).toEqual([]);
    expect(allowedActions({ status: 'submitted', escalated: false } as Case, 'commissioner')).toEqual(['accept', 'reject', 'escalate']);
    expect(guessAllowed({ status: 'resolved', escalated: false }, 'enterprise')).toEqual(['confirm', 'reopen']);
    expect(guessAllowed({ status: 'in_progress', escalated: false }, 'responder')).toEqual(['resolve']);
  });
});

async function mountCase(component: unknown, who: User, c: Case, routePath: string) {
  setActivePinia(createPinia());
  const pinia = createPinia();
  setActivePinia(pinia);
  const session = useSession();
  session.user = who;
  session.loaded = true;
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/cases/:id', component: component as never }, { path: '/:p(.*)*', component: { render: () => null } }] });
  mockFetch((url) => {
    if (url.startsWith(`/api/v1/cases/${c.id}`)) return json(200, c);
    return json(404, { error: { code: 'not_found', message: '不存在', request_id: 'r' } });
  });
  await router.push(routePath);
  await router.isReady();
  const w = mount(component as never, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

describe('case detail shows only the transitions allowed now', () => {
  beforeEach(() => setCsrfToken('t'));
  afterEach(() => { vi.unstubAllGlobals(); document.body.innerHTML = ''; });

  const cases: [CaseAction[], string[]][] = [
    [['accept', 'reject', 'escalate'], ['action-accept', 'action-reject', 'action-escalate']],
    [['start'], ['action-start']],
    [[], []],
  ];
  for (const [allowed, expected] of cases) {
    it(`desk: allowed_actions ${JSON.stringify(allowed)}`, async () => {
      const w = await mountCase(DeskCaseDetail, user('commissioner'), aCase({ allowed_actions: allowed }), '/cases/42');
      const shown = w.findAll('[data-test^="action-"]').map((b) => b.attributes('data-test'));
      expect(shown.sort()).toEqual([...expected].sort());
      if (!allowed.length) expect(w.text()).toContain('当前状态下您没有可执行的办理操作');
      w.unmount();
    });
  }

  it('portal: confirm-and-rate and reopen only when allowed', async () => {
    let w = await mountCase(PortalCaseDetail, user('enterprise'), aCase({ status: 'resolved', allowed_actions: ['confirm', 'reopen'] }), '/cases/42');
    expect(w.find('[data-test="rate-block"]').exists()).toBe(true);
    expect(w.find('[data-test="confirm"]').exists()).toBe(true);
    expect(w.find('[data-test="reopen-open"]').exists()).toBe(true);
    w.unmount();
    w = await mountCase(PortalCaseDetail, user('enterprise'), aCase({ status: 'in_progress', allowed_actions: [] }), '/cases/42');
    expect(w.find('[data-test="rate-block"]').exists()).toBe(false);
    expect(w.find('[data-test="confirm"]').exists()).toBe(false);
    w.unmount();
  });
});
