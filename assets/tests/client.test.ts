import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NETWORK_MESSAGE, SERVER_MESSAGE, api, buildQuery, setCsrfToken, setUnauthenticatedHandler } from '@/api/client';
import { casesApi } from '@/api/endpoints';
import { errBody, json, mockFetch } from './helpers';

beforeEach(() => {
  sessionStorage.clear();
  setCsrfToken('tok-1');
  setUnauthenticatedHandler(null);
});
afterEach(() => vi.unstubAllGlobals());

describe('CSRF', () => {
  it('sends X-CSRF-Token on every POST, PUT, PATCH and DELETE, never on GET', async () => {
    const calls = mockFetch(() => json(200, { ok: true }));
    await api.get('/cases');
    await api.post('/cases', { title: 'x' });
    await api.put('/x', {});
    await api.patch('/enterprises/1', { name: 'y' });
    await api.del('/session');
    await casesApi.upload(1, new File(['abc'], 'a.txt'));
    expect(calls.map((c) => [c.method, c.headers['x-csrf-token']])).toEqual([
      ['GET', undefined], ['POST', 'tok-1'], ['PUT', 'tok-1'], ['PATCH', 'tok-1'], ['DELETE', 'tok-1'], ['POST', 'tok-1'],
    ]);
    expect(calls[1].headers['content-type']).toBe('application/json');
    expect(calls[5].headers['content-type']).toBeUndefined(); // multipart: the browser sets the boundary
  });

  it('keeps the token in sessionStorage (survives a reload of the tab)', () => {
    setCsrfToken('tok-2');
    expect(sessionStorage.getItem('hl.csrf_token')).toBe('tok-2');
    setCsrfToken(null);
    expect(sessionStorage.getItem('hl.csrf_token')).toBeNull();
  });

  it('on 403 csrf fetches a fresh token from /me and retries once', async () => {
    let n = 0;
    const calls = mockFetch((url) => {
      if (url.endsWith('/me')) return json(200, { user: {}, csrf_token: 'tok-new' });
      n++;
      return n === 1 ? json(403, errBody('csrf', 'CSRF 校验失败')) : json(201, { id: 1 });
    });
    await expect(api.post('/cases', {})).resolves.toEqual({ id: 1 });
    expect(calls.map((c) => c.headers['x-csrf-token'])).toEqual(['tok-1', undefined, 'tok-new']);
  });

  it('sends the Idempotency-Key it is given', async () => {
    const calls = mockFetch(() => json(201, { id: 9 }));
    await casesApi.create({ category: 'policy', title: 't', description: 'd' }, 'key-abc');
    expect(calls[0].headers['idempotency-key']).toBe('key-abc');
  });
});

describe('errors', () => {
  it('maps the error body to code, message, fields and request id', async () => {
    mockFetch(() => json(422, errBody('validation_failed', '填写的内容有误', { credit_code: '统一社会信用代码校验位不正确' })));
    const e = (await api.post('/enterprises', {}).catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_failed');
    expect(e.message).toBe('填写的内容有误');
    expect(e.field('credit_code')).toBe('统一社会信用代码校验位不正确');
    expect(e.requestId).toBe('req-123');
    expect(e.retryable).toBe(false);
  });

  it('a lost connection is a retryable error asking to retry', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const e = (await api.post('/cases', {}).catch((x: unknown) => x)) as ApiError;
    expect(e.code).toBe('network');
    expect(e.retryable).toBe(true);
    expect(e.message).toBe(NETWORK_MESSAGE);
    expect(e.message).toContain('重试');
  });

  it('a 5xx keeps the server message and asks to retry', async () => {
    mockFetch(() => json(503, errBody('unavailable', '数据库暂时不可用')));
    const e = (await api.get('/cases').catch((x: unknown) => x)) as ApiError;
    expect(e.retryable).toBe(true);
    expect(e.message).toBe('数据库暂时不可用。请稍后重试，您填写的内容已保留。');
  });

  it('a 5xx without a JSON body (a proxy page) still gives the retry message', async () => {
    mockFetch(() => new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    const e = (await api.get('/cases').catch((x: unknown) => x)) as ApiError;
    expect(e.message).toBe(SERVER_MESSAGE);
    expect(e.retryable).toBe(true);
  });

  it('401 calls the surface handler (go to login), except where told not to', async () => {
    const onUnauth = vi.fn();
    setUnauthenticatedHandler(onUnauth);
    mockFetch(() => json(401, errBody('unauthenticated', '请先登录')));
    await expect(api.get('/cases')).rejects.toBeInstanceOf(ApiError);
    expect(onUnauth).toHaveBeenCalledTimes(1);
    await expect(api.post('/session', {}, { noAuthRedirect: true })).rejects.toMatchObject({ status: 401, message: '请先登录' });
    expect(onUnauth).toHaveBeenCalledTimes(1);
  });

  it('409 invalid_transition surfaces the server message', async () => {
    mockFetch(() => json(409, errBody('invalid_transition', '当前状态不能执行此操作')));
    await expect(casesApi.transition(1, { action: 'accept' })).rejects.toMatchObject({ status: 409, code: 'invalid_transition', message: '当前状态不能执行此操作' });
  });
});

describe('requests', () => {
  it('builds query strings without empty filters', () => {
    expect(buildQuery({ status: 'submitted,accepted', chain: '', overdue: true, q: undefined, limit: 20, cursor: null })).toBe('?status=submitted%2Caccepted&overdue=true&limit=20');
    expect(buildQuery({})).toBe('');
  });

  it('answers 204 with undefined and JSON otherwise', async () => {
    mockFetch((url) => (url.endsWith('/session') ? json(204, null) : json(200, { items: [], next_cursor: null })));
    await expect(api.del('/session')).resolves.toBeUndefined();
    await expect(casesApi.list({ status: 'submitted' })).resolves.toEqual({ items: [], next_cursor: null });
  });

  it('uses the same query for the Excel export as for the list', async () => {
    const calls = mockFetch(() => new Response(new Blob(['xlsx']), { status: 200 }));
    const blob = await casesApi.exportXlsx({ status: 'submitted', overdue: true, chain: 'new-materials', q: '贷款' });
    expect(blob).toBeInstanceOf(Blob);
    expect(calls[0].url).toBe('/api/v1/cases.xlsx?status=submitted&overdue=true&chain=new-materials&q=%E8%B4%B7%E6%AC%BE');
  });
});
