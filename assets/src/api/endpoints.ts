// Typed calls, one per endpoint the pages use.
import { api, apiUrl, type Query } from './client';
import type {
  Attachment, Case, CaseCreate, CaseQuery, CaseStats, Chain, ChainSummary, Enterprise, EnterpriseCreate,
  ListPage, Note, NoteCreate, Policy, PolicyMatchList, PolicyQuery, PolicyWrite, Session, SuggestedAssignee, Transition,
  User, UserCreate, Bulletin, BulletinCreate, BulletinPatch, BulletinQuery, BulletinSummary,
} from './types';

export const sessionApi = {
  login: (login: string, password: string) =>
    api.post<Session>('/session', { login, password }, { noAuthRedirect: true }),
  me: () => api.get<Session>('/me', { noAuthRedirect: true }),
  logout: () => api.del<void>('/session', { noAuthRedirect: true }),
};

export const chainsApi = {
  list: () => api.get<ListPage<ChainSummary>>('/chains'),
  get: (code: string) => api.get<Chain>(`/chains/${encodeURIComponent(code)}`),
};

export interface EnterpriseQuery extends Query {
  chain?: string; district?: string; tag?: string; q?: string; commissioner?: string; verified?: 'true' | 'false'; limit?: number; cursor?: string;
}

export const enterprisesApi = {
  list: (query: EnterpriseQuery = {}) => api.get<ListPage<Enterprise>>('/enterprises', { query }),
  get: (id: number) => api.get<Enterprise>(`/enterprises/${id}`),
  create: (body: EnterpriseCreate, idempotencyKey?: string) => api.post<Enterprise>('/enterprises', body, { idempotencyKey }),
  patch: (id: number, body: Partial<EnterpriseCreate>) => api.patch<Enterprise>(`/enterprises/${id}`, body),
  /** Confirm an enterprise registered unverified from another system's work order, with the facts it lacks. */
  confirm: (id: number, body: Partial<Pick<EnterpriseCreate, 'district' | 'size_class'>>) => api.patch<Enterprise>(`/enterprises/${id}`, { ...body, verified: true }),
  /** Every active policy, explained for this enterprise; closing_soon within windowDays. */
  policies: (id: number, windowDays = 14) => api.get<PolicyMatchList>(`/enterprises/${id}/policies`, { query: { window_days: windowDays } }),
  assign: (commissioner_id: number, enterprise_id: number) =>
    api.post<unknown>('/assignments', { commissioner_id, enterprise_id }),
};

export const casesApi = {
  list: (query: CaseQuery = {}) => api.get<ListPage<Case>>('/cases', { query: query as Query }),
  get: (id: number) => api.get<Case>(`/cases/${id}`),
  create: (body: CaseCreate, idempotencyKey?: string) => api.post<Case>('/cases', body, { idempotencyKey }),
  transition: (id: number, body: Transition) => api.post<Case>(`/cases/${id}/transitions`, body),
  addNote: (id: number, body: NoteCreate, idempotencyKey?: string) => api.post<Note>(`/cases/${id}/notes`, body, { idempotencyKey }),
  upload: (id: number, file: File, idempotencyKey?: string) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<Attachment>(`/cases/${id}/attachments`, form, { idempotencyKey });
  },
  attachmentUrl: (id: number, attachmentId: number) => apiUrl(`/cases/${id}/attachments/${attachmentId}`),
  suggestedAssignee: (id: number) => api.get<SuggestedAssignee>(`/cases/${id}/suggested-assignee`),
  exportXlsx: (query: CaseQuery) => api.get<Blob>('/cases.xlsx', { query: query as Query, blob: true }),
  stats: (query: CaseQuery = {}) => api.get<CaseStats>('/stats/cases', { query: query as Query }),
};

export interface UserQuery extends Query { role?: string; chain?: string; q?: string; limit?: number; cursor?: string }

export const usersApi = {
  list: (query: UserQuery = {}) => api.get<ListPage<User>>('/users', { query }),
  create: (body: UserCreate, idempotencyKey?: string) => api.post<User>('/users', body, { idempotencyKey }),
};

export const policiesApi = {
  list: (query: PolicyQuery = {}) => api.get<ListPage<Policy>>('/policies', { query: query as Query }),
  get: (id: number) => api.get<Policy>(`/policies/${id}`),
  create: (body: PolicyWrite, idempotencyKey?: string) => api.post<Policy>('/policies', body, { idempotencyKey }),
  patch: (id: number, body: PolicyWrite) => api.patch<Policy>(`/policies/${id}`, body),
  /** Archive (true) or restore (false). */
  archive: (id: number, archived = true) => api.patch<Policy>(`/policies/${id}`, { archived }),
};

export const bulletinsApi = {
  list: (query: BulletinQuery = {}) => api.get<ListPage<BulletinSummary>>('/bulletins', { query: query as Query }),
  get: (id: number) => api.get<Bulletin>(`/bulletins/${id}`),
  create: (body: BulletinCreate, idempotencyKey?: string) => api.post<Bulletin>('/bulletins', body, { idempotencyKey }),
  /** Drafts only: a published bulletin answers 409 (unpublish first). */
  patch: (id: number, body: BulletinPatch) => api.patch<Bulletin>(`/bulletins/${id}`, body),
  publish: (id: number) => api.post<Bulletin>(`/bulletins/${id}/publish`, {}),
  unpublish: (id: number) => api.post<Bulletin>(`/bulletins/${id}/unpublish`, {}),
};

export const markdownApi = {
  /** The server's rendering (cmark-gfm, raw HTML suppressed), exactly as publishing stores it. */
  preview: (body_md: string, signal?: AbortSignal) => api.post<{ html: string }>('/markdown/preview', { body_md }, { signal }),
};

/*
 * The districts and enterprise tags the server knows (policies naming
 * others answer 422).  GET /api/v1/districts and /api/v1/tags are not in
 * docs/openapi.json yet, hence the local types; a server without them
 * answers 404 and the forms fall back to the built-in lists.
 */
export interface NamedItem { name: string; description?: string | null }
export const vocabApi = {
  districts: () => api.get<{ items: NamedItem[] }>('/districts'),
  tags: () => api.get<{ items: NamedItem[] }>('/tags'),
};
