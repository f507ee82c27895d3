/*
 * Chain committee meetings, their decisions and action items, and the
 * chain's common problems: the calls, with the types generated from
 * docs/openapi.json.
 */
import { api, download, type DownloadProgress, type Query } from './client';
import type { components } from './schema';
import type { ExportFormat } from './visits';

type S = components['schemas'];

export type Meeting = S['Meeting'];
export type MeetingSummary = S['MeetingSummary'];
export type MeetingList = S['MeetingList'];
export type MeetingStatus = S['MeetingStatus'];
export type MeetingKind = S['MeetingKind'];
export type MeetingCreate = S['MeetingCreate'];
export type MeetingPatch = S['MeetingPatch'];
export type MeetingAttendeeIn = S['MeetingAttendeeIn'];
export type AgendaItem = S['AgendaItem'];
export type AgendaItemKind = S['AgendaItemKind'];
export type AgendaItemCreate = S['AgendaItemCreate'];
export type Decision = S['Decision'];
export type DecisionCreate = S['DecisionCreate'];
export type ActionItem = S['ActionItem'];
export type ActionItemIn = S['ActionItemIn'];
export type ActionItemList = S['ActionItemList'];
export type MinutesVersion = S['MinutesVersion'];
export type CaseMeetings = S['CaseMeetings'];
export type CommonProblems = S['CommonProblems'];
export type PeopleList = S['PeopleList'];

export interface MeetingQuery extends Query {
  chain?: string;
  status?: MeetingStatus;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface ActionQuery extends Query {
  mine?: boolean;
  status?: 'open' | 'done' | 'overdue';
  chain?: string;
  meeting?: number;
  limit?: number;
  cursor?: string;
}

export const meetingsApi = {
  list: (query: MeetingQuery = {}) => api.get<MeetingList>('/meetings', { query }),
  get: (id: number) => api.get<Meeting>(`/meetings/${id}`),
  create: (body: MeetingCreate, idempotencyKey?: string) => api.post<Meeting>('/meetings', body, { idempotencyKey }),
  patch: (id: number, body: MeetingPatch) => api.patch<Meeting>(`/meetings/${id}`, body),
  addItem: (id: number, body: AgendaItemCreate, idempotencyKey?: string) => api.post<Meeting>(`/meetings/${id}/agenda`, body, { idempotencyKey }),
  orderAgenda: (id: number, ids: number[]) => api.put<Meeting>(`/meetings/${id}/agenda`, { ids }),
  patchItem: (id: number, item: number, body: { title?: string; notes?: string }) => api.patch<Meeting>(`/meetings/${id}/agenda/${item}`, body),
  removeItem: (id: number, item: number) => api.del<void>(`/meetings/${id}/agenda/${item}`),
  decide: (id: number, body: DecisionCreate, idempotencyKey?: string) => api.post<Decision>(`/meetings/${id}/decisions`, body, { idempotencyKey }),
  minutes: (id: number, version: number) => api.get<MinutesVersion>(`/meetings/${id}/minutes/${version}`),
  people: (id: number) => api.get<PeopleList>(`/meetings/${id}/people`),
  exportDecisions: (id: number, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal) =>
    download(`/meetings/${id}/decisions.xlsx`, undefined, onProgress, signal),
  /** The printable page (server-rendered HTML, not under /api/v1). */
  printUrl: (id: number) => `/meetings/${id}/print`,
  forCase: (caseId: number) => api.get<CaseMeetings>(`/cases/${caseId}/meetings`),
  commonProblems: (code: string) => api.get<CommonProblems>(`/chains/${encodeURIComponent(code)}/common-problems`),
};

export const actionsApi = {
  list: (query: ActionQuery = {}) => api.get<ActionItemList>('/actions', { query }),
  complete: (id: number, note?: string) => api.post<ActionItem>(`/actions/${id}/complete`, note ? { note } : {}),
  export: (format: ExportFormat, query: ActionQuery, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal) =>
    download(`/actions.${format}`, { ...query, cursor: undefined, limit: undefined }, onProgress, signal),
};
