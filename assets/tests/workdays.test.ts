import { describe, expect, it } from 'vitest';
import { deadlineInfo, formatDateTime, formatDueDate } from '@/shared/workdays';

const due = '2026-11-25T18:00:00+08:00';

describe('working-day countdown', () => {
  it('counts down the working days the server sends', () => {
    expect(deadlineInfo({ status: 'assigned', due_at: due, workdays_left: 5, overdue: false })).toEqual({ text: '剩 5 个工作日', level: 'ok', date: '11月25日' });
    expect(deadlineInfo({ status: 'in_progress', due_at: due, workdays_left: 2, overdue: false })).toMatchObject({ text: '剩 2 个工作日', level: 'soon' });
    expect(deadlineInfo({ status: 'in_progress', due_at: due, workdays_left: 1, overdue: false })).toMatchObject({ text: '剩 1 个工作日', level: 'soon' });
  });

  it('says when it is due today', () => {
    expect(deadlineInfo({ status: 'accepted', due_at: due, workdays_left: 0, overdue: false })).toMatchObject({ text: '今天到期', level: 'today' });
  });

  it('shows how many working days a case is overdue', () => {
    expect(deadlineInfo({ status: 'in_progress', due_at: due, workdays_left: -3, overdue: true })).toMatchObject({ text: '已超期 3 个工作日', level: 'overdue' });
    expect(deadlineInfo({ status: 'in_progress', due_at: due, workdays_left: null, overdue: true })).toMatchObject({ text: '已超期', level: 'overdue' });
  });

  it('has no countdown before acceptance or once finished', () => {
    expect(deadlineInfo({ status: 'submitted', due_at: null, workdays_left: null })).toMatchObject({ text: '受理后开始计时', level: 'none' });
    expect(deadlineInfo({ status: 'resolved', due_at: due, workdays_left: 3 })).toMatchObject({ text: '已办结', level: 'done' });
    expect(deadlineInfo({ status: 'closed', due_at: due, workdays_left: null })).toMatchObject({ level: 'done' });
    expect(deadlineInfo({ status: 'rejected', due_at: null })).toMatchObject({ text: '—', level: 'none' });
  });

  it('falls back to the date while a server has no workdays_left yet', () => {
    expect(deadlineInfo({ status: 'assigned', due_at: due, overdue: false })).toMatchObject({ text: '11月25日前办结', level: 'ok' });
  });

  it('formats times in Beijing time whatever the device zone', () => {
    expect(formatDueDate('2026-11-25T23:30:00Z')).toBe('11月26日');
    expect(formatDateTime('2026-11-22T15:04:05+08:00')).toBe('2026-11-22 15:04');
    expect(formatDateTime('2026-11-22T07:04:05Z')).toBe('2026-11-22 15:04');
    expect(formatDateTime(null)).toBe('—');
  });
});
