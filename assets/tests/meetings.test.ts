import { describe, expect, it } from 'vitest';
import { beijingIso, beijingLocal, meetingsByDay, monthRange, moved } from '@/shared/meetings';
import type { MeetingSummary } from '@/api/meetings';

const m = (id: number, starts_at: string): MeetingSummary => ({
  id, chain_code: 'auto-parts', chain_name: '汽车部件', title: `会${id}`, kind: 'regular', status: 'draft', starts_at, ends_at: null,
  place: '', created_at: starts_at, updated_at: starts_at, n_agenda: 0, n_decisions: 0, n_open_actions: 0,
});

describe('meeting helpers', () => {
  it('turns a Beijing wall-clock time into the API form and back', () => {
    expect(beijingIso('2026-12-08 09:30')).toBe('2026-12-08T09:30:00+08:00');
    expect(beijingIso('2026-12-08T09:30:15')).toBe('2026-12-08T09:30:15+08:00');
    expect(beijingIso('明天上午')).toBeNull();
    expect(beijingLocal('2026-12-08T01:30:00Z')).toBe('2026-12-08 09:30');
    expect(beijingLocal('2026-12-07T23:00:00+08:00')).toBe('2026-12-07 23:00');
  });
  it('moves an agenda item one step and never out of the list', () => {
    expect(moved([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
    expect(moved([1, 2, 3], 2, -1)).toEqual([1, 3, 2]);
    expect(moved([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(moved([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
  });
  it('puts meetings on their Beijing day, in time order', () => {
    const days = meetingsByDay([m(1, '2026-12-08T06:00:00Z'), m(2, '2026-12-07T17:00:00Z'), m(3, '2026-12-08T01:00:00Z')]);
    expect([...days.keys()]).toEqual(['2026-12-08']);
    expect(days.get('2026-12-08')?.map((x) => x.id)).toEqual([2, 3, 1]);
  });
  it('knows a month from one of its days', () => {
    expect(monthRange('2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthRange('2028-02-03')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
