import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { localPath, useInbox } from '@/shared/inbox';
import { newWebhookSecret, webhookSecretOk } from '@/shared/webhooks';
import type { Message } from '@/api/notify';

describe('message links', () => {
  it('open inside their own surface only', () => {
    expect(localPath('/desk/cases/12', '/desk')).toBe('/cases/12');
    expect(localPath('/m/cases/12', '/m')).toBe('/cases/12');
    expect(localPath('/desk', '/desk')).toBe('/');
    expect(localPath('/m/cases/12', '/desk')).toBeNull();
    expect(localPath('/desktop/x', '/desk')).toBeNull();
    expect(localPath('', '/m')).toBeNull();
  });
});

describe('webhook secrets', () => {
  it('are made as Standard Webhooks secrets, each new', () => {
    const a = newWebhookSecret();
    const b = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(webhookSecretOk(a)).toBe(true);
  });
  it('are checked for 24 to 64 bytes of base64', () => {
    expect(webhookSecretOk('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(true);
    expect(webhookSecretOk('whsec_dG9vc2hvcnQ=')).toBe(false);
    expect(webhookSecretOk('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
    expect(webhookSecretOk('whsec_not base64')).toBe(false);
    expect(webhookSecretOk(`whsec_${'A'.repeat(88)}`)).toBe(false);
  });
});

describe('the unread badge', () => {
  afterEach(() => vi.restoreAllMocks());

  function reply(body: unknown) {
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }

  it('counts, and opening a message counts it off once', async () => {
    setActivePinia(createPinia());
    const calls: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      calls.push(`${init?.method ?? 'GET'} ${url}${init?.body ? ` ${String(init.body)}` : ''}`);
      if (url.includes('/notifications/read')) return reply({ updated: 1, unread_count: 2 });
      return reply({ items: [], next_cursor: null, unread_count: 3 });
    });
    const inbox = useInbox();
    await inbox.refresh();
    expect(inbox.unread).toBe(3);
    const m = { id: 7, read_at: null } as unknown as Message;
    await inbox.open(m);
    expect(inbox.unread).toBe(2);
    expect(m.read_at).not.toBeNull();
    await inbox.open(m); // already read: nothing sent
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual(['POST /api/v1/notifications/read {"ids":[7]}']);
    expect(calls[0]).toBe('GET /api/v1/notifications?unread=true&limit=1');
  });
});
