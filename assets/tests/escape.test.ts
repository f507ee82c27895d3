import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import CaseTimeline from '@/shared/components/CaseTimeline.vue';
import CaseCell from '@/portal/components/CaseCell.vue';
import DeskCaseDetail from '@/desk/views/CaseDetailView.vue';
import { useSession } from '@/stores/session';
import type { TimelineEntry } from '@/api/types';
import { HOSTILE, aCase, json, mockFetch, user } from './helpers';

afterEach(() => { vi.unstubAllGlobals(); document.body.innerHTML = ''; delete (window as unknown as Record<string, unknown>).__pwned; });

function expectInert(html: string, root: Element) {
  expect(root.querySelector('script')).toBeNull();
  expect(root.querySelector('img[src="x"]')).toBeNull();
  expect(root.querySelector('b')).toBeNull();
  expect(html).not.toContain('<script>');
  expect(root.textContent).toContain('<script>window.__pwned=1</script>');
  expect((window as unknown as Record<string, unknown>).__pwned).toBeUndefined();
}

describe('hostile text shows as text, never markup', () => {
  it('timeline notes and names', () => {
    const entries: TimelineEntry[] = [
      { id: 1, at: '2026-11-20T10:00:00+08:00', actor: { id: 1, name: HOSTILE, role: 'commissioner' }, kind: 'note', internal: false, body: HOSTILE, action: null, from_status: null, to_status: null },
    ];
    const w = mount(CaseTimeline, { props: { entries } });
    expectInert(w.html(), w.element as Element);
  });

  it('case titles in lists', () => {
    setActivePinia(createPinia());
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] });
    const w = mount(CaseCell, { props: { item: aCase({ title: HOSTILE }) }, global: { plugins: [router] } });
    expectInert(w.html(), w.element as Element);
  });

  it('a whole case page, every user field hostile and very long', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const s = useSession();
    s.user = user('commissioner');
    s.loaded = true;
    const long = '很长的文字'.repeat(2000);
    const c = aCase({ title: HOSTILE + long, description: HOSTILE, enterprise_name: HOSTILE, chain_name: HOSTILE, resolution: HOSTILE,
      attachments: [{ id: 5, file_name: HOSTILE, content_type: 'text/plain', size_bytes: 10, uploaded_at: '2026-11-20T10:00:00+08:00' }],
      timeline: [{ id: 1, at: '2026-11-20T10:00:00+08:00', actor: { id: 1, name: HOSTILE }, kind: 'transition', action: 'accept', from_status: 'submitted', to_status: 'accepted', internal: false, body: HOSTILE }] });
    mockFetch(() => json(200, c));
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/cases/:id', component: DeskCaseDetail }, { path: '/:p(.*)*', component: { render: () => null } }] });
    await router.push('/cases/42');
    const w = mount(DeskCaseDetail, { global: { plugins: [pinia, router] }, attachTo: document.body });
    await flushPromises();
    expectInert(w.html(), w.element as Element);
    expect(w.find('[data-test="case-title"]').classes()).toContain('hl-text'); // wraps instead of overflowing
    w.unmount();
  });
});

describe('no v-html', () => {
  // The one exception: ServerHtml.vue shows HTML the server rendered from
  // Markdown (cmark-gfm, raw HTML suppressed).  Every other file interpolates.
  const ALLOWED = path.join('shared', 'components', 'ServerHtml.vue');
  const MARKUP = /v-html|innerHTML\s*=|insertAdjacentHTML|outerHTML\s*=|createContextualFragment|document\.write/;

  it('appears nowhere in src/ except ServerHtml.vue', () => {
    const root = path.resolve(__dirname, '../src');
    const offenders: string[] = [];
    const users: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(vue|ts|tsx|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
          const t = fs.readFileSync(p, 'utf8');
          const rel = path.relative(root, p);
          if (rel === ALLOWED) { if (/v-html/.test(t)) users.push(rel); }
          else if (MARKUP.test(t)) offenders.push(rel);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
    expect(users).toEqual([ALLOWED]);
  });

  it('ServerHtml.vue binds v-html once, to its html prop, and nothing else', () => {
    const t = fs.readFileSync(path.resolve(__dirname, '../src', ALLOWED), 'utf8');
    expect(t.match(/v-html/g)).toHaveLength(1);
    expect(t).toMatch(/v-html="html"/);
    expect(t).not.toMatch(/innerHTML|insertAdjacentHTML|outerHTML/);
  });
});
