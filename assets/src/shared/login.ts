// The sign-in form both surfaces show: the same checks, the same call, and
// the same decision where to go next.  Each view keeps only its layout
// (Element Plus on the desk, Vant on the portal) and says which roles it
// serves and where they start.
import { reactive } from 'vue';
import { useRoute, useRouter, type RouteLocationRaw } from 'vue-router';
import type { User } from '@/api/types';
import { useSession, homeFor } from '@/stores/session';
import { useFormState } from '@/shared/forms';

export interface LoginTarget {
  /** Whether this surface is the user's (else the browser goes to homeFor()). */
  serves(user: Pick<User, 'role'>): boolean;
  /** Where a user of this surface starts when no safe ?redirect= is given. */
  home(user: Pick<User, 'role'>): RouteLocationRaw;
}

/**
 * The ?redirect= path when it stays on this surface: an absolute path, not
 * protocol-relative ("//evil.example"), and not the login page itself.
 */
export function safeRedirect(r: unknown): string | null {
  if (typeof r !== 'string' || !r.startsWith('/') || r.startsWith('//') || r.startsWith('/\\')) return null;
  if (r === '/login' || r.startsWith('/login?')) return null;
  return r;
}

/** Client-side checks, in the order of the fields; {} when both are filled. */
export function checkLogin(form: { login: string; password: string }): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!form.login.trim()) fields.login = '请输入账号';
  if (!form.password) fields.password = '请输入密码';
  return fields;
}

export function useLoginForm(target: LoginTarget) {
  const session = useSession();
  const route = useRoute();
  const router = useRouter();
  const form = reactive({ login: '', password: '' });
  const { state, run, track } = useFormState();
  track(form);

  async function submit() {
    state.fields = checkLogin(form);
    if (Object.keys(state.fields).length) return;
    const user = await run(() => session.login(form.login.trim(), form.password), ['login', 'password']);
    if (!user) return;
    if (!target.serves(user)) {
      window.location.assign(homeFor(user));
      return;
    }
    await router.replace(safeRedirect(route.query.redirect) ?? target.home(user));
  }

  return { form, state, submit };
}
