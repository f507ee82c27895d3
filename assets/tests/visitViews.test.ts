// The desk's visit form, coverage grid and exports against a scripted server.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { RouterView, createMemoryHistory, createRouter } from 'vue-router';
import { h } from 'vue';
import VisitNewView from '@/desk/views/VisitNewView.vue';
import CoverageView from '@/desk/views/CoverageView.vue';
import { NETWORK_MESSAGE, download, setCsrfToken } from '@/api/client';
import { useSession } from '@/stores/session';
import { resetChains } from '@/shared/chains';
import { beijingToday, newProblem, type VisitDraft } from '@/shared/visits';
import type { Coverage, Visit } from '@/api/visits';
import { HOSTILE, errBody, json, mockFetch, user } from './helpers';

const ENTS = { items: [{ id: 1, name: '淄博华晟汽车零部件有限公司', district: '张店区', chain_names: ['汽车部件'] }], next_cursor: null };
const CHAINS = { items: [{ code: 'auto-parts', name: '汽车部件' }], next_cursor: null };

function visit(extra: Partial<Visit> = {}): Visit {
  return {
    id: 9, enterprise: { id: 1, name: '淄博华晟汽车零部件有限公司' }, chain: { code: 'auto-parts', name: '汽车部件' }, visited_on: beijingToday(),
    levels: ['industry', 'talent'], findings: { industry: '配套不足' }, summary: null, visitors: [{ user_id: 7, name: '测试用户' }],
    recorded_by: { id: 7, name: '测试用户' }, n_cases: 1, created_at: '2026-12-06T08:14:34+08:00', updated_at: '2026-12-06T08:14:34+08:00',
    cases: [{ id: 31, number: 'HL-2026-000031', status: 'submitted', title: '缺流动资金', category: 'financing', overdue: false }], can_edit: true, ...extra,
  };
}

const roots: Array<ReturnType<typeof mount>> = [];

async function mountAt(component: unknown, path: string, role: 'commissioner' | 'committee' = 'commissioner') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const s = useSession();
  s.user = user(role, { id: 7, chain_codes: role === 'committee' ? ['auto-parts'] : [] });
  s.loaded = true;
  const router = createRouter({ history: createMemoryHistory(), routes: [
    { path: '/visits/new', component: component as never },
    { path: '/coverage', component: component as never },
    { path: '/visits/:id', name: 'visit', component: { render: () => null } },
    { path: '/:p(.*)*', component: { render: () => null } },
  ] });
  await router.push(path);
  await router.isReady();
  // Under a router-view, as in the app (the form's leave guard needs its route record).
  const root = mount({ render: () => h(RouterView) }, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await flushPromises();
  roots.push(root);
  const w = root.findComponent(component as never) as unknown as ReturnType<typeof mount>;
  return { w, router, root };
}

async function settle() {
  await flushPromises();
  await new Promise((r) => setTimeout(r, 150)); // Element Plus shows form-item errors after a tick
  await flushPromises();
}

type Setup = { draft: VisitDraft };
const setup = (w: ReturnType<typeof mount>) => (w.vm as unknown as { $: { setupState: Setup } }).$.setupState;

function fill(w: ReturnType<typeof mount>) {
  const d = setup(w).draft;
  d.enterprise_id = 1;
  d.levels = ['talent', 'industry'];
  d.findings = { industry: '上下游配套不足。', talent: '高级技工缺口较大。' };
  d.problems = [{ ...newProblem(), category: 'financing', title: '技改项目缺少流动资金', description: '需要500万元流动资金贷款。' }];
}

beforeEach(() => {
  sessionStorage.clear();
  setCsrfToken('t');
  resetChains();
});
afterEach(() => {
  for (const r of roots.splice(0)) r.unmount();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('visit form (desk, phone-friendly)', () => {
  it('checks before sending: enterprise, levels, a date in the future', async () => {
    const calls = mockFetch((url) => (url.startsWith('/api/v1/enterprises') ? json(200, ENTS) : json(500, {})));
    const { w } = await mountAt(VisitNewView, '/visits/new');
    setup(w).draft.visited_on = '2999-01-01';
    await w.find('[data-test="submit"]').trigger('click');
    await settle();
    const text = w.text();
    expect(text).toContain('请选择走访的企业');
    expect(text).toContain('请至少选择一个调研层面');
    expect(text).toContain('走访日期不能晚于今天');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('a problem without a title is named next to its field', async () => {
    mockFetch((url) => (url.startsWith('/api/v1/enterprises') ? json(200, ENTS) : json(500, {})));
    const { w } = await mountAt(VisitNewView, '/visits/new');
    fill(w);
    setup(w).draft.problems[0].title = ' ';
    await flushPromises();
    await w.find('[data-test="submit"]').trigger('click');
    await settle();
    expect(w.find('[data-test="problem-title"]').text()).toContain('请填写问题标题');
  });

  it('sends one body with an Idempotency-Key and shows the visit with its case numbers', async () => {
    const calls = mockFetch((url, init) => {
      if (url.startsWith('/api/v1/enterprises')) return json(200, ENTS);
      if (url === '/api/v1/visits' && init.method === 'POST') return json(201, visit());
      return json(404, errBody('not_found', '不存在'));
    });
    const { w, router } = await mountAt(VisitNewView, '/visits/new');
    fill(w);
    await flushPromises();
    // A double tap: one request.
    await w.find('[data-test="submit"]').trigger('click');
    await w.find('[data-test="submit"]').trigger('click');
    await settle();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(posts[0].headers['x-csrf-token']).toBe('t');
    expect(posts[0].body).toEqual({
      enterprise_id: 1, visited_on: beijingToday(), levels: ['industry', 'talent'],
      findings: { industry: '上下游配套不足。', talent: '高级技工缺口较大。' }, visitors: [{ user_id: 7 }],
      problems: [{ category: 'financing', title: '技改项目缺少流动资金', description: '需要500万元流动资金贷款。' }],
    });
    expect(router.currentRoute.value.fullPath).toBe('/visits/9?created=1');
  });

  it('a lost connection keeps the form, and the retry reuses the key', async () => {
    let n = 0;
    const calls = mockFetch((url) => {
      if (url.startsWith('/api/v1/enterprises')) return json(200, ENTS);
      n++;
      if (n === 1) return Promise.reject(new TypeError('Failed to fetch')) as never;
      return json(503, errBody('unavailable', '服务暂不可用'));
    });
    const { w } = await mountAt(VisitNewView, '/visits/new');
    fill(w);
    await flushPromises();
    await w.find('[data-test="submit"]').trigger('click');
    await settle();
    expect(w.find('[data-test="error"]').text()).toContain(NETWORK_MESSAGE);
    await w.find('[data-test="submit"]').trigger('click');
    await settle();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1].headers['idempotency-key']).toBe(posts[0].headers['idempotency-key']);
    expect(setup(w).draft.problems[0].title).toBe('技改项目缺少流动资金');
  });

  it("puts the server's field messages next to the fields", async () => {
    mockFetch((url) => (url.startsWith('/api/v1/enterprises')
      ? json(200, ENTS)
      : json(422, errBody('validation_failed', '填写的内容有误', { visited_on: '走访日期不能晚于今天（2026-12-06）', 'problems[0].title': '标题不能超过 100 个字' }))));
    const { w } = await mountAt(VisitNewView, '/visits/new');
    fill(w);
    await flushPromises();
    await w.find('[data-test="submit"]').trigger('click');
    await settle();
    expect(w.find('[data-test="f-date"]').text()).toContain('走访日期不能晚于今天（2026-12-06）');
    expect(w.find('[data-test="problem-title"]').text()).toContain('标题不能超过 100 个字');
    expect(w.find('[data-test="error"]').text()).toContain('填写的内容有误');
  });

  it('a commissioner without enterprises is told what to do', async () => {
    mockFetch(() => json(200, { items: [], next_cursor: null }));
    const { w } = await mountAt(VisitNewView, '/visits/new');
    expect(w.find('[data-test="no-enterprises"]').text()).toContain('请联系管理员');
    expect(w.find('[data-test="submit"]').exists()).toBe(false);
  });
});

describe('coverage grid', () => {
  const cov = (): Coverage => ({
    today: '2026-12-06', chain: { code: 'auto-parts', name: '汽车部件' }, commissioner: null, stale_days: null,
    levels: ['industry', 'enterprise', 'project', 'technology', 'talent'],
    items: [{
      enterprise: { id: 1, name: HOSTILE, credit_code: '91370303MA01XBBR99', district: '张店区', key_enterprise: true },
      visits: 3, last_visited_on: '2026-12-06', stale_levels: [],
      levels: {
        industry: { last_visited_on: '2026-12-06', days_since: 0, stale: false },
        enterprise: { last_visited_on: '2026-11-24', days_since: 12, stale: false },
        project: { last_visited_on: '2026-10-06', days_since: 61, stale: false },
        technology: { last_visited_on: '2026-08-08', days_since: 120, stale: false },
        talent: { last_visited_on: null, days_since: null, stale: false },
      },
    }],
  });

  it('shows each level as a date and words, coloured by recency; committee defaults to its chain', async () => {
    const calls = mockFetch((url) => (url.startsWith('/api/v1/chains') ? json(200, CHAINS) : json(200, cov())));
    const { w } = await mountAt(CoverageView, '/coverage', 'committee');
    expect(calls.find((c) => c.url.startsWith('/api/v1/coverage'))?.url).toBe('/api/v1/coverage?chain=auto-parts');
    const cell = (l: string) => w.find(`[data-test="cell-${l}"]`);
    expect(cell('industry').text()).toContain('2026-12-06');
    expect(cell('industry').text()).toContain('今天');
    expect(cell('industry').classes()).toContain('hl-recency--fresh');
    expect(cell('enterprise').text()).toContain('12天前');
    expect(cell('project').classes()).toContain('hl-recency--aging');
    expect(cell('project').text()).toContain('临近超期');
    expect(cell('technology').text()).toContain('超期 · 120天前');
    expect(cell('technology').classes()).toContain('hl-recency--stale');
    expect(cell('talent').text()).toContain('从未走访');
    expect(cell('talent').classes()).toContain('hl-recency--never');
    // Hostile names stay text.
    expect(w.find('[data-test="coverage-table"] script').exists()).toBe(false);
    expect(w.find('[data-test="cov-enterprise"]').text()).toContain('<script>');
  });

  it('"only stale" asks the server with stale_days', async () => {
    const calls = mockFetch((url) => (url.startsWith('/api/v1/chains') ? json(200, CHAINS) : json(200, { ...cov(), items: [] })));
    const { w } = await mountAt(CoverageView, '/coverage?stale_days=30&only_stale=true', 'committee');
    expect(calls.filter((c) => c.url.startsWith('/api/v1/coverage')).pop()?.url).toBe('/api/v1/coverage?chain=auto-parts&stale_days=30');
    expect(w.text()).toContain('30 天内走访过');
  });
});

describe('exports', () => {
  it('report progress and hand back the file', async () => {
    const bytes = new TextEncoder().encode('走访编号,走访日期\n1,2026-12-04\n');
    mockFetch(() => new Response(bytes, { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': String(bytes.length) } }));
    const seen: Array<[number, number | null]> = [];
    const blob = await download('/visits.csv', { chain: 'auto-parts' }, (p) => seen.push([p.loaded, p.total]));
    expect(blob.size).toBe(bytes.length);
    expect(seen[0]).toEqual([0, bytes.length]);
    expect(seen[seen.length - 1]).toEqual([bytes.length, bytes.length]);
  });

  it("keep the server's message (too many rows)", async () => {
    mockFetch(() => json(422, errBody('too_many_rows', '符合条件的走访记录超过 10000 条，请缩小筛选范围后再导出')));
    await expect(download('/visits.xlsx')).rejects.toMatchObject({ status: 422, code: 'too_many_rows', message: expect.stringContaining('缩小筛选范围') });
  });
});
