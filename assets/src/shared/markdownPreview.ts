// Live preview of a Markdown source, rendered by the server (POST
// /api/v1/markdown/preview) exactly as saving and publishing will: one
// request per pause in typing (debounced), an older answer never replaces a
// newer one, and an over-long source is refused here before it is sent.
import { onScopeDispose, ref, watch, type WatchSource } from 'vue';
import { ApiError, toApiError } from '@/api/client';
import { markdownApi } from '@/api/endpoints';

/** The server's limit on a Markdown source (max_body_markdown, bytes). */
export const MARKDOWN_MAX_BYTES = 65536;
export const PREVIEW_DELAY_MS = 300;

const encoder = new TextEncoder();
export const utf8Bytes = (s: string): number => encoder.encode(s).length;

export function tooLongError(bytes: number, max = MARKDOWN_MAX_BYTES): ApiError {
  return new ApiError(413, 'payload_too_large', `Markdown 内容不能超过 ${max} 字节（现为 ${bytes} 字节），请删减后再试。`, { body_md: `不能超过 ${max} 字节` });
}

export interface PreviewOptions {
  delay?: number;
  maxBytes?: number;
}

export function useMarkdownPreview(source: WatchSource<string>, opts: PreviewOptions = {}) {
  const delay = opts.delay ?? PREVIEW_DELAY_MS;
  const maxBytes = opts.maxBytes ?? MARKDOWN_MAX_BYTES;
  const html = ref('');
  const error = ref<ApiError | null>(null);
  const busy = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: AbortController | null = null;
  let seq = 0;
  let rendered: string | null = null; // the source html shows

  function cancel() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    inflight?.abort();
    inflight = null;
  }

  async function render(md: string) {
    cancel();
    const my = ++seq;
    const bytes = utf8Bytes(md);
    if (bytes > maxBytes) {
      error.value = tooLongError(bytes, maxBytes);
      busy.value = false;
      return;
    }
    if (!md.trim()) {
      html.value = '';
      error.value = null;
      rendered = md;
      busy.value = false;
      return;
    }
    const ctrl = new AbortController();
    inflight = ctrl;
    busy.value = true;
    try {
      const out = await markdownApi.preview(md, ctrl.signal);
      if (my !== seq) return;
      html.value = out.html;
      error.value = null;
      rendered = md;
    } catch (e) {
      const err = toApiError(e);
      if (my !== seq || err.code === 'aborted') return;
      error.value = err;
    } finally {
      if (my === seq) {
        busy.value = false;
        inflight = null;
      }
    }
  }

  /** What the server already rendered for md (a loaded draft): shown without a request. */
  function prime(md: string, renderedHtml: string) {
    cancel();
    seq++;
    rendered = md;
    html.value = renderedHtml;
    error.value = null;
    busy.value = false;
  }

  watch(source, (md) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (md === rendered && !error.value) {
      // Back to what shows (typed, then undone): drop any answer on its way.
      cancel();
      seq++;
      busy.value = false;
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      void render(md);
    }, delay);
  });

  onScopeDispose(cancel);

  return { html, error, busy, prime, render };
}
