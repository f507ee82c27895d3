/*
 * Administration of the four ones and of the rules and people around
 * them: chain details and committees, experts, lead banks, legal teams,
 * policy packs, routing rules, the SLA and calendar, 包联 in bulk, API
 * tokens, the audit log and spreadsheet imports.  Types come from
 * docs/openapi.json (src/api/schema.d.ts).
 */
import { api, download, uploadFile, type DownloadProgress, type Query, type UploadProgress } from './client';
import type { components } from './schema';
import type { CaseCategory } from './types';

type S = components['schemas'];

export type ChainResources = S['ChainResources'];
export type ChainHead = S['ChainHead'];
export type ChainPatch = S['ChainPatch'];
export type CommitteeMemberAdmin = S['CommitteeMemberAdmin'];
export type CommitteeMemberWrite = S['CommitteeMemberWrite'];
export type ExpertAdmin = S['ExpertAdmin'];
export type ExpertWrite = S['ExpertWrite'];
export type LeadBankAdmin = S['LeadBankAdmin'];
export type LeadBankPut = S['LeadBankPut'];
export type AccountManagerAdmin = S['AccountManagerAdmin'];
export type AccountManagerWrite = S['AccountManagerWrite'];
export type FinancingProductAdmin = S['FinancingProductAdmin'];
export type FinancingProductWrite = S['FinancingProductWrite'];
export type LawFirmAdmin = S['LawFirmAdmin'];
export type LawFirmWrite = S['LawFirmWrite'];
export type LawyerAdmin = S['LawyerAdmin'];
export type LawyerWrite = S['LawyerWrite'];
export type PolicyPackContactAdmin = S['PolicyPackContactAdmin'];
export type PolicyPackPut = S['PolicyPackPut'];
export type PolicyPackChange = S['PolicyPackChange'];
export type LinkedAccount = S['LinkedAccount'];
export type RoutingItem = S['RoutingItem'];
export type RoutingList = S['RoutingList'];
export type RoutingCheck = S['RoutingCheck'];
export type RowError = S['RowError'];
export type CalendarImport = S['CalendarImport'];
export type EnterpriseImport = S['EnterpriseImport'];
export type DeadlineEffect = S['DeadlineEffect'];
export type Calendar = S['Calendar'];
export type CalendarDay = S['CalendarDay'];
export type SlaList = S['SlaList'];
export type SlaLimit = S['SlaLimit'];
export type AssignmentBulkResult = S['AssignmentBulkResult'];
export type Assignment = S['Assignment'];
export type Token = S['Token'];
export type TokenCreate = S['TokenCreate'];
export type TokenCreated = S['TokenCreated'];
export type AuditEntry = S['AuditEntry'];

const c = (code: string) => `/chains/${encodeURIComponent(code)}`;

export const chainAdminApi = {
  resources: (code: string) => api.get<ChainResources>(`${c(code)}/resources`),
  patch: (code: string, body: ChainPatch) => api.patch<ChainHead>(c(code), body),
  addMember: (code: string, body: CommitteeMemberWrite, key?: string) => api.post<CommitteeMemberAdmin>(`${c(code)}/committee-members`, body, { idempotencyKey: key }),
  patchMember: (id: number, body: CommitteeMemberWrite) => api.patch<CommitteeMemberAdmin>(`/committee-members/${id}`, body),
  removeMember: (id: number) => api.del<void>(`/committee-members/${id}`),
  addExpert: (code: string, body: ExpertWrite, key?: string) => api.post<ExpertAdmin>(`${c(code)}/experts`, body, { idempotencyKey: key }),
  patchExpert: (id: number, body: ExpertWrite) => api.patch<ExpertAdmin>(`/experts/${id}`, body),
  retireExpert: (id: number) => api.del<void>(`/experts/${id}`),
  putBank: (code: string, body: LeadBankPut) => api.put<LeadBankAdmin>(`${c(code)}/lead-bank`, body),
  addManager: (code: string, body: AccountManagerWrite, key?: string) => api.post<AccountManagerAdmin>(`${c(code)}/lead-bank/managers`, body, { idempotencyKey: key }),
  patchManager: (id: number, body: AccountManagerWrite) => api.patch<AccountManagerAdmin>(`/account-managers/${id}`, body),
  retireManager: (id: number) => api.del<void>(`/account-managers/${id}`),
  addProduct: (code: string, body: FinancingProductWrite, key?: string) => api.post<FinancingProductAdmin>(`${c(code)}/lead-bank/products`, body, { idempotencyKey: key }),
  patchProduct: (id: number, body: FinancingProductWrite) => api.patch<FinancingProductAdmin>(`/financing-products/${id}`, body),
  retireProduct: (id: number) => api.del<void>(`/financing-products/${id}`),
  addFirm: (code: string, body: LawFirmWrite, key?: string) => api.post<LawFirmAdmin>(`${c(code)}/law-firms`, body, { idempotencyKey: key }),
  patchFirm: (id: number, body: LawFirmWrite) => api.patch<LawFirmAdmin>(`/law-firms/${id}`, body),
  retireFirm: (id: number) => api.del<void>(`/law-firms/${id}`),
  addLawyer: (firmId: number, body: LawyerWrite, key?: string) => api.post<LawyerAdmin>(`/law-firms/${firmId}/lawyers`, body, { idempotencyKey: key }),
  patchLawyer: (id: number, body: LawyerWrite) => api.patch<LawyerAdmin>(`/lawyers/${id}`, body),
  retireLawyer: (id: number) => api.del<void>(`/lawyers/${id}`),
  putPack: (code: string, body: PolicyPackPut) => api.put<PolicyPackContactAdmin>(`${c(code)}/policy-pack`, body),
  addPackPolicy: (code: string, policyId: number) => api.post<PolicyPackChange>(`${c(code)}/policy-pack/policies`, { policy_id: policyId }),
  removePackPolicy: (code: string, policyId: number) => api.del<PolicyPackChange>(`${c(code)}/policy-pack/policies/${policyId}`),
};

export const routingApi = {
  list: (query: { chain?: string; category?: CaseCategory } = {}) => api.get<RoutingList>('/routing-rules', { query }),
  check: () => api.get<RoutingCheck>('/routing-rules/check'),
  set: (code: string, category: CaseCategory, userIds: number[]) => api.put<RoutingList>(`${c(code)}/routing-rules/${category}`, { user_ids: userIds }),
};

export const rulesApi = {
  sla: () => api.get<SlaList>('/sla'),
  putSla: (items: { category: CaseCategory; working_days: number }[]) => api.put<SlaList>('/sla', { items }),
  calendar: (year: number) => api.get<Calendar>(`/calendar/${year}`),
  putCalendar: (year: number, days: CalendarDay[]) => api.put<Calendar>(`/calendar/${year}`, { days }),
  importCalendar: (year: number, file: Blob, dryRun: boolean, onProgress?: (p: UploadProgress) => void) =>
    uploadFile<CalendarImport>(`/calendar/${year}/import`, file, dryRun ? { dry_run: true } : undefined, onProgress),
};

export const importApi = {
  enterprises: (file: Blob, dryRun: boolean, onProgress?: (p: UploadProgress) => void, signal?: AbortSignal) =>
    uploadFile<EnterpriseImport>('/enterprises/import', file, dryRun ? { dry_run: true } : undefined, onProgress, signal),
  template: (format: 'xlsx' | 'csv') => download('/enterprises/import/template', { format }),
};

export const assignmentAdminApi = {
  list: (query: { commissioner?: number; enterprise?: number; limit?: number; cursor?: string }) => api.get<{ items: Assignment[]; next_cursor: string | null }>('/assignments', { query }),
  bulk: (commissionerId: number, add: number[], remove: number[]) => api.post<AssignmentBulkResult>('/assignments/bulk', { commissioner_id: commissionerId, add, remove }),
};

export const tokenApi = {
  list: (query: { user?: number; limit?: number; cursor?: string } = {}) => api.get<{ items: Token[]; next_cursor: string | null }>('/tokens', { query }),
  create: (body: TokenCreate, key?: string) => api.post<TokenCreated>('/tokens', body, { idempotencyKey: key }),
  revoke: (id: number) => api.del<void>(`/tokens/${id}`),
};

export interface AuditQuery extends Query {
  actor?: number;
  action?: string;
  object_type?: string;
  object_id?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export const auditApi = {
  list: (query: AuditQuery) => api.get<{ items: AuditEntry[]; next_cursor: string | null }>('/audit', { query }),
  exportFile: (format: 'xlsx' | 'csv', query: AuditQuery, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal) =>
    download(`/audit.${format}`, { ...query, cursor: undefined, limit: undefined }, onProgress, signal),
};
