// Phone width on the desk (commissioners record visits on site): pages whose
// tables would need sideways scrolling show cards instead.
import { onBeforeUnmount, ref, type Ref } from 'vue';

/** Keep in step with the @media rule in desk.css. */
export const NARROW_QUERY = '(max-width: 767px)';

export function useNarrow(): Ref<boolean> {
  const mq = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(NARROW_QUERY) : null;
  const narrow = ref(mq?.matches ?? false);
  const on = (e: MediaQueryListEvent) => { narrow.value = e.matches; };
  mq?.addEventListener?.('change', on);
  onBeforeUnmount(() => mq?.removeEventListener?.('change', on));
  return narrow;
}
