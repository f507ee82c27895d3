/*
 * 解链 visits, chain coverage and commissioner workload: the calls, with
 * the types generated from docs/openapi.json.
 */
import { api, download, type DownloadProgress, type Query } from './client';
import type { components } from './schema';
import type { VisitLevel } from './types';

type S = components['schemas'];

/** A list item of GET /visits (no cases: n_cases counts them). */
export type VisitItem = S['Visit'];
/** GET /visits/{id} and the answer of POST /visits: with its cases. */
export type Visit = S['Visit'] & Required<Pick<S['Visit'], 'cases' | 'can_edit'>>;
/** The body of POST /visits. */
export type VisitCreate = S['VisitCreate'];
export type VisitList = S['VisitList'];
export type CoverageCell = S['CoverageCell'];
export type CoverageRow = S['CoverageRow'];
export type Coverage = S['Coverage'];
export type WorkloadItem = S['WorkloadRow'];
export type Workload = S['Workload'];

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

export interface CoverageQuery extends Query {
  chain?: string;
  /** Given: only enterprises with a level not visited within N days. */
  stale_days?: number;
  commissioner?: number;
}

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
