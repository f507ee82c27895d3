// The 20 chains, fetched once per page load and shared by the views that
// only need names (filters, reasons, scopes).  A failure is not cached.
import { ref } from 'vue';
import { chainsApi } from '@/api/endpoints';
import type { ChainSummary } from '@/api/types';

const chains = ref<ChainSummary[]>([]);
let pending: Promise<ChainSummary[]> | null = null;

export function loadChains(): Promise<ChainSummary[]> {
  if (chains.value.length) return Promise.resolve(chains.value);
  if (!pending) {
    pending = chainsApi
      .list()
      .then((r) => (chains.value = r.items))
      .finally(() => {
        pending = null;
      });
  }
  return pending;
}

/** The chains (empty until loaded) and a name lookup; loading starts now, errors leave codes showing. */
export function useChains() {
  loadChains().catch(() => undefined);
  const nameOf = (code: string): string | undefined => chains.value.find((c) => c.code === code)?.name;
  return { chains, nameOf };
}

/** For tests. */
export function resetChains() {
  chains.value = [];
  pending = null;
}
