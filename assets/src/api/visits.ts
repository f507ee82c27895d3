/*
 * 解链 visits, chain coverage and commissioner workload.
 *
 * The types here are local, like vocabApi's: docs/openapi.json still
 * describes an older shape of these answers (flat enterprise_id/visitors as
 * strings, a paged coverage list) and has no entry for the exports or
 * GET /api/v1/workload.  They follow what the server builds (src/visit.c,
 * src/coverage.c); once the OpenAPI document catches up, switch to the
 * generated names in ./types.
 */
import { api, download, type DownloadProgress, type Query } from './client';
import type { CaseCategory, CaseStatus, VisitLevel } from './types';

export interface IdName { id: number; name: string }
export interface CodeName { code: string; name: string }

/** A visitor: a user with an account (user_id) or a name as typed (user_id null). */
export interface VisitVisitor { user_id: number | null; name: string }

export interface VisitCaseRef {
  id: number;
  number: string;
  status: CaseStatus;
  title: string;
  category: CaseCategory;
  overdue?: boolean;
}

/** A list item of GET /visits. */
export interface VisitItem {
  id: number;
  enterprise: IdName;
  chain: CodeName;
  visited_on: string;
  levels: VisitLevel[];
  /** Keyed by level; null for an enterprise user (staff notes). */
  findings: Partial<Record<VisitLevel, string>> | null;
  summary: string | null;
  visitors: VisitVisitor[];
  recorded_by: IdName | null;
  n_cases: number;
  created_at: string;
  updated_at: string;
}

/** GET /visits/{id} and the answer of POST /visits. */
export interface Visit extends VisitItem {
  cases: VisitCaseRef[];
  can_edit: boolean;
}

export interface VisitProblem { category: CaseCategory; title: string; description: string }

/** The body of POST /visits. */
export interface VisitCreate {
  enterprise_id: number;
  visited_on: string;
  levels: VisitLevel[];
  visitors?: Array<{ user_id: number } | { name: string }>;
  findings?: Partial<Record<VisitLevel, string>>;
  summary?: string;
  chain_code?: string;
  problems?: VisitProblem[];
}

export interface VisitQuery extends Query {
  enterprise?: number;
  chain?: string;
  commissioner?: number;
  level?: VisitLevel;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface VisitList { items: VisitItem[]; next_cursor: string | null }

/** One cell of the coverage grid. */
export interface CoverageCell {
  last_visited_on: string | null;
  /** Days from the last visit to the server's today; null = never. */
  days_since: number | null;
  /** Only meaningful when stale_days was given. */
  stale: boolean;
}

export interface CoverageRow {
  enterprise: { id: number; name: string; credit_code: string; district: string | null; key_enterprise: boolean };
  visits: number;
  last_visited_on: string | null;
  levels: Record<VisitLevel, CoverageCell>;
  stale_levels: VisitLevel[];
}

export interface Coverage {
  /** The server's date (Asia/Shanghai). */
  today: string;
  chain: CodeName | null;
  commissioner: IdName | null;
  stale_days: number | null;
  levels: VisitLevel[];
  items: CoverageRow[];
}

export interface CoverageQuery extends Query {
  chain?: string;
  /** Given: only enterprises with a level not visited within N days. */
  stale_days?: number;
  commissioner?: number;
}

export interface WorkloadItem {
  commissioner: { id: number; name: string; login: string; disabled: boolean };
  enterprises: number;
  visits: number;
  visited_enterprises: number;
  visit_cases: number;
  open_cases: number;
  overdue_cases: number;
  rated_cases: number;
  average_rating: number | null;
}

export interface Workload { from: string; to: string; items: WorkloadItem[] }

export interface WorkloadQuery extends Query { from?: string; to?: string }

export type ExportFormat = 'xlsx' | 'csv';

export const visitsApi = {
  list: (query: VisitQuery = {}) => api.get<VisitList>('/visits', { query }),
  get: (id: number) => api.get<Visit>(`/visits/${id}`),
  create: (body: VisitCreate, idempotencyKey?: string) => api.post<Visit>('/visits', body, { idempotencyKey }),
  /** The filtered list as a file (no paging: the server caps the rows). */
  export: (format: ExportFormat, query: VisitQuery, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal) =>
    download(`/visits.${format}`, { ...query, cursor: undefined, limit: undefined }, onProgress, signal),
};

export const coverageApi = {
  get: (query: CoverageQuery = {}) => api.get<Coverage>('/coverage', { query }),
  export: (format: ExportFormat, query: CoverageQuery, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal) =>
    download(`/coverage.${format}`, query, onProgress, signal),
};

export const workloadApi = {
  get: (query: WorkloadQuery = {}) => api.get<Workload>('/workload', { query }),
};
