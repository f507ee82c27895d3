/*
 * 政策直通车 policy sessions: the calls, with the types generated from
 * docs/openapi.json.
 */
import { api, download, type DownloadProgress, type Query } from './client';
import type { components } from './schema';
import type { ExportFormat } from './visits';

type S = components['schemas'];

export type EventStatus = S['EventStatus'];
export type EventSummary = S['EventSummary'];
export type EventDetail = S['Event'];
export type EventList = S['EventList'];
export type EventCreate = S['EventCreate'];
export type EventPatch = S['EventPatch'];
export type EventRegistration = S['EventRegistration'];
export type EventRegistrationList = S['EventRegistrationList'];
export type EventQuestions = S['EventQuestions'];
export type EventQuestionsResult = S['EventQuestionsResult'];
export type EventFigures = S['EventFigures'];
export type EventStats = S['EventStats'];

export type EventAction = 'open' | 'close' | 'done' | 'cancel';

export interface EventQuery extends Query {
  chain?: string;
  status?: EventStatus;
  from?: string;
  to?: string;
  q?: string;
  /** An enterprise's: the sessions it registered for. */
  mine?: boolean;
  /** Open or closed sessions not over yet, the caller's chains first. */
  upcoming?: boolean;
  limit?: number;
  cursor?: string;
}

export interface RegistrationQuery extends Query {
  status?: 'registered' | 'waitlisted' | 'attended' | 'absent';
  limit?: number;
  cursor?: string;
}

export interface EventStatsQuery extends Query { chain?: string; from?: string; to?: string }

export const eventsApi = {
  list: (query: EventQuery = {}) => api.get<EventList>('/events', { query }),
  get: (id: number) => api.get<EventDetail>(`/events/${id}`),
  create: (body: EventCreate, idempotencyKey?: string) => api.post<EventDetail>('/events', body, { idempotencyKey }),
  patch: (id: number, body: EventPatch) => api.patch<EventDetail>(`/events/${id}`, body),
  act: (id: number, action: EventAction, reason?: string) =>
    api.post<EventDetail>(`/events/${id}/${action}`, action === 'cancel' && reason ? { reason } : {}),
  registrations: (id: number, query: RegistrationQuery = {}) => api.get<EventRegistrationList>(`/events/${id}/registrations`, { query }),
  register: (id: number, body: { attendee_count: number; note?: string }, idempotencyKey?: string) =>
    api.post<EventRegistration>(`/events/${id}/registrations`, body, { idempotencyKey }),
  unregister: (id: number, rid: number) => api.del<void>(`/events/${id}/registrations/${rid}`),
  checkin: (id: number, code: string) => api.post<EventRegistration>(`/events/${id}/checkins`, { code }),
  questions: (id: number, body: EventQuestions, idempotencyKey?: string) =>
    api.post<EventQuestionsResult>(`/events/${id}/questions`, body, { idempotencyKey }),
  /** Registrations and attendance as a file. */
  export: (id: number, format: ExportFormat, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal) =>
    download(`/events/${id}/registrations.${format}`, undefined, onProgress, signal),
  stats: (query: EventStatsQuery = {}) => api.get<EventStats>('/stats/events', { query }),
};
