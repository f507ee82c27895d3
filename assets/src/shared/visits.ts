// 解链 visits without the UI: the recency of a coverage cell (text and
// colour family, so colour never stands alone), the visit form's checks
// (the server's rules, in Chinese, keyed like the server's field errors)
// and the POST /visits body built from the form.
import type { CaseCategory, VisitLevel } from '@/api/types';
import type { VisitCreate } from '@/api/visits';
import { LEVEL_LABELS, LEVEL_ORDER } from './labels';

/** The server's limits (src/visit.h, src/visit.c). */
export const VISIT_LIMITS = {
  visitors: 50,
  name: 40,
  text: 10_000,
  problems: 50,
  title: 100,
  description: 5_000,
  firstDate: '2020-01-01',
} as const;

/** The coverage grid's default threshold for "超期". */
export const DEFAULT_STALE_DAYS = 90;
export const STALE_DAYS_MAX = 3650;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Characters as people count them (code points, not UTF-16 units). */
export function chars(s: string): number {
  return [...s].length;
}

function dayNumber(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return null;
  return Math.round(t / 86_400_000);
}

export function isDate(s: string): boolean {
  return dayNumber(s) !== null;
}

/** Today in Beijing (the server's calendar), whatever the device's time zone. */
export function beijingToday(now: Date = new Date()): string {
  const bj = new Date(now.getTime() + 8 * 3600_000);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${bj.getUTCFullYear()}-${p(bj.getUTCMonth() + 1)}-${p(bj.getUTCDate())}`;
}

/** Whole days from one YYYY-MM-DD to another (negative when to is earlier); null for a bad date. */
export function daysBetween(from: string, to: string): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return a === null || b === null ? null : b - a;
}

/** A YYYY-MM-DD date moved by n days. */
export function addDays(date: string, n: number): string {
  const d = dayNumber(date);
  if (d === null) return date;
  return new Date((d + n) * 86_400_000).toISOString().slice(0, 10);
}

// ---- coverage cells ----

export type RecencyTone = 'fresh' | 'aging' | 'stale' | 'never';

export interface RecencyInfo {
  tone: RecencyTone;
  /** What the cell says besides the date: "今天", "12天前", "50天前 · 临近超期", "超期 · 120天前", "从未走访". */
  label: string;
  /** The last visit date, or "—". */
  date: string;
  days: number | null;
}

/**
 * How recent a level's last visit is.  Past staleDays it is overdue (超期);
 * past half of it, close to overdue; never visited says so.  daysSince,
 * when the server sent it, wins over counting from today (the server's
 * today is the one that counts).
 */
export function recency(lastVisitedOn: string | null | undefined, today: string, staleDays: number = DEFAULT_STALE_DAYS, daysSince?: number | null): RecencyInfo {
  if (!lastVisitedOn) return { tone: 'never', label: '从未走访', date: '—', days: null };
  let days = typeof daysSince === 'number' ? daysSince : daysBetween(lastVisitedOn, today);
  if (days === null) return { tone: 'fresh', label: '', date: lastVisitedOn, days: null };
  if (days < 0) days = 0;
  const ago = days === 0 ? '今天' : `${days}天前`;
  const limit = Math.max(0, Math.floor(staleDays));
  if (days > limit) return { tone: 'stale', label: `超期 · ${ago}`, date: lastVisitedOn, days };
  if (days > limit / 2) return { tone: 'aging', label: `${ago} · 临近超期`, date: lastVisitedOn, days };
  return { tone: 'fresh', label: ago, date: lastVisitedOn, days };
}

export const RECENCY_LEGEND: Array<{ tone: RecencyTone; text: string }> = [
  { tone: 'fresh', text: '近期走访过' },
  { tone: 'aging', text: '临近超期（超过一半期限）' },
  { tone: 'stale', text: '超期未走访' },
  { tone: 'never', text: '从未走访' },
];

// ---- the visit form ----

export interface ProblemDraft {
  /** A stable key for the list (not sent). */
  key: number;
  category: CaseCategory | '';
  title: string;
  description: string;
}

export interface VisitDraft {
  enterprise_id: number | null;
  visited_on: string;
  /** The signed-in user visited too (sent as their user_id). */
  includeSelf: boolean;
  /** Other visitors, as typed. */
  names: string[];
  levels: VisitLevel[];
  /** Kept for every level ever ticked; only the ticked ones are sent. */
  findings: Partial<Record<VisitLevel, string>>;
  summary: string;
  problems: ProblemDraft[];
}

let problemKey = 0;
export function newProblem(): ProblemDraft {
  problemKey += 1;
  return { key: problemKey, category: '', title: '', description: '' };
}

export function emptyVisitDraft(today: string): VisitDraft {
  return { enterprise_id: null, visited_on: today, includeSelf: true, names: [], levels: [], findings: {}, summary: '', problems: [] };
}

/**
 * Add a visitor's name as typed: trimmed, 1–40 characters, no repeats.
 * Answers the new list, or the reason it was not added.
 */
export function addVisitorName(names: readonly string[], raw: string): { names: string[]; error?: string } {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (!name) return { names: [...names], error: '请输入走访人员姓名' };
  if (chars(name) > VISIT_LIMITS.name) return { names: [...names], error: `姓名不能超过 ${VISIT_LIMITS.name} 个字` };
  if (names.includes(name)) return { names: [...names], error: `“${name}”已在走访人员中` };
  if (names.length >= VISIT_LIMITS.visitors) return { names: [...names], error: `走访人员不能超过 ${VISIT_LIMITS.visitors} 人` };
  return { names: [...names, name] };
}

/** The ticked levels in their canonical order. */
export function orderedLevels(levels: readonly string[]): VisitLevel[] {
  return LEVEL_ORDER.filter((l) => levels.includes(l));
}

/**
 * The form's problems before sending, keyed like the server's field
 * errors ("visited_on", "levels", "problems[0].title", "findings.talent").
 * Empty when the form may be sent.
 */
export function validateVisit(d: VisitDraft, today: string): Record<string, string> {
  const f: Record<string, string> = {};
  if (!d.enterprise_id) f.enterprise_id = '请选择走访的企业';
  if (!d.visited_on) f.visited_on = '请选择走访日期';
  else if (!isDate(d.visited_on)) f.visited_on = '走访日期格式应为 年-月-日';
  else if (d.visited_on > today) f.visited_on = `走访日期不能晚于今天（${today}）`;
  else if (d.visited_on < VISIT_LIMITS.firstDate) f.visited_on = `走访日期不能早于 ${VISIT_LIMITS.firstDate}`;
  if (!d.includeSelf && d.names.length === 0) f.visitors = '请填写走访人员，或勾选“本人参加走访”';
  else if (d.names.length + (d.includeSelf ? 1 : 0) > VISIT_LIMITS.visitors) f.visitors = `走访人员不能超过 ${VISIT_LIMITS.visitors} 人`;
  const levels = orderedLevels(d.levels);
  if (levels.length === 0) f.levels = '请至少选择一个调研层面';
  for (const l of levels) {
    const text = d.findings[l] ?? '';
    if (chars(text.trim()) > VISIT_LIMITS.text) f[`findings.${l}`] = `${LEVEL_LABELS[l]}层面的调研发现不能超过 ${VISIT_LIMITS.text} 个字`;
  }
  if (chars(d.summary.trim()) > VISIT_LIMITS.text) f.summary = `小结不能超过 ${VISIT_LIMITS.text} 个字`;
  if (d.problems.length > VISIT_LIMITS.problems) f.problems = `一次走访最多登记 ${VISIT_LIMITS.problems} 个问题，请分批登记`;
  d.problems.forEach((p, i) => {
    if (!p.category) f[`problems[${i}].category`] = '请选择问题类别';
    const title = p.title.trim();
    if (!title) f[`problems[${i}].title`] = '请填写问题标题';
    else if (chars(title) > VISIT_LIMITS.title) f[`problems[${i}].title`] = `标题不能超过 ${VISIT_LIMITS.title} 个字`;
    const desc = p.description.trim();
    if (!desc) f[`problems[${i}].description`] = '请填写问题描述';
    else if (chars(desc) > VISIT_LIMITS.description) f[`problems[${i}].description`] = `问题描述不能超过 ${VISIT_LIMITS.description} 个字`;
  });
  return f;
}

/**
 * The POST /visits body: levels in order, findings only for the ticked
 * levels (blank ones left out), the signed-in user first among the
 * visitors, text trimmed.  Check with validateVisit() first.
 */
export function buildVisitPayload(d: VisitDraft, selfId: number | null): VisitCreate {
  const levels = orderedLevels(d.levels);
  const findings: Partial<Record<VisitLevel, string>> = {};
  for (const l of levels) {
    const text = (d.findings[l] ?? '').trim();
    if (text) findings[l] = text;
  }
  const visitors: Array<{ user_id: number } | { name: string }> = [];
  if (d.includeSelf && selfId) visitors.push({ user_id: selfId });
  for (const n of d.names) visitors.push({ name: n });
  const body: VisitCreate = {
    enterprise_id: d.enterprise_id ?? 0,
    visited_on: d.visited_on,
    levels,
    visitors,
    findings,
    problems: d.problems.map((p) => ({ category: p.category as CaseCategory, title: p.title.trim(), description: p.description.trim() })),
  };
  const summary = d.summary.trim();
  if (summary) body.summary = summary;
  return body;
}

/** Every field name the form shows a message next to (the rest go above the button). */
export function visitFormFields(d: VisitDraft): string[] {
  const out = ['enterprise_id', 'visited_on', 'visitors', 'levels', 'findings', 'summary', 'problems'];
  for (const l of LEVEL_ORDER) out.push(`findings.${l}`);
  d.problems.forEach((_, i) => out.push(`problems[${i}].category`, `problems[${i}].title`, `problems[${i}].description`));
  return out;
}

/** "产业、企业" for a list of level codes (unknown codes as they come). */
export function levelsText(levels: readonly string[] | null | undefined): string {
  if (!levels?.length) return '—';
  return orderedLevels(levels).concat(levels.filter((l) => !(LEVEL_ORDER as string[]).includes(l)) as VisitLevel[]).map((l) => LEVEL_LABELS[l] ?? l).join('、');
}

/** "演示服务专员、企业陪同人员". */
export function visitorsText(visitors: ReadonlyArray<{ name: string }> | null | undefined): string {
  if (!visitors?.length) return '—';
  return visitors.map((v) => v.name).join('、');
}
