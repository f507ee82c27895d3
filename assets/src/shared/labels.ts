// Chinese labels for the API's enums.
import type { CaseAction, CaseCategory, CaseChannel, CaseStatus, Role, SizeClass, VisitLevel } from '@/api/types';

export const STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  rejected: '不予受理',
  assigned: '已交办',
  in_progress: '办理中',
  resolved: '已办结待确认',
  closed: '已办结',
};

export const STATUS_ORDER: CaseStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected'];

export const CATEGORY_LABELS: Record<CaseCategory, string> = {
  policy: '政策咨询',
  financing: '融资需求',
  legal: '法律服务',
  technology: '技术攻关',
  talent: '人才用工',
  approvals: '审批用地',
  other: '其他问题',
};
export const CATEGORY_ORDER: CaseCategory[] = ['policy', 'financing', 'legal', 'technology', 'talent', 'approvals', 'other'];

export const CHANNEL_LABELS: Record<CaseChannel, string> = {
  portal: '企业网上提交',
  visit: '解链调研',
  event: '政策直通车',
  phone: '电话',
  hotline: '12345热线',
  platform: '诉求平台',
};

export const ROLE_LABELS: Record<Role, string> = {
  enterprise: '企业用户',
  commissioner: '服务专员',
  responder: '承办人',
  committee: '产业链党委',
  admin: '管理员',
  integration: '系统接入',
};

export const ACTION_LABELS: Record<CaseAction, string> = {
  accept: '受理',
  reject: '不予受理',
  assign: '交办',
  start: '开始办理',
  resolve: '办结',
  confirm: '确认办结并评价',
  reopen: '重新办理',
  escalate: '列为书记突破项目',
  deescalate: '取消突破项目',
};

export const SIZE_LABELS: Record<SizeClass, string> = { large: '大型', medium: '中型', small: '小型', micro: '微型' };

export const LEVEL_LABELS: Record<VisitLevel, string> = {
  industry: '产业', enterprise: '企业', project: '项目', technology: '技术', talent: '人才',
};
/** The five levels of a 解链 visit, in the order they are always shown. */
export const LEVEL_ORDER: VisitLevel[] = ['industry', 'enterprise', 'project', 'technology', 'talent'];

/** Unknown values (a newer server) show as they come, never as "undefined". */
export function label<K extends string>(map: Record<K, string>, key: string | null | undefined): string {
  if (!key) return '—';
  return (map as Record<string, string>)[key] ?? key;
}

export const statusLabel = (s: string | null | undefined) => label(STATUS_LABELS, s);
export const categoryLabel = (s: string | null | undefined) => label(CATEGORY_LABELS, s);
export const roleLabel = (s: string | null | undefined) => label(ROLE_LABELS, s);
export const actionLabel = (s: string | null | undefined) => label(ACTION_LABELS, s);
export const channelLabel = (s: string | null | undefined) => label(CHANNEL_LABELS, s);
export const sizeLabel = (s: string | null | undefined) => label(SIZE_LABELS, s);
export const levelLabel = (s: string | null | undefined) => label(LEVEL_LABELS, s);

export type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'default';

/** Colour family of a status, for tags in both surfaces. */
export function statusTone(s: CaseStatus | string): Tone {
  switch (s) {
    case 'submitted': return 'warning';
    case 'accepted':
    case 'assigned':
    case 'in_progress': return 'primary';
    case 'resolved': return 'success';
    case 'closed': return 'default';
    case 'rejected': return 'danger';
    default: return 'default';
  }
}

export const OPEN_STATUSES: CaseStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress'];
export function isFinished(s: string): boolean {
  return s === 'resolved' || s === 'closed' || s === 'rejected';
}

export const RESOURCE_LABELS: Record<string, string> = { expert: '专家顾问', account_manager: '银行客户经理', lawyer: '律师', policy_pack: '政策对接人' };
/** A responder's four-ones resource; an unbound responder is a department desk. */
export const resourceLabel = (s: string | null | undefined) => (s ? (RESOURCE_LABELS[s] ?? s) : '部门');

export const BULLETIN_STATUS_LABELS: Record<'draft' | 'published', string> = { draft: '草稿', published: '已发布' };
export const bulletinStatusLabel = (s: string | null | undefined) => label(BULLETIN_STATUS_LABELS, s);
