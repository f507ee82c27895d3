import { vi } from 'vitest';
import type { Case, User } from '@/api/types';

export interface Call { url: string; method: string; headers: Record<string, string>; body: unknown }

/** Replace fetch with a scripted one; returns the recorded calls. */
export function mockFetch(handler: (url: string, init: RequestInit) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers as Record<string, string>) ?? {})) headers[k.toLowerCase()] = v;
    let body: unknown = init.body;
    if (typeof body === 'string') {
      try { body = JSON.parse(body); } catch { /* keep text */ }
    }
    calls.push({ url, method: init.method ?? 'GET', headers, body });
    return handler(url, init);
  }));
  return calls;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function errBody(code: string, message: string, fields?: Record<string, string>) {
  return { error: { code, message, ...(fields ? { fields } : {}), request_id: 'req-123' } };
}

export const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>粗体</b>';

export function user(role: User['role'], extra: Partial<User> = {}): User {
  return { id: 7, login: `${role}-demo`, name: '测试用户', role, enterprise_id: role === 'enterprise' ? 3 : null, chain_codes: ['new-materials'], ...extra };
}

export function aCase(extra: Partial<Case> = {}): Case {
  return {
    id: 42, number: 'HL-2026-000042', enterprise_id: 3, enterprise_name: '淄博某新材料有限公司', chain_code: 'new-materials', chain_name: '新材料产业链',
    category: 'financing', title: '流动资金贷款需求', description: '需要500万元流动资金贷款。', channel: 'portal', status: 'submitted',
    assignee: null, due_at: null, overdue: false, workdays_left: null, escalated: false, allowed_actions: [],
    attachments: [], timeline: [], created_at: '2026-11-20T09:30:00+08:00', updated_at: '2026-11-20T09:30:00+08:00', ...extra,
  };
}
