import { defineStore } from 'pinia';
import { ref, computed } from 'vue';
import { ApiError, setCsrfToken } from '@/api/client';
import { sessionApi } from '@/api/endpoints';
import type { User } from '@/api/types';

/** Where a role works: the phone portal or the desk. */
export function homeFor(user: Pick<User, 'role'>): string {
  return user.role === 'enterprise' ? '/m/' : '/desk/';
}

export const useSession = defineStore('session', () => {
  const user = ref<User | null>(null);
  const loaded = ref(false);
  let pending: Promise<User | null> | null = null;

  const role = computed(() => user.value?.role);

  /** The signed-in user, asking GET /me once per page load; null when signed out. */
  function ensure(): Promise<User | null> {
    if (loaded.value) return Promise.resolve(user.value);
    if (!pending) {
      pending = sessionApi
        .me()
        .then((s) => {
          user.value = s.user;
          if (s.csrf_token) setCsrfToken(s.csrf_token);
          return s.user;
        })
        .catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 401) {
            user.value = null;
            setCsrfToken(null);
            return null;
          }
          throw e;
        })
        .then((u) => {
          loaded.value = true;
          return u;
        })
        .finally(() => {
          pending = null;
        });
    }
    return pending;
  }

  async function login(loginName: string, password: string): Promise<User> {
    const s = await sessionApi.login(loginName, password);
    setCsrfToken(s.csrf_token);
    user.value = s.user;
    loaded.value = true;
    return s.user;
  }

  async function logout(): Promise<void> {
    try {
      await sessionApi.logout();
    } catch {
      /* signed out locally anyway */
    }
    clear();
  }

  function clear() {
    user.value = null;
    loaded.value = true;
    setCsrfToken(null);
  }

  return { user, role, loaded, ensure, login, logout, clear };
});
