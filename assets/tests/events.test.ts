// 政策直通车 without the UI: the check-in code as scanned or typed, how a
// session's time and seats read, and the session and questions forms'
// checks and bodies.
import { describe, expect, it } from 'vitest';
import {
  buildEventPayload, emptyEventDraft, eventTimeText, localToRfc3339, newQuestion, parseCheckinCode, qrPayload, registrationText, rfc3339ToLocal,
  seatsText, spacedCode, validateEvent, validateQuestions, type EventDraft,
} from '@/shared/events';

describe('check-in codes', () => {
  it('reads a QR code back into its session and code', () => {
    expect(parseCheckinCode(qrPayload(12, 'AB3DE9'))).toEqual({ code: 'AB3DE9', eventId: 12 });
    expect(parseCheckinCode(' hlev-7-ab3de9 ')).toEqual({ code: 'AB3DE9', eventId: 7 });
  });
  it('takes a typed code in any case, with spaces or hyphens', () => {
    expect(parseCheckinCode('ab3 de9')).toEqual({ code: 'AB3DE9', eventId: null });
    expect(parseCheckinCode('AB3-DE9')).toEqual({ code: 'AB3DE9', eventId: null });
  });
  it('refuses what cannot be a code: look-alikes, wrong length, other QR texts', () => {
    for (const bad of ['', 'AB3DE', 'AB3DE99', 'AB0DE9', 'ABIDE9', 'ABODE9', 'AB1DE9', 'https://example.com/x', 'HLEV-x-AB3DE9']) expect(parseCheckinCode(bad)).toBeNull();
  });
  it('is read out in two groups', () => {
    expect(spacedCode('AB3DE9')).toBe('AB3 DE9');
  });
});

describe('how a session reads', () => {
  it('gives Beijing time, one date when it is one day', () => {
    expect(eventTimeText('2026-12-10T01:30:00Z', '2026-12-10T03:30:00Z')).toBe('12月10日 09:30–11:30');
    expect(eventTimeText('2026-12-10T15:00:00Z', '2026-12-11T02:00:00Z')).toBe('12月10日 23:00 – 12月11日 10:00');
    expect(eventTimeText('nonsense', '2026-12-11T02:00:00Z')).toBe('');
  });
  it('says the seats left, or the waitlist once full', () => {
    expect(seatsText({ capacity: 80, seats_left: 12, n_waitlisted: 0 })).toBe('余 12 席 / 共 80 席');
    expect(seatsText({ capacity: 10, seats_left: 0, n_waitlisted: 3 })).toBe('已满，候补 3 家');
    expect(seatsText({ capacity: 10, seats_left: 0, n_waitlisted: 0 })).toBe('已满（共 10 席）');
    expect(seatsText({ capacity: null, seats_left: null, n_waitlisted: 0 })).toBe('不限名额');
  });
  it("says where a registration stands", () => {
    expect(registrationText({ status: 'registered', position: null, checked_in_at: null })).toBe('已报名');
    expect(registrationText({ status: 'waitlisted', position: 4, checked_in_at: null })).toBe('候补第 4 位');
    expect(registrationText({ status: 'registered', position: null, checked_in_at: '2026-12-10T01:31:00Z' })).toBe('已签到');
  });
});

describe('the session form', () => {
  const good = (): EventDraft => ({ ...emptyEventDraft('auto-parts'), title: ' 技改专场 ', place: '会议中心', starts_at: '2026-12-10 09:30', ends_at: '2026-12-10 11:30' });

  it('converts the pickers\' Beijing time both ways', () => {
    expect(localToRfc3339('2026-12-10 09:30')).toBe('2026-12-10T09:30:00+08:00');
    expect(localToRfc3339('10 Dec')).toBe('');
    expect(rfc3339ToLocal('2026-12-10T01:30:00Z')).toBe('2026-12-10 09:30');
  });
  it('passes a good session and builds its body', () => {
    expect(validateEvent(good())).toEqual({});
    const body = buildEventPayload({ ...good(), chain_code: '' });
    expect(body.chain_code).toBeNull();
    expect(body.title).toBe('技改专场');
    expect(body.starts_at).toBe('2026-12-10T09:30:00+08:00');
  });
  it('names every fault with the server\'s field names', () => {
    const f = validateEvent({ ...good(), title: ' ', place: '', starts_at: '2026-12-10 11:30', ends_at: '2026-12-10 09:30', capacity: 0, max_attendees: 21, topic_md: 'x'.repeat(20_001) });
    expect(Object.keys(f).sort()).toEqual(['capacity', 'ends_at', 'max_attendees', 'place', 'title', 'topic_md']);
  });
});

describe('questions raised at a session', () => {
  it('wants one at least, each with its enterprise, category, title and description', () => {
    expect(validateQuestions([])).toEqual({ problems: '请至少登记一个问题' });
    const q = { ...newQuestion(3), category: 'policy' as const, title: '申报材料', description: '现场提问' };
    expect(validateQuestions([q])).toEqual({});
    const f = validateQuestions([q, newQuestion()]);
    expect(Object.keys(f).sort()).toEqual(['problems[1].category', 'problems[1].description', 'problems[1].enterprise_id', 'problems[1].title']);
  });
});
