// How the desk shows the committee's figures: labels, number formats, the
// change from the previous period, and the case list (or visit list) behind
// each figure.  Definitions: docs/METRICS.md.
import type { LocationQueryRaw } from 'vue-router';

/** 0.8333 → "83.3%"; null (no data) → "无数据". */
export function formatRate(v: number | null | undefined): string {
  if (v === null || v === undefined) return '无数据';
  return `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
}

/** A median, an average: one or two decimals as sent; null → "无数据". */
export function formatNumber(v: number | null | undefined, unit = ''): string {
  if (v === null || v === undefined) return '无数据';
  return `${Number.isInteger(v) ? v : String(v)}${unit}`;
}

export type ChangeKind = 'rate' | 'count' | 'number';
/** Whether a rise is good news for the figure (on-time rate) or bad (days to close). */
export type Better = 'up' | 'down' | 'none';

export interface ChangeText {
  text: string;
  /** good, bad, or flat (also: no comparison possible). */
  tone: 'good' | 'bad' | 'flat';
  /** For screen readers: the same as a sentence. */
  label: string;
}

/** The change from the previous period as people read it: "↑ 3.2 个百分点". */
export function changeText(delta: number | null | undefined, kind: ChangeKind, better: Better): ChangeText {
  if (delta === null || delta === undefined) return { text: '上期无数据', tone: 'flat', label: '与上期无法比较' };
  const abs = Math.abs(delta);
  const amount = kind === 'rate' ? `${(Math.round(abs * 1000) / 10).toFixed(1)} 个百分点` : kind === 'count' ? `${abs}` : `${Math.round(abs * 100) / 100}`;
  if (delta === 0 || amount === '0.0 个百分点') return { text: '与上期持平', tone: 'flat', label: '与上期持平' };
  const up = delta > 0;
  const tone = better === 'none' ? 'flat' : (up === (better === 'up') ? 'good' : 'bad');
  return { text: `${up ? '↑' : '↓'} ${amount}`, tone, label: `比上期${up ? '增加' : '减少'} ${amount}` };
}

/** The scope of a dashboard, as the case list's filters spell it. */
export interface DrillScope {
  chain?: string;
  category?: string;
  commissioner?: number;
  responder?: number;
  from: string;
  to: string;
}

/** The case list behind a figure: /desk/cases with the same scope. */
export function caseListFor(set: string, s: DrillScope): LocationQueryRaw {
  const q: LocationQueryRaw = { figure: set, figure_from: s.from, figure_to: s.to };
  if (s.chain) q.chain = s.chain;
  if (s.category) q.category = s.category;
  if (s.commissioner) q.commissioner = String(s.commissioner);
  if (s.responder) q.assignee = String(s.responder);
  return q;
}

/** The open cases past their deadline now, in the same scope. */
export function overdueListFor(s: DrillScope): LocationQueryRaw {
  const q: LocationQueryRaw = { overdue: 'true' };
  if (s.chain) q.chain = s.chain;
  if (s.category) q.category = s.category;
  if (s.commissioner) q.commissioner = String(s.commissioner);
  if (s.responder) q.assignee = String(s.responder);
  return q;
}

/** The drill-down sets, named for people (the case list's banner). */
export const FIGURE_SET_LABELS: Record<string, string> = {
  submitted: '本期新增的诉求',
  responded: '本期新增且已首次响应的诉求',
  due: '本期应办结的诉求',
  on_time: '本期按期办结的诉求',
  late: '本期应办结但未按期办结的诉求',
  closed: '本期办结的诉求',
  reopened: '本期办结后又重新办理的诉求',
  rated: '本期评价的诉求',
  rating_1: '本期评价为 1 星的诉求',
  rating_2: '本期评价为 2 星的诉求',
  rating_3: '本期评价为 3 星的诉求',
  rating_4: '本期评价为 4 星的诉求',
  rating_5: '本期评价为 5 星的诉求',
  escalated: '本期列为书记突破项目的诉求',
  escalation_resolved: '本期办结的书记突破项目',
  rechecked: '本期已回访的诉求',
  recheck_solved: '本期回访确认已解决的诉求',
  recheck_partly: '本期回访为部分解决的诉求',
  recheck_not_solved: '本期回访确认未解决的诉求',
};

export const RECHECK_OUTCOME_LABELS: Record<string, string> = { solved: '已解决', partly: '部分解决', not_solved: '未解决' };
export const RECHECK_REASON_LABELS: Record<string, string> = { sample: '随机抽取', low_rating: '低分评价', rejected: '不予受理', override: '越权关闭' };

export type PeriodPreset = '30d' | 'month' | 'last_month' | '90d' | 'year' | 'custom';
export const PERIOD_PRESETS: Array<{ value: PeriodPreset; label: string }> = [
  { value: '30d', label: '近30天' },
  { value: 'month', label: '本月' },
  { value: 'last_month', label: '上月' },
  { value: '90d', label: '近90天' },
  { value: 'year', label: '本年' },
  { value: 'custom', label: '自定义' },
];

function pad(x: number): string {
  return String(x).padStart(2, '0');
}
function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The period a preset names, on the Zibo calendar, never past today. */
export function presetPeriod(p: PeriodPreset, today: string): { from: string; to: string } | null {
  const [y, m] = today.split('-').map(Number);
  switch (p) {
    case '30d': return { from: shift(today, -29), to: today };
    case '90d': return { from: shift(today, -89), to: today };
    case 'month': return { from: `${y}-${pad(m)}-01`, to: today };
    case 'last_month': {
      const first = `${y}-${pad(m)}-01`;
      const last = shift(first, -1);
      return { from: `${last.slice(0, 7)}-01`, to: last };
    }
    case 'year': return { from: `${y}-01-01`, to: today };
    default: return null;
  }
}
