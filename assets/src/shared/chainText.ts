// Display helpers for a chain's committee and four ones.
import type { components } from '@/api/schema';

type Product = components['schemas']['FinancingProduct'];

export const PRODUCT_KINDS: Record<string, string> = {
  credit_loan: '信用贷款', secured_loan: '抵质押贷款', ip_pledge: '知识产权质押', supply_chain: '供应链金融',
  bill: '票据业务', guarantee: '担保', leasing: '融资租赁', other: '其他',
};

const ROLE: Record<string, string> = { secretary: '党委书记', deputy_secretary: '副书记', member: '委员' };
export const committeeRole = (r: string | null | undefined) => (r ? (ROLE[r] ?? r) : '');

/** "年化3.45%起 · 最高1000万元 · 12个月" */
export function productLine(p: Product): string {
  const parts: string[] = [];
  if (p.kind) parts.push(PRODUCT_KINDS[p.kind] ?? p.kind);
  if (p.rate_text) parts.push(p.rate_text);
  if (typeof p.max_amount_yuan === 'number') parts.push(`最高${p.max_amount_yuan >= 10000 ? `${(p.max_amount_yuan / 10000).toLocaleString('zh-CN')}万元` : `${p.max_amount_yuan}元`}`);
  if (typeof p.term_months === 'number') parts.push(`${p.term_months}个月`);
  if (p.summary) parts.push(p.summary);
  return parts.join(' · ');
}

export const PARTY_ORG_LABELS: Record<string, string> = { established: '单独建立', joint: '联合建立', instructor: '党建指导员', none: '未建立' };
export const partyOrgLabel = (s: string | null | undefined) => (s ? (PARTY_ORG_LABELS[s] ?? s) : '—');

/** Where a bulletin or policy applies: "全市" when it names no chain, else the chains' names. */
export function scopeText(codes: readonly string[] | null | undefined, nameOf: (code: string) => string | undefined = () => undefined): string {
  if (!codes || !codes.length) return '全市';
  return codes.map((c) => nameOf(c) || c).join('、');
}
