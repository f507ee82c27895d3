import { describe, expect, it } from 'vitest';
import { caseListFor, changeText, formatNumber, formatRate, overdueListFor, presetPeriod } from '@/shared/metrics';

describe('figures as people read them', () => {
  it('shows rates as percentages and no data as 无数据, never 0 %', () => {
    expect(formatRate(0.8333)).toBe('83.3%');
    expect(formatRate(0.5)).toBe('50.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('无数据');
    expect(formatRate(undefined)).toBe('无数据');
    expect(formatNumber(7.5, ' 个工作日')).toBe('7.5 个工作日');
    expect(formatNumber(11)).toBe('11');
    expect(formatNumber(null, ' 星')).toBe('无数据');
  });

  it('says which way a figure moved and whether that is good', () => {
    expect(changeText(0.052, 'rate', 'up')).toEqual({ text: '↑ 5.2 个百分点', tone: 'good', label: '比上期增加 5.2 个百分点' });
    expect(changeText(-0.5, 'rate', 'up').tone).toBe('bad');
    expect(changeText(-3.5, 'number', 'down')).toEqual({ text: '↓ 3.5', tone: 'good', label: '比上期减少 3.5' });
    expect(changeText(4, 'count', 'none')).toEqual({ text: '↑ 4', tone: 'flat', label: '比上期增加 4' });
    expect(changeText(0, 'count', 'up').text).toBe('与上期持平');
    expect(changeText(0.0001, 'rate', 'up').text).toBe('与上期持平');
    expect(changeText(null, 'rate', 'up')).toEqual({ text: '上期无数据', tone: 'flat', label: '与上期无法比较' });
  });

  it('links a figure to the case list with the same scope', () => {
    expect(caseListFor('late', { chain: 'auto-parts', category: 'legal', from: '2026-02-01', to: '2026-02-28' })).toEqual({
      figure: 'late', figure_from: '2026-02-01', figure_to: '2026-02-28', chain: 'auto-parts', category: 'legal',
    });
    expect(caseListFor('closed', { commissioner: 7, responder: 9, from: '2026-01-01', to: '2026-01-31' })).toEqual({
      figure: 'closed', figure_from: '2026-01-01', figure_to: '2026-01-31', commissioner: '7', assignee: '9',
    });
    expect(overdueListFor({ chain: 'auto-parts', from: '2026-01-01', to: '2026-01-31' })).toEqual({ overdue: 'true', chain: 'auto-parts' });
  });

  it('turns presets into periods that end today at the latest', () => {
    expect(presetPeriod('30d', '2026-03-15')).toEqual({ from: '2026-02-14', to: '2026-03-15' });
    expect(presetPeriod('month', '2026-03-15')).toEqual({ from: '2026-03-01', to: '2026-03-15' });
    expect(presetPeriod('last_month', '2026-03-15')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('last_month', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('year', '2026-03-15')).toEqual({ from: '2026-01-01', to: '2026-03-15' });
    expect(presetPeriod('custom', '2026-03-15')).toBeNull();
  });
});
