/*
 * Service quality: the committee's figures (GET /metrics and its tables and
 * files) and the re-check (回访) queue, with the types generated from
 * docs/openapi.json.  What each figure means: docs/METRICS.md.
 */
import { api, download, type DownloadProgress, type Query } from './client';
import type { components } from './schema';
import type { CaseCategory } from './types';

type S = components['schemas'];

export type MetricsFigures = S['MetricsFigures'];
export type MetricsDashboard = S['MetricsDashboard'];
export type MetricsPeriodFigures = S['MetricsPeriodFigures'];
export type MetricsChange = S['MetricsChange'];
export type MetricsTable = S['MetricsTable'];
export type MetricsRow = MetricsTable['items'][number];
export type Recheck = S['Recheck'];
export type RecheckList = S['RecheckList'];
export type RecheckOutcome = S['RecheckOutcome'];
export type RecheckDraw = S['RecheckDraw'];

export type MetricsGroup = 'chains' | 'categories' | 'commissioners' | 'responders';
export type MetricsTableName = 'summary' | 'weekly' | MetricsGroup;

export interface MetricsQuery extends Query {
  chain?: string;
  category?: CaseCategory;
  commissioner?: number;
  responder?: number;
  from?: string;
  to?: string;
}

export interface RecheckQuery extends Query {
  status?: 'pending' | 'done';
  outcome?: RecheckOutcome;
  reason?: string;
  chain?: string;
  limit?: number;
  cursor?: string;
}

export const metricsApi = {
  dashboard: (query: MetricsQuery) => api.get<MetricsDashboard>('/metrics', { query }),
  table: (group: MetricsGroup, query: MetricsQuery) => api.get<MetricsTable>(`/metrics/${group}`, { query }),
  export: (format: 'csv' | 'xlsx', table: MetricsTableName, query: MetricsQuery, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal) =>
    download(`/metrics.${format}`, { ...query, table }, onProgress, signal),
};

export const rechecksApi = {
  list: (query: RecheckQuery = {}) => api.get<RecheckList>('/rechecks', { query }),
  get: (id: number) => api.get<Recheck>(`/rechecks/${id}`),
  record: (id: number, outcome: RecheckOutcome, note: string) => api.post<Recheck>(`/rechecks/${id}`, note ? { outcome, note } : { outcome }),
};
