// Form state shared by both surfaces: field errors from the server next to
// the fields, one general message, a busy flag, and one Idempotency-Key per
// attempt that is kept until the create succeeds (a retry creates nothing twice).
import { reactive, watch } from 'vue';
import { ApiError, newIdempotencyKey, toApiError } from '@/api/client';

export interface FormState {
  busy: boolean;
  /** Field name → Chinese message (from the server or the client checks). */
  fields: Record<string, string>;
  /** The message not tied to one field ('' when none). */
  message: string;
  retryable: boolean;
  requestId: string | null;
  idempotencyKey: string;
}

export function useFormState() {
  const state = reactive<FormState>({ busy: false, fields: {}, message: '', retryable: false, requestId: null, idempotencyKey: newIdempotencyKey() });

  function clear() {
    state.fields = {};
    state.message = '';
    state.retryable = false;
    state.requestId = null;
  }

  /** Show an error: fields next to their inputs, the rest above the button. */
  function fail(e: unknown, knownFields: readonly string[] = []): ApiError {
    const err = toApiError(e);
    const fields: Record<string, string> = {};
    const other: string[] = [];
    for (const [k, v] of Object.entries(err.fields)) {
      if (knownFields.length === 0 || knownFields.includes(k)) fields[k] = v;
      else other.push(v);
    }
    state.fields = fields;
    state.message = [err.message, ...other].filter(Boolean).join(' ');
    state.retryable = err.retryable;
    state.requestId = err.requestId;
    return err;
  }

  /** Run a submit: busy while it runs; errors shown; input untouched. */
  async function run<T>(fn: (idempotencyKey: string) => Promise<T>, knownFields: readonly string[] = []): Promise<T | undefined> {
    if (state.busy) return undefined;
    clear();
    state.busy = true;
    try {
      const out = await fn(state.idempotencyKey);
      state.idempotencyKey = newIdempotencyKey();
      return out;
    } catch (e) {
      const err = fail(e, knownFields);
      // A 4xx was answered and created nothing: the next try is a new request.
      if (!err.retryable) state.idempotencyKey = newIdempotencyKey();
      return undefined;
    } finally {
      state.busy = false;
    }
  }

  /**
   * Clear a field's message as soon as the user changes that field (and the
   * summary once no field is at fault), so stale errors never linger.
   */
  function track(source: object) {
    watch(
      () => ({ ...(source as Record<string, unknown>) }),
      (now, before) => {
        for (const k of Object.keys(now)) {
          if (now[k] !== before[k] && k in state.fields) {
            delete state.fields[k];
            if (!Object.keys(state.fields).length && !state.retryable) state.message = '';
          }
        }
      },
    );
  }

  return { state, clear, fail, run, track };
}
