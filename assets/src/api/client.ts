/*
 * The one way the front end talks to the server.
 *  - cookie session (credentials: same-origin) + X-CSRF-Token on every change;
 *  - error bodies {"error":{code,message,fields,request_id}} become ApiError,
 *    whose fields map onto form fields;
 *  - a lost connection or a 5xx becomes a retryable ApiError whose message asks
 *    to retry; forms keep what the user typed (they never reset on error);
 *  - 401 calls the handler the surface installed (go to login).
 */
import type { ApiErrorBody } from './types';

export const API_BASE = '/api/v1';
const CSRF_KEY = 'hl.csrf_token';

export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试。您填写的内容已保留。';
export const SERVER_MESSAGE = '服务器暂时无法处理请求，请稍后重试。您填写的内容已保留。';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly requestId: string | null;
  /** A lost connection or a 5xx: the same request may succeed later. */
  readonly retryable: boolean;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}, requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.requestId = requestId;
    this.retryable = status === 0 || status >= 500;
  }

  /** Message for one field, if the server named it. */
  field(name: string): string | undefined {
    return this.fields[name];
  }
}

/** Turn anything thrown by a request into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof DOMException && e.name === 'AbortError') return new ApiError(0, 'aborted', '请求已取消。');
  return new ApiError(0, 'network', NETWORK_MESSAGE);
}

let csrfMemory: string | null = null;

export function getCsrfToken(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY) ?? csrfMemory;
  } catch {
    return csrfMemory; // storage blocked (some in-app browsers)
  }
}

export function setCsrfToken(token: string | null): void {
  csrfMemory = token;
  try {
    if (token) sessionStorage.setItem(CSRF_KEY, token);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch {
    /* memory copy is enough */
  }
}

type UnauthHandler = () => void;
let onUnauthenticated: UnauthHandler | null = null;
export function setUnauthenticatedHandler(fn: UnauthHandler | null): void {
  onUnauthenticated = fn;
}

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>;
export type Query = Record<string, QueryValue>;

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','));
    } else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `${API_BASE}${path}${buildQuery(query)}`;
}

/** A random key for Idempotency-Key; works outside secure contexts too. */
export function newIdempotencyKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  form?: FormData;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Do not call the 401 handler (login form, session probe). */
  noAuthRedirect?: boolean;
  /** Answer is a file: return the Blob. */
  blob?: boolean;
}

const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function statusFallback(status: number): string {
  switch (status) {
    case 400: return '请求有误，请检查后重试。';
    case 401: return '登录已过期，请重新登录。';
    case 403: return '没有权限执行此操作。';
    case 404: return '内容不存在或无权查看。';
    case 409: return '操作与当前状态冲突，请刷新后重试。';
    case 413: return '内容太大，请缩小后重试。';
    case 415: return '不支持的文件或内容类型。';
    case 422: return '填写的内容有误，请检查标红的项目。';
    case 429: return '操作太频繁，请稍后再试。';
    default: return status >= 500 ? SERVER_MESSAGE : `请求失败（${status}）。`;
  }
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: ApiErrorBody | null = null;
  try {
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (parsed && typeof parsed === 'object' && 'error' in parsed) body = parsed as ApiErrorBody;
  } catch {
    body = null;
  }
  const e = body?.error;
  const requestId = e?.request_id ?? res.headers.get('X-Request-Id');
  if (res.status >= 500) {
    // Keep the server's words when it gave some, and always ask to retry.
    const msg = e?.message ? `${e.message.replace(/[。.]$/, '')}。请稍后重试，您填写的内容已保留。` : SERVER_MESSAGE;
    return new ApiError(res.status, e?.code ?? 'internal', msg, e?.fields ?? {}, requestId);
  }
  return new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message || statusFallback(res.status), e?.fields ?? {}, requestId);
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (CHANGING.has(method)) {
    const t = getCsrfToken();
    if (t) headers['X-CSRF-Token'] = t;
  }
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  return fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await send(method, path, opts);
    if (res.status === 403 && CHANGING.has(method)) {
      // A lost CSRF token (new tab, cleared storage): fetch it again, retry once.
      const err = await errorFrom(res.clone());
      if (err.code === 'csrf' && (await refreshCsrf())) res = await send(method, path, opts);
    }
  } catch (e) {
    throw toApiError(e);
  }
  if (res.ok) {
    if (opts.blob) return (await res.blob()) as T;
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      throw new ApiError(res.status, 'invalid_json', SERVER_MESSAGE);
    }
  }
  const err = await errorFrom(res);
  if (res.status === 401 && !opts.noAuthRedirect && onUnauthenticated) {
    setCsrfToken(null);
    onUnauthenticated();
  }
  throw err;
}

export interface DownloadProgress {
  /** Bytes received so far. */
  loaded: number;
  /** Content-Length when the server sent one, else null (progress unknown). */
  total: number | null;
}

/**
 * GET a file (exports) as a Blob, reporting progress as it arrives.  Errors
 * are ApiErrors like request()'s (a 422 "too many rows" keeps its message);
 * a 401 goes to the login page.
 */
export async function download(path: string, query?: Query, onProgress?: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<Blob> {
  let res: Response;
  try {
    res = await send('GET', path, { query, signal });
  } catch (e) {
    throw toApiError(e);
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && onUnauthenticated) {
      setCsrfToken(null);
      onUnauthenticated();
    }
    throw err;
  }
  const len = Number(res.headers.get('Content-Length'));
  const total = Number.isFinite(len) && len > 0 ? len : null;
  const type = res.headers.get('Content-Type') ?? 'application/octet-stream';
  onProgress?.({ loaded: 0, total });
  try {
    if (!res.body) {
      const blob = await res.blob();
      onProgress?.({ loaded: blob.size, total: total ?? blob.size });
      return blob;
    }
    const reader = res.body.getReader();
    const parts: Uint8Array[] = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loaded += value.byteLength;
      onProgress?.({ loaded, total });
    }
    return new Blob(parts as BlobPart[], { type });
  } catch (e) {
    throw toApiError(e);
  }
}

export interface UploadProgress {
  /** Bytes sent so far, and the file's size. */
  loaded: number;
  total: number;
}

/**
 * POST a file as the request body (spreadsheet imports), reporting how much
 * of it has been sent: fetch() cannot tell, XMLHttpRequest can.  The answer
 * and the errors are request()'s: JSON, or an ApiError with the server's
 * message; a 401 goes to the login page.
 */
export function uploadFile<T>(path: string, file: Blob, query?: Query, onProgress?: (p: UploadProgress) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    if (file.type) xhr.setRequestHeader('Content-Type', file.type);
    const t = getCsrfToken();
    if (t) xhr.setRequestHeader('X-CSRF-Token', t);
    xhr.upload.onprogress = (ev) => onProgress?.({ loaded: ev.loaded, total: ev.lengthComputable ? ev.total : file.size });
    xhr.onerror = () => reject(new ApiError(0, 'network', NETWORK_MESSAGE));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', '请求已取消。'));
    xhr.onload = () => {
      const res = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers: { 'X-Request-Id': xhr.getResponseHeader('X-Request-Id') ?? '' } });
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          reject(new ApiError(xhr.status, 'invalid_json', SERVER_MESSAGE));
        }
        return;
      }
      void errorFrom(res).then((err) => {
        if (xhr.status === 401 && onUnauthenticated) {
          setCsrfToken(null);
          onUnauthenticated();
        }
        reject(err);
      });
    };
    signal?.addEventListener('abort', () => xhr.abort());
    onProgress?.({ loaded: 0, total: file.size });
    xhr.send(file);
  });
}

/** The file name a Content-Disposition would give is not readable cross-browser: name it here. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function refreshCsrf(): Promise<boolean> {
  try {
    const res = await fetch(apiUrl('/me'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!res.ok) return false;
    const j = (await res.json()) as { csrf_token?: string };
    if (!j.csrf_token) return false;
    setCsrfToken(j.csrf_token);
    return true;
  } catch {
    return false;
  }
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
  upload: <T>(path: string, form: FormData, opts?: RequestOptions) => request<T>('POST', path, { ...opts, form }),
};
