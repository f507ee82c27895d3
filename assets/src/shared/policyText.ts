// Explained policy matching in Chinese.  The server (GET
// /enterprises/{id}/policies) names each criterion as a reason string:
//   "chain:auto-parts"  "district:张店区"  "size:medium"  "tag:专精特新"  "key_enterprise"
// and an unmet "any of" criterion lists its alternatives joined by "|"
// ("district:博山区|沂源县").  Unknown reasons (a newer server) show as they come.
import type { PolicyMatch } from '@/api/types';
import { SIZE_LABELS } from './labels';

export type ReasonKind = 'chain' | 'district' | 'size' | 'tag' | 'key_enterprise' | 'other';

export interface Reason {
  kind: ReasonKind;
  /** The server's string, for keys and titles. */
  raw: string;
  /** What the user reads, e.g. "区县（任一）：博山区、沂源县". */
  text: string;
}

/** A chain's display name by code (undefined when unknown: the code shows). */
export type ChainNameOf = (code: string) => string | undefined;

const PREFIX: Record<string, { kind: Exclude<ReasonKind, 'key_enterprise' | 'other'>; label: string }> = {
  chain: { kind: 'chain', label: '产业链' },
  district: { kind: 'district', label: '区县' },
  size: { kind: 'size', label: '企业规模' },
  tag: { kind: 'tag', label: '标签' },
};

export function explainReason(raw: string, chainName?: ChainNameOf): Reason {
  if (raw === 'key_enterprise') return { kind: 'key_enterprise', raw, text: '重点企业' };
  const colon = raw.indexOf(':');
  const p = colon > 0 ? PREFIX[raw.slice(0, colon)] : undefined;
  const values = colon > 0 ? raw.slice(colon + 1).split('|').filter((v) => v !== '') : [];
  if (!p || !values.length) return { kind: 'other', raw, text: raw };
  const shown = values.map((v) => {
    if (p.kind === 'chain') return chainName?.(v) || v;
    if (p.kind === 'size') return (SIZE_LABELS as Record<string, string>)[v] ?? v;
    return v;
  });
  const text = shown.length > 1 ? `${p.label}（任一）：${shown.join('、')}` : `${p.label}：${shown[0]}`;
  return { kind: p.kind, raw, text };
}

export const reasonText = (raw: string, chainName?: ChainNameOf): string => explainReason(raw, chainName).text;

/** Qualifying policies first, then those closing soon; otherwise the server's order. */
export function sortMatches<T extends Pick<PolicyMatch, 'qualifies' | 'closing_soon'>>(items: readonly T[]): T[] {
  return items
    .map((p, i) => ({ p, i }))
    .sort((a, b) => Number(b.p.qualifies) - Number(a.p.qualifies) || Number(b.p.closing_soon) - Number(a.p.closing_soon) || a.i - b.i)
    .map((x) => x.p);
}

/** "申报窗口还剩 N 天" when the deadline is near; '' otherwise. */
export function closingText(p: Pick<PolicyMatch, 'closing_soon' | 'days_left'>): string {
  if (!p.closing_soon || p.days_left === null || p.days_left === undefined) return '';
  return p.days_left <= 0 ? '申报窗口今天截止' : `申报窗口还剩 ${p.days_left} 天`;
}

/** The application window in words ("2026-03-01 至 2026-12-31", "至 2026-12-31 截止", …). */
export function applyWindowText(p: { apply_from?: string | null; apply_until?: string | null }): string {
  if (p.apply_from && p.apply_until) return `${p.apply_from} 至 ${p.apply_until}`;
  if (p.apply_until) return `${p.apply_until} 截止`;
  if (p.apply_from) return `${p.apply_from} 起`;
  return '未设申报期限';
}

/** Validity in words. */
export function validityText(p: { effective_on: string; expires_on?: string | null }): string {
  return p.expires_on ? `${p.effective_on} 至 ${p.expires_on}` : `${p.effective_on} 起长期有效`;
}

/** A policy's eligibility as reason strings (the same words as matching uses): what is required, and which tags exclude. */
export function eligibilityReasons(p: {
  chain_codes?: string[] | null; districts?: string[] | null; size_classes?: string[] | null;
  required_tags?: string[] | null; excluded_tags?: string[] | null; key_enterprise_only?: boolean | null;
}): { required: string[]; excluded: string[] } {
  const required: string[] = [];
  if (p.chain_codes?.length) required.push(`chain:${p.chain_codes.join('|')}`);
  if (p.districts?.length) required.push(`district:${p.districts.join('|')}`);
  if (p.size_classes?.length) required.push(`size:${p.size_classes.join('|')}`);
  if (p.key_enterprise_only) required.push('key_enterprise');
  for (const t of p.required_tags ?? []) required.push(`tag:${t}`);
  return { required, excluded: (p.excluded_tags ?? []).map((t) => `tag:${t}`) };
}
