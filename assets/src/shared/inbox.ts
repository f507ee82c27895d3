/*
 * The unread badge of both surfaces: one count per page load, refreshed on
 * navigation, when the tab comes back into view and every minute, so that
 * a message written by someone else's change shows up without a reload.
 * Opening a message marks it read here, so the badge follows at once.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { messagesApi, type Message } from '@/api/notify';

const POLL_MS = 60_000;

export const useInbox = defineStore('inbox', () => {
  const unread = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;
  let seq = 0;

  async function refresh(): Promise<void> {
    const my = ++seq;
    try {
      const page = await messagesApi.list({ unread: true, limit: 1 });
      if (my === seq) unread.value = page.unread_count;
    } catch {
      /* signed out or offline: keep what is shown */
    }
  }

  function onVisible() {
    if (document.visibilityState === 'visible') void refresh();
  }

  /** Start counting (after sign-in); idempotent. */
  function start() {
    if (timer) return;
    void refresh();
    timer = setInterval(() => void refresh(), POLL_MS);
    document.addEventListener('visibilitychange', onVisible);
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    document.removeEventListener('visibilitychange', onVisible);
    unread.value = 0;
  }

  /** Mark m read (if it is not) and count it off. */
  async function open(m: Message): Promise<void> {
    if (m.read_at) return;
    const out = await messagesApi.read([m.id]);
    m.read_at = new Date().toISOString();
    seq++;
    unread.value = out.unread_count;
  }

  async function readAll(): Promise<void> {
    const out = await messagesApi.readAll();
    seq++;
    unread.value = out.unread_count;
  }

  return { unread, refresh, start, stop, open, readAll };
});

/** The path inside a surface for a message link ("/desk/cases/3" → "/cases/3" on the desk); null when it belongs elsewhere. */
export function localPath(link: string, surface: '/desk' | '/m'): string | null {
  if (link === surface || link.startsWith(`${surface}/`)) return link.slice(surface.length) || '/';
  return null;
}
