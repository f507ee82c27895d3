import { describe, expect, it } from 'vitest';
import { usePager, type Page } from '@/desk/pager';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

describe('usePager (desk lists)', () => {
  it('follows next_cursor forward and refetches the page before going back', async () => {
    const asked: Array<string | undefined> = [];
    const pages: Record<string, Page<number>> = {
      first: { items: [1, 2], next_cursor: 'c2' },
      c2: { items: [3, 4], next_cursor: 'c3' },
      c3: { items: [5], next_cursor: null },
    };
    const p = usePager<number>(async (cursor) => { asked.push(cursor); return pages[cursor ?? 'first']; });
    await p.load();
    p.next(); await Promise.resolve(); await Promise.resolve();
    p.next(); await Promise.resolve(); await Promise.resolve();
    expect(p.items.value).toEqual([5]);
    expect(p.page.value).toBe(2);
    expect(p.nextCursor.value).toBeNull();
    p.next(); // no further page: nothing is fetched
    p.prev(); await Promise.resolve(); await Promise.resolve();
    expect(p.items.value).toEqual([3, 4]);
    expect(asked).toEqual([undefined, 'c2', 'c3', 'c2']);
    await p.first();
    expect(p.page.value).toBe(0);
    expect(asked.at(-1)).toBeUndefined();
  });

  it('drops an answer that arrives after a newer request, and its error', async () => {
    const slow = deferred<Page<string>>();
    const fast = deferred<Page<string>>();
    let n = 0;
    const p = usePager<string>(() => (n++ === 0 ? slow.promise : fast.promise));
    const a = p.load();
    const b = p.load();
    fast.resolve({ items: ['new'], next_cursor: null });
    await b;
    slow.resolve({ items: ['old'], next_cursor: 'x' });
    await a;
    expect(p.items.value).toEqual(['new']);
    expect(p.nextCursor.value).toBeNull();
    expect(p.loading.value).toBe(false);
  });

  it('keeps the server error for the page and clears it on the next load', async () => {
    let fail = true;
    const p = usePager<number>(async () => {
      if (fail) throw Object.assign(new Error('数据库暂时不可用'), { status: 503 });
      return { items: [1], next_cursor: null };
    });
    await p.load();
    expect(p.error.value).not.toBeNull();
    expect(p.loading.value).toBe(false);
    fail = false;
    await p.load();
    expect(p.error.value).toBeNull();
    expect(p.items.value).toEqual([1]);
  });
});
