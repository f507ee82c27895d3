import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { setCsrfToken } from '@/api/client';
import { MARKDOWN_MAX_BYTES, PREVIEW_DELAY_MS, useMarkdownPreview } from '@/shared/markdownPreview';
import MarkdownEditor from '@/desk/components/MarkdownEditor.vue';
import { errBody, json, mockFetch } from './helpers';

beforeEach(() => {
  vi.useFakeTimers();
  setCsrfToken('t');
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const render = (md: string) => `<p>${md}</p>\n`;

function setup(initial = '') {
  const source = ref(initial);
  const scope = effectScope();
  const preview = scope.run(() => useMarkdownPreview(source))!;
  return { source, preview, scope };
}

/** Type text one character at a time, `gap` ms apart. */
async function typeInto(source: { value: string }, text: string, gap = 100) {
  for (const ch of text) {
    source.value += ch;
    await nextTick();
    await vi.advanceTimersByTimeAsync(gap);
  }
}

describe('live preview (debounced)', () => {
  it('calls the API once per pause in typing, with what was typed', async () => {
    const calls = mockFetch((_url, init) => json(200, { html: render(JSON.parse(String(init.body)).body_md) }));
    const { source, preview, scope } = setup();
    await typeInto(source, '# 标题', 100); // 4 keystrokes, 100 ms apart: never a 300 ms pause
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/v1/markdown/preview');
    expect(calls[0].method).toBe('POST');
    expect(calls[0].headers['x-csrf-token']).toBe('t');
    expect(calls[0].body).toEqual({ body_md: '# 标题' });
    expect(preview.html.value).toBe(render('# 标题'));

    await typeInto(source, '和正文', 250);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    expect(calls[1].body).toEqual({ body_md: '# 标题和正文' });
    // Nothing changed: no further request.
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(2);
    scope.stop();
  });

  it('never lets an older answer replace a newer one', async () => {
    const pending: Array<(r: Response) => void> = [];
    const calls = mockFetch(() => new Promise<Response>((resolve) => pending.push(resolve)));
    const { source, preview, scope } = setup();
    source.value = '第一版';
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    source.value = '第二版';
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(calls).toHaveLength(2);
    pending[1](json(200, { html: render('第二版') }));
    await flushPromises();
    pending[0](json(200, { html: render('第一版') }));
    await flushPromises();
    expect(preview.html.value).toBe(render('第二版'));
    expect(preview.busy.value).toBe(false);
    scope.stop();
  });

  it('refuses an over-long source without sending it, naming the field', async () => {
    const calls = mockFetch(() => json(200, { html: '' }));
    const { source, preview, scope } = setup();
    source.value = '字'.repeat(Math.ceil(MARKDOWN_MAX_BYTES / 3) + 1); // 3 bytes each in UTF-8
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(calls).toHaveLength(0);
    expect(preview.error.value?.status).toBe(413);
    expect(preview.error.value?.field('body_md')).toContain(`${MARKDOWN_MAX_BYTES}`);
    scope.stop();
  });

  it("shows the server's 413 and clears it once the text is accepted", async () => {
    let n = 0;
    mockFetch(() => (++n === 1 ? json(413, errBody('payload_too_large', 'Markdown 内容不能超过 65536 字节', { body_md: '不能超过 65536 字节' })) : json(200, { html: '<p>ok</p>' })));
    const { source, preview, scope } = setup();
    source.value = 'x';
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(preview.error.value?.message).toBe('Markdown 内容不能超过 65536 字节');
    source.value = 'y';
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(preview.error.value).toBeNull();
    expect(preview.html.value).toBe('<p>ok</p>');
    scope.stop();
  });

  it('asks nothing for an empty source or for what the server already rendered', async () => {
    const calls = mockFetch(() => json(200, { html: '<p>x</p>' }));
    const { source, preview, scope } = setup();
    source.value = '   ';
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(calls).toHaveLength(0);
    preview.prime('已保存的正文', '<p>已保存的正文</p>');
    source.value = '已保存的正文';
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(calls).toHaveLength(0);
    expect(preview.html.value).toBe('<p>已保存的正文</p>');
    scope.stop();
  });

  it('stops when the editor goes away', async () => {
    const calls = mockFetch(() => json(200, { html: '' }));
    const { source, scope } = setup();
    source.value = '离开前输入';
    scope.stop();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS * 2);
    expect(calls).toHaveLength(0);
  });
});

describe('MarkdownEditor', () => {
  it('shows the rendered preview through ServerHtml after a pause, one request for a burst of typing', async () => {
    const calls = mockFetch((_url, init) => json(200, { html: `<h2>${JSON.parse(String(init.body)).body_md.replace(/^## /, '')}</h2>\n` }));
    const w = mount(MarkdownEditor, { props: { modelValue: '', 'onUpdate:modelValue': (v: string) => w.setProps({ modelValue: v }) }, attachTo: document.body });
    const ta = w.find('textarea[data-test="md-source"], [data-test="md-source"] textarea');
    for (const v of ['#', '##', '## ', '## 要', '## 要点']) {
      await ta.setValue(v);
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    await flushPromises();
    expect(calls).toHaveLength(1);
    expect(w.find('[data-test="server-html"] h2').text()).toBe('要点');
    expect(w.find('[data-test="md-bytes"]').text()).toContain('9 / 65,536 字节');
    w.unmount();
  });
});
