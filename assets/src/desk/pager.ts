// Keyset paging for the desk's list pages: page i was fetched with
// cursors[i] (null: the first page), so 上一页 refetches a page the server
// already described and 下一页 follows next_cursor.  An answer that arrives
// after a newer request was made is dropped (filters typed quickly).
import { ref, type Ref } from 'vue';
import { toApiError, type ApiError } from '@/api/client';

export interface Page<T> { items: T[]; next_cursor: string | null }

export function usePager<T>(fetch: (cursor: string | undefined) => Promise<Page<T>>) {
  const items = ref([]) as Ref<T[]>;
  const cursors = ref<(string | null)[]>([null]);
  const page = ref(0);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<ApiError | null>(null);
  let seq = 0;

  async function load() {
    const my = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const res = await fetch(cursors.value[page.value] ?? undefined);
      if (my !== seq) return;
      items.value = res.items;
      nextCursor.value = res.next_cursor;
    } catch (e) {
      if (my === seq) error.value = toApiError(e);
    } finally {
      if (my === seq) loading.value = false;
    }
  }
  /** Back to the first page (after the filters changed) and load it. */
  function first() { cursors.value = [null]; page.value = 0; return load(); }
  function next() {
    if (!nextCursor.value) return;
    cursors.value = [...cursors.value.slice(0, page.value + 1), nextCursor.value];
    page.value++;
    void load();
  }
  function prev() { if (page.value > 0) { page.value--; void load(); } }

  return { items, page, nextCursor, loading, error, load, first, next, prev };
}
