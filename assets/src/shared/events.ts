// 政策直通车 without the UI: labels, how a session's time reads, the
// check-in code (as typed, or as the QR code carries it) and the session
// form's checks, keyed like the server's field errors.
import type { CaseCategory } from '@/api/types';
import type { EventCreate, EventStatus, EventSummary } from '@/api/events';
import { chars } from './visits';

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
  draft: '草稿',
  open: '报名中',
  closed: '报名截止',
  done: '已举办',
  cancelled: '已取消',
};
export const EVENT_STATUS_ORDER: EventStatus[] = ['draft', 'open', 'closed', 'done', 'cancelled'];

/** The server's limits (src/event.h). */
export const EVENT_LIMITS = {
  title: 100,
  place: 200,
  topicBytes: 20_000,
  capacity: 10_000,
  attendees: 20,
  note: 500,
  reason: 500,
  links: 20,
  problems: 50,
  problemTitle: 100,
  problemDescription: 5_000,
} as const;

const CODE_ALPHABET = /^[2-9A-HJ-NP-Z]{6}$/;
/** What the QR code of a registration carries: the session and the code. */
const QR_RE = /^HLEV-(\d+)-([2-9A-HJ-NP-Z]{6})$/;

/** The text of a registration's QR code. */
export function qrPayload(eventId: number, code: string): string {
  return `HLEV-${eventId}-${code}`;
}

export interface ParsedCode { code: string; eventId: number | null }

/**
 * A code as scanned (the QR text) or typed (any case, spaces and hyphens
 * allowed): the 6-character code and, from a QR code, its session; null
 * when it cannot be a code.
 */
export function parseCheckinCode(raw: string): ParsedCode | null {
  const s = raw.trim().toUpperCase();
  const qr = QR_RE.exec(s);
  if (qr) return { code: qr[2], eventId: Number(qr[1]) };
  const code = s.replace(/[\s-]+/g, '');
  return CODE_ALPHABET.test(code) ? { code, eventId: null } : null;
}

/** "ABC DEF": a code as people read it out. */
export function spacedCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

function beijing(iso: string): { date: string; time: string; md: string } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + 8 * 3600_000);
  const p = (x: number) => String(x).padStart(2, '0');
  return {
    date: `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`,
    time: `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`,
    md: `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`,
  };
}

/** "12月10日 09:30–11:30", or with both dates when it spans days (Beijing time). */
export function eventTimeText(startsAt: string, endsAt: string): string {
  const a = beijing(startsAt);
  const b = beijing(endsAt);
  if (!a || !b) return '';
  return a.date === b.date ? `${a.md} ${a.time}–${b.time}` : `${a.md} ${a.time} – ${b.md} ${b.time}`;
}

/** Seats as a line: "余 12 席 / 共 80 席", "已满，候补 3 家". */
export function seatsText(e: Pick<EventSummary, 'capacity' | 'seats_left' | 'n_waitlisted'>): string {
  if (e.capacity === null) return '不限名额';
  if ((e.seats_left ?? 0) > 0) return `余 ${e.seats_left} 席 / 共 ${e.capacity} 席`;
  return e.n_waitlisted ? `已满，候补 ${e.n_waitlisted} 家` : `已满（共 ${e.capacity} 席）`;
}

/** What an enterprise's registration says of itself. */
export function registrationText(r: { status: 'registered' | 'waitlisted'; position: number | null; checked_in_at: string | null }): string {
  if (r.checked_in_at) return '已签到';
  if (r.status === 'registered') return '已报名';
  return r.position ? `候补第 ${r.position} 位` : '候补中';
}

// ---- the session form ----

export interface EventDraft {
  chain_code: string; // '' citywide
  title: string;
  topic_md: string;
  organizer: string;
  /** "YYYY-MM-DD HH:mm", Beijing time, as the pickers give it. */
  starts_at: string;
  ends_at: string;
  place: string;
  capacity: number | null;
  max_attendees: number | null;
  policy_ids: number[];
  bulletin_ids: number[];
}

export function emptyEventDraft(chain = ''): EventDraft {
  return { chain_code: chain, title: '', topic_md: '', organizer: '“益企同行”服务队', starts_at: '', ends_at: '', place: '', capacity: 50, max_attendees: 3, policy_ids: [], bulletin_ids: [] };
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::\d{2})?$/;

/** A picker's "YYYY-MM-DD HH:mm" (Beijing) as RFC 3339 with +08:00; '' when malformed. */
export function localToRfc3339(s: string): string {
  const m = LOCAL_RE.exec(s.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+08:00` : '';
}

/** RFC 3339 as the pickers' "YYYY-MM-DD HH:mm" in Beijing time. */
export function rfc3339ToLocal(iso: string): string {
  const b = beijing(iso);
  return b ? `${b.date} ${b.time}` : '';
}

function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The form's faults before sending, keyed like the server's. Empty: send it. */
export function validateEvent(d: EventDraft): Record<string, string> {
  const f: Record<string, string> = {};
  const title = d.title.trim();
  if (!title) f.title = '请填写活动名称';
  else if (chars(title) > EVENT_LIMITS.title) f.title = `活动名称不能超过 ${EVENT_LIMITS.title} 个字`;
  const place = d.place.trim();
  if (!place) f.place = '请填写活动地点';
  else if (chars(place) > EVENT_LIMITS.place) f.place = `活动地点不能超过 ${EVENT_LIMITS.place} 个字`;
  if (chars(d.organizer.trim()) > EVENT_LIMITS.place) f.organizer = `主办单位不能超过 ${EVENT_LIMITS.place} 个字`;
  const s = localToRfc3339(d.starts_at);
  const e = localToRfc3339(d.ends_at);
  if (!s) f.starts_at = '请选择开始时间';
  if (!e) f.ends_at = '请选择结束时间';
  else if (s && Date.parse(e) <= Date.parse(s)) f.ends_at = '结束时间应晚于开始时间';
  if (d.capacity === null || !Number.isInteger(d.capacity) || d.capacity < 1 || d.capacity > EVENT_LIMITS.capacity) f.capacity = `名额应为 1 到 ${EVENT_LIMITS.capacity} 之间的整数`;
  if (d.max_attendees === null || !Number.isInteger(d.max_attendees) || d.max_attendees < 1 || d.max_attendees > EVENT_LIMITS.attendees) f.max_attendees = `每家企业可报名人数应为 1 到 ${EVENT_LIMITS.attendees}`;
  if (utf8Bytes(d.topic_md) > EVENT_LIMITS.topicBytes) f.topic_md = `活动主题不能超过 ${EVENT_LIMITS.topicBytes} 字节`;
  if (d.policy_ids.length > EVENT_LIMITS.links) f.policy_ids = `最多关联 ${EVENT_LIMITS.links} 项政策`;
  if (d.bulletin_ids.length > EVENT_LIMITS.links) f.bulletin_ids = `最多关联 ${EVENT_LIMITS.links} 期简报`;
  return f;
}

/** The POST /events (and PATCH) body from a checked form. */
export function buildEventPayload(d: EventDraft): EventCreate {
  return {
    chain_code: d.chain_code || null,
    title: d.title.trim(),
    topic_md: d.topic_md,
    organizer: d.organizer.trim(),
    starts_at: localToRfc3339(d.starts_at),
    ends_at: localToRfc3339(d.ends_at),
    place: d.place.trim(),
    capacity: d.capacity ?? 0,
    max_attendees: d.max_attendees ?? 1,
    policy_ids: [...d.policy_ids],
    bulletin_ids: [...d.bulletin_ids],
  };
}

export const EVENT_FORM_FIELDS = ['chain_code', 'title', 'topic_md', 'organizer', 'starts_at', 'ends_at', 'place', 'capacity', 'max_attendees', 'policy_ids', 'bulletin_ids'] as const;

// ---- questions raised at a session ----

export interface QuestionDraft {
  key: number;
  enterprise_id: number | null;
  category: CaseCategory | '';
  title: string;
  description: string;
}

let questionKey = 0;
export function newQuestion(enterpriseId: number | null = null): QuestionDraft {
  questionKey += 1;
  return { key: questionKey, enterprise_id: enterpriseId, category: '', title: '', description: '' };
}

/** Faults keyed "problems[i].title" like the server's. */
export function validateQuestions(qs: readonly QuestionDraft[]): Record<string, string> {
  const f: Record<string, string> = {};
  if (!qs.length) f.problems = '请至少登记一个问题';
  if (qs.length > EVENT_LIMITS.problems) f.problems = `一次最多登记 ${EVENT_LIMITS.problems} 个问题，请分批登记`;
  qs.forEach((q, i) => {
    if (!q.enterprise_id) f[`problems[${i}].enterprise_id`] = '请选择提出问题的企业';
    if (!q.category) f[`problems[${i}].category`] = '请选择问题类别';
    const t = q.title.trim();
    if (!t) f[`problems[${i}].title`] = '请填写标题';
    else if (chars(t) > EVENT_LIMITS.problemTitle) f[`problems[${i}].title`] = `标题不能超过 ${EVENT_LIMITS.problemTitle} 个字`;
    const d = q.description.trim();
    if (!d) f[`problems[${i}].description`] = '请填写问题描述';
    else if (chars(d) > EVENT_LIMITS.problemDescription) f[`problems[${i}].description`] = `问题描述不能超过 ${EVENT_LIMITS.problemDescription} 个字`;
  });
  return f;
}

export function questionFields(qs: readonly QuestionDraft[]): string[] {
  const out = ['problems'];
  qs.forEach((_, i) => out.push(`problems[${i}].enterprise_id`, `problems[${i}].category`, `problems[${i}].title`, `problems[${i}].description`));
  return out;
}
