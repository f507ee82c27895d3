// The portal's 政策匹配 and 政策简报 pages against scripted answers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import PoliciesView from '@/portal/views/PoliciesView.vue';
import BulletinsView from '@/portal/views/BulletinsView.vue';
import BulletinDetailView from '@/portal/views/BulletinDetailView.vue';
import ServerHtml from '@/shared/components/ServerHtml.vue';
import { useSession } from '@/stores/session';
import { resetChains } from '@/shared/chains';
import type { PolicyMatch } from '@/api/types';
import { HOSTILE, json, mockFetch, user } from './helpers';

const CHAINS = { items: [{ code: 'auto-parts', name: '汽车部件产业链' }, { code: 'new-materials', name: '新材料产业链' }], next_cursor: null };

function match(id: number, extra: Partial<PolicyMatch>): PolicyMatch {
  return { id, title: `政策${id}`, issuer: '淄博市工业和信息化局', ref_number: null, effective_on: '2026-01-01', expires_on: '2027-12-31', apply_from: null, apply_until: null,
    chain_codes: [], benefit_summary: '', qualifies: true, matched: [], missing: [], excluded: [], closing_soon: false, days_left: null, application_open: true, ...extra };
}

async function mountAt(component: unknown, path: string, pattern = path, chains = ['auto-parts']) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const s = useSession();
  s.user = user('enterprise', { chain_codes: chains });
  s.loaded = true;
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: pattern, component: component as never }, { path: '/:p(.*)*', component: { render: () => null } }] });
  await router.push(path);
  await router.isReady();
  const w = mount(component as never, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

beforeEach(() => resetChains());
afterEach(() => { vi.unstubAllGlobals(); document.body.innerHTML = ''; });

describe('政策匹配', () => {
  it('lists qualifying policies first, explains each in Chinese and highlights closing windows', async () => {
    const items = [
      match(1, { qualifies: false, title: '科技型中小企业研发后补助', missing: ['tag:科技型中小企业', 'district:博山区|沂源县'], matched: ['size:medium'] }),
      match(2, { title: '技改奖补', matched: ['chain:auto-parts', 'size:medium', 'key_enterprise', 'tag:专精特新'], apply_until: '2026-11-25', closing_soon: true, days_left: 3 }),
      match(3, { qualifies: false, title: HOSTILE, excluded: ['tag:上市企业'], matched: ['chain:hydrogen'] }),
      match(4, { title: '链主配套奖励', matched: ['chain:new-materials', 'industry:化工'] }),
      match(5, { qualifies: false, title: '储能产业链技改奖补', missing: ['chain:energy-storage|new-materials'] }),
    ];
    const calls = mockFetch((url) => (url.startsWith('/api/v1/chains') ? json(200, CHAINS)
      : json(200, { enterprise: { id: 3, name: '淄博华晟汽车零部件有限公司', chain_codes: ['auto-parts'], district: '张店区', size_class: 'medium', tags: ['专精特新'], key_enterprise: true }, today: '2026-11-22', window_days: 14, items, next_cursor: null })));
    const w = await mountAt(PoliciesView, '/policies');
    expect(calls.map((c) => c.url)).toContain('/api/v1/enterprises/3/policies?window_days=14');
    const cards = w.findAll('[data-test="policy-card"]');
    expect(cards.map((c) => c.find('[data-test="qualifies"]').text())).toEqual(['符合条件', '符合条件', '暂不符合', '暂不符合']);
    expect(cards[0].find('h2').text()).toBe('技改奖补');
    expect(cards[0].find('[data-test="closing"]').text()).toContain('申报窗口还剩 3 天');
    expect(cards[0].classes()).toContain('p-policy--closing');
    expect(cards[0].find('[data-test="matched"]').text()).toBe('符合✓ 产业链：汽车部件产业链✓ 企业规模：中型✓ 重点企业✓ 标签：专精特新');
    expect(cards[1].find('[data-test="matched"]').text()).toContain('产业链：新材料产业链');
    expect(cards[1].find('[data-test="matched"]').text()).toContain('industry:化工'); // unknown reason: as it came
    expect(cards[1].find('[data-test="closing"]').exists()).toBe(false);
    expect(cards[2].find('[data-test="missing"]').text()).toBe('还差✗ 标签：科技型中小企业✗ 区县（任一）：博山区、沂源县');
    expect(cards[3].find('[data-test="excluded"]').text()).toBe('不适用⊘ 标签：上市企业');
    expect(cards[3].find('[data-test="matched"]').text()).toContain('产业链：hydrogen');
    expect(cards[3].find('h2').text()).toBe(HOSTILE);
    expect((w.element as Element).querySelector('img[src="x"]')).toBeNull();
    expect(w.find('[data-test="match-summary"]').text()).toContain('符合条件 2 项，其中 1 项 14 天内截止申报；暂不符合 3 项');
    // Policies of other chains only: folded until asked for.
    expect(w.text()).toContain('其他产业链的政策（1）');
    await w.find('[data-test="show-elsewhere"]').trigger('click');
    const all = w.findAll('[data-test="policy-card"]');
    expect(all).toHaveLength(5);
    expect(all[4].find('[data-test="missing"]').text()).toBe('还差✗ 产业链（任一）：energy-storage、新材料产业链');
    w.unmount();
  });
});

describe('政策简报', () => {
  const summary = (id: number, chain_codes: string[], title = `简报${id}`) => ({ id, title, chain_codes, status: 'published', published_at: '2026-11-16T10:00:00+08:00', public_path: `/bulletins/${id}`, author: null, created_at: '2026-11-16T10:00:00+08:00', can_edit: false, excerpt: `摘要${id}` });

  it("one chain: asks the server for that chain's and citywide bulletins", async () => {
    const calls = mockFetch((url) => (url.startsWith('/api/v1/chains') ? json(200, CHAINS) : json(200, { items: [summary(2, ['auto-parts']), summary(1, [])], next_cursor: null })));
    const w = await mountAt(BulletinsView, '/bulletins');
    expect(calls.find((c) => c.url.startsWith('/api/v1/bulletins'))!.url).toBe('/api/v1/bulletins?status=published&limit=20&chain=auto-parts');
    const cells = w.findAll('[data-test="bulletin-cell"]');
    expect(cells.map((c) => c.find('h2').text())).toEqual(['简报2', '简报1']);
    expect(cells[0].text()).toContain('汽车部件产业链');
    expect(cells[1].text()).toContain('全市');
    expect(cells[0].attributes('href')).toBe('/bulletins/2');
    w.unmount();
  });

  it('several chains: keeps its chains and citywide ones, reading on past pages with none', async () => {
    const calls = mockFetch((url) => {
      if (url.startsWith('/api/v1/chains')) return json(200, CHAINS);
      if (!url.includes('cursor=')) return json(200, { items: [summary(9, ['hydrogen']), summary(8, ['energy-storage'])], next_cursor: '8' });
      return json(200, { items: [summary(7, ['new-materials', 'hydrogen']), summary(6, ['hydrogen']), summary(5, [])], next_cursor: null });
    });
    const w = await mountAt(BulletinsView, '/bulletins', '/bulletins', ['auto-parts', 'new-materials']);
    expect(calls.filter((c) => c.url.startsWith('/api/v1/bulletins')).map((c) => c.url)).toEqual([
      '/api/v1/bulletins?status=published&limit=50', '/api/v1/bulletins?status=published&limit=50&cursor=8']);
    expect(w.findAll('[data-test="bulletin-cell"] h2').map((h) => h.text())).toEqual(['简报7', '简报5']);
    expect(w.find('[data-test="more"]').exists()).toBe(false);
    w.unmount();
  });

  it('shows the body the server rendered, and the public page to forward', async () => {
    mockFetch((url) => (url.startsWith('/api/v1/chains') ? json(200, CHAINS)
      : json(200, { ...summary(2, ['auto-parts'], HOSTILE), body_md: '## 要点', body_html: '<h2>要点</h2>\n<table><thead><tr><th>政策</th></tr></thead><tbody><tr><td>技改</td></tr></tbody></table>\n' })));
    const w = await mountAt(BulletinDetailView, '/bulletins/2', '/bulletins/:id');
    expect(w.find('[data-test="bulletin-title"]').text()).toBe(HOSTILE); // the title is text
    expect((w.element as Element).querySelector('img[src="x"]')).toBeNull();
    expect(w.find('[data-test="server-html"] h2').text()).toBe('要点'); // the body is markup
    expect(w.find('[data-test="server-html"] td').text()).toBe('技改');
    expect(w.find('[data-test="public-link"]').attributes('href')).toBe('/bulletins/2');
    w.unmount();
  });
});

describe('ServerHtml', () => {
  it('inserts the HTML it is given, in one wrapper', () => {
    const w = mount(ServerHtml, { props: { html: '<p><strong>加粗</strong> 与 <a href="https://example.org/">链接</a></p>' } });
    expect(w.find('strong').text()).toBe('加粗');
    expect(w.find('a').attributes('href')).toBe('https://example.org/');
    expect(w.classes()).toContain('hl-server-html');
  });
});
