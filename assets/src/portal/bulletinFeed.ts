// The published bulletins an enterprise reads: its chains' and citywide
// ones, newest first.  One chain: the server filters (chain=CODE gives the
// chain's and the citywide ones).  Several chains: the server takes one
// chain per request, so pages of all published bulletins are filtered here,
// reading on until a page shows something or the list ends.
import { bulletinsApi } from '@/api/endpoints';
import type { BulletinQuery, BulletinSummary } from '@/api/types';

export function isForChains(b: Pick<BulletinSummary, 'chain_codes'>, chains: readonly string[]): boolean {
  return !b.chain_codes.length || b.chain_codes.some((c) => chains.includes(c));
}

export interface FeedPage { items: BulletinSummary[]; next: string | null }

/** At most this many requests per "load more" when filtering here. */
const MAX_HOPS = 5;

export async function loadBulletinPage(chains: readonly string[], cursor: string | null, limit = 20): Promise<FeedPage> {
  const base: BulletinQuery = { status: 'published', limit };
  if (chains.length === 1) {
    const r = await bulletinsApi.list({ ...base, chain: chains[0], cursor: cursor ?? undefined });
    return { items: r.items, next: r.next_cursor };
  }
  const items: BulletinSummary[] = [];
  let next = cursor;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const r = await bulletinsApi.list({ ...base, limit: Math.max(limit, 50), cursor: next ?? undefined });
    items.push(...r.items.filter((b) => b.status === 'published' && isForChains(b, chains)));
    next = r.next_cursor;
    if (items.length || !next) break;
  }
  return { items, next };
}
