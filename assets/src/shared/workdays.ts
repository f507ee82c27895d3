// Deadline countdown in working days.  The server counts working days on
// the Chinese holiday calendar (调休 included) and sends "workdays_left";
// this only formats it.
import { isFinished } from './labels';

export type DeadlineLevel = 'none' | 'done' | 'ok' | 'soon' | 'today' | 'overdue';

export interface DeadlineInfo {
  text: string;
  level: DeadlineLevel;
  /** The deadline date as 11月25日 (or '' without one). */
  date: string;
}

export interface DeadlineInput {
  status: string;
  due_at?: string | null;
  overdue?: boolean;
  workdays_left?: number | null;
}

/** "2026-11-25T18:00:00+08:00" → "11月25日" in Beijing time, whatever the device's zone. */
export function formatDueDate(dueAt: string | null | undefined): string {
  if (!dueAt) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(dueAt);
  const d = new Date(dueAt);
  if (Number.isNaN(d.getTime())) return m ? `${Number(m[2])}月${Number(m[3])}日` : '';
  const bj = new Date(d.getTime() + 8 * 3600_000);
  return `${bj.getUTCMonth() + 1}月${bj.getUTCDate()}日`;
}

export function deadlineInfo(c: DeadlineInput): DeadlineInfo {
  const date = formatDueDate(c.due_at);
  if (c.status === 'rejected') return { text: '—', level: 'none', date };
  if (isFinished(c.status)) return { text: '已办结', level: 'done', date };
  if (!c.due_at) return { text: c.status === 'submitted' ? '受理后开始计时' : '未设期限', level: 'none', date };
  const n = c.workdays_left;
  if (typeof n !== 'number') {
    return c.overdue ? { text: '已超期', level: 'overdue', date } : { text: `${date}前办结`, level: 'ok', date };
  }
  if (n < 0 || c.overdue) {
    return { text: n < 0 ? `已超期 ${-n} 个工作日` : '已超期', level: 'overdue', date };
  }
  if (n === 0) return { text: '今天到期', level: 'today', date };
  return { text: `剩 ${n} 个工作日`, level: n <= 2 ? 'soon' : 'ok', date };
}

/** "2026-11-22T15:04:05+08:00" → "2026-11-22 15:04" (Beijing time). */
export function formatDateTime(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const bj = new Date(d.getTime() + 8 * 3600_000);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${bj.getUTCFullYear()}-${p(bj.getUTCMonth() + 1)}-${p(bj.getUTCDate())} ${p(bj.getUTCHours())}:${p(bj.getUTCMinutes())}`;
}

export function formatBytes(n: number | null | undefined): string {
  if (typeof n !== 'number') return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
