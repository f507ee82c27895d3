// Meetings on the desk: Chinese labels, Beijing wall-clock times as the API
// wants them, the agenda's keyboard reordering and the calendar's days.
import type { AgendaItemKind, MeetingKind, MeetingStatus, MeetingSummary } from '@/api/meetings';

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  draft: '草稿',
  scheduled: '已安排',
  held: '已召开',
  minutes_approved: '纪要已审定',
  cancelled: '已取消',
};

/** What the button that moves a meeting to a status says. */
export const MEETING_MOVE_LABELS: Record<MeetingStatus, string> = {
  draft: '撤回为草稿',
  scheduled: '发出会议通知',
  held: '标记为已召开',
  minutes_approved: '审定会议纪要',
  cancelled: '取消会议',
};

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { regular: '例会', special: '专题会' };

export const AGENDA_KIND_LABELS: Record<AgendaItemKind, string> = {
  escalated: '书记突破项目',
  overdue: '超期诉求',
  common_problem: '共性问题',
  case: '诉求',
  text: '其他议题',
};

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger';
export function meetingStatusTag(s: MeetingStatus): TagType {
  switch (s) {
    case 'scheduled': return 'warning';
    case 'held': return 'primary';
    case 'minutes_approved': return 'success';
    case 'cancelled': return 'info';
    default: return 'info';
  }
}

/** "2026-12-08 09:00" (Beijing time, as a picker gives it) → "2026-12-08T09:00:00+08:00"; null for anything else. */
export function beijingIso(local: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec((local ?? '').trim());
  if (!m) return null;
  return `${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}+08:00`;
}

/** An instant → its Beijing wall-clock "YYYY-MM-DD HH:mm" (what a picker shows). */
export function beijingLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const bj = new Date(d.getTime() + 8 * 3600_000);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${bj.getUTCFullYear()}-${p(bj.getUTCMonth() + 1)}-${p(bj.getUTCDate())} ${p(bj.getUTCHours())}:${p(bj.getUTCMinutes())}`;
}

/** ids with the one at index moved by delta (−1 up, +1 down); the same array when it cannot move. */
export function moved<T>(ids: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return [...ids];
  const out = [...ids];
  const [x] = out.splice(index, 1);
  out.splice(to, 0, x as T);
  return out;
}

/** Meetings by their Beijing day "YYYY-MM-DD", each day's in time order. */
export function meetingsByDay(items: readonly MeetingSummary[]): Map<string, MeetingSummary[]> {
  const out = new Map<string, MeetingSummary[]>();
  for (const m of [...items].sort((a, b) => a.starts_at.localeCompare(b.starts_at))) {
    const day = beijingLocal(m.starts_at).slice(0, 10);
    if (!day) continue;
    const list = out.get(day) ?? [];
    list.push(m);
    out.set(day, list);
  }
  return out;
}

/** The first and last day of the month that day (YYYY-MM-DD) is in. */
export function monthRange(day: string): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const p = (x: number) => String(x).padStart(2, '0');
  return { from: `${y}-${p(m)}-01`, to: `${y}-${p(m)}-${p(last)}` };
}
