// 解链 visits without the UI: coverage recency (text and colour family),
// the visit form's checks and the POST /visits body.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STALE_DAYS, addDays, addVisitorName, beijingToday, buildVisitPayload, daysBetween, emptyVisitDraft, levelsText, newProblem, recency,
  validateVisit, visitorsText, type VisitDraft,
} from '@/shared/visits';

const TODAY = '2026-12-06';

function draft(extra: Partial<VisitDraft> = {}): VisitDraft {
  return { ...emptyVisitDraft(TODAY), enterprise_id: 1, levels: ['enterprise'], ...extra };
}

describe('dates', () => {
  it("today is Beijing's, whatever the device's zone", () => {
    expect(beijingToday(new Date('2026-12-05T15:59:59Z'))).toBe('2026-12-05');
    expect(beijingToday(new Date('2026-12-05T16:00:00Z'))).toBe('2026-12-06');
  });
  it('counts days across months and years, and refuses bad dates', () => {
    expect(daysBetween('2026-11-24', TODAY)).toBe(12);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween(TODAY, '2026-12-01')).toBe(-5);
    expect(daysBetween('2026-02-30', TODAY)).toBeNull();
    expect(daysBetween('6 Dec 2026', TODAY)).toBeNull();
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays(TODAY, -29)).toBe('2026-11-07');
  });
});

describe('coverage recency', () => {
  it('never visited says so', () => {
    expect(recency(null, TODAY)).toEqual({ tone: 'never', label: '从未走访', date: '—', days: null });
    expect(recency(undefined, TODAY, 30).tone).toBe('never');
  });

  it('today, days ago, close to overdue, overdue', () => {
    expect(recency(TODAY, TODAY)).toMatchObject({ tone: 'fresh', label: '今天', date: TODAY, days: 0 });
    expect(recency('2026-11-24', TODAY)).toMatchObject({ tone: 'fresh', label: '12天前', days: 12 });
    // Past half of the threshold: amber, and the words say it too.
    expect(recency('2026-10-06', TODAY, 90)).toMatchObject({ tone: 'aging', label: '61天前 · 临近超期' });
    // Exactly the threshold is still in time; one more day is overdue.
    expect(recency(addDays(TODAY, -90), TODAY, 90).tone).toBe('aging');
    expect(recency(addDays(TODAY, -91), TODAY, 90)).toMatchObject({ tone: 'stale', label: '超期 · 91天前' });
  });

  it('follows the stale-days threshold', () => {
    expect(recency('2026-11-24', TODAY, 10)).toMatchObject({ tone: 'stale', label: '超期 · 12天前' });
    expect(recency('2026-11-24', TODAY, 20).tone).toBe('aging');
    expect(recency('2026-11-24', TODAY, 30).tone).toBe('fresh');
    expect(DEFAULT_STALE_DAYS).toBe(90);
  });

  it("uses the server's days_since over the device's clock", () => {
    // The device thinks it is a day later; the server's count wins.
    expect(recency('2026-12-04', '2026-12-07', 90, 2)).toMatchObject({ label: '2天前', days: 2 });
    expect(recency(TODAY, TODAY, 90, -1)).toMatchObject({ label: '今天', days: 0 });
  });

  it('every tone carries words, never colour alone', () => {
    for (const [d, s] of [[TODAY, 90], ['2026-10-06', 90], ['2026-01-01', 90], [null, 90]] as const) {
      const r = recency(d, TODAY, s);
      expect(r.label.length).toBeGreaterThan(0);
    }
  });
});

describe('visit form checks', () => {
  it('a complete form passes', () => {
    expect(validateVisit(draft({ problems: [{ ...newProblem(), category: 'financing', title: '缺流动资金', description: '需要500万元。' }] }), TODAY)).toEqual({});
  });

  it('refuses a date in the future', () => {
    const f = validateVisit(draft({ visited_on: '2026-12-07' }), TODAY);
    expect(f.visited_on).toBe('走访日期不能晚于今天（2026-12-06）');
    expect(validateVisit(draft({ visited_on: TODAY }), TODAY).visited_on).toBeUndefined();
  });

  it('refuses bad and too early dates', () => {
    expect(validateVisit(draft({ visited_on: '' }), TODAY).visited_on).toBe('请选择走访日期');
    expect(validateVisit(draft({ visited_on: '2026-02-30' }), TODAY).visited_on).toContain('格式');
    expect(validateVisit(draft({ visited_on: '2019-12-31' }), TODAY).visited_on).toContain('2020-01-01');
  });

  it('needs at least one level', () => {
    expect(validateVisit(draft({ levels: [] }), TODAY).levels).toBe('请至少选择一个调研层面');
  });

  it('needs an enterprise and a visitor', () => {
    const f = validateVisit(draft({ enterprise_id: null, includeSelf: false, names: [] }), TODAY);
    expect(f.enterprise_id).toBe('请选择走访的企业');
    expect(f.visitors).toContain('走访人员');
    expect(validateVisit(draft({ includeSelf: false, names: ['张三'] }), TODAY).visitors).toBeUndefined();
  });

  it("names each problem's fields like the server does", () => {
    const f = validateVisit(draft({ problems: [
      { ...newProblem(), category: 'legal', title: '合同纠纷', description: '对方拖欠货款。' },
      { ...newProblem(), category: '', title: '  ', description: '' },
      { ...newProblem(), category: 'other', title: '长'.repeat(101), description: 'x' },
    ] }), TODAY);
    expect(Object.keys(f).sort()).toEqual(['problems[1].category', 'problems[1].description', 'problems[1].title', 'problems[2].title']);
    expect(f['problems[1].title']).toBe('请填写问题标题');
    expect(f['problems[2].title']).toBe('标题不能超过 100 个字');
  });

  it('counts characters, not UTF-16 units', () => {
    const title = '𠀀'.repeat(100); // 100 characters, 200 code units
    expect(validateVisit(draft({ problems: [{ ...newProblem(), category: 'other', title, description: 'x' }] }), TODAY)).toEqual({});
  });

  it('findings of a ticked level are limited in length', () => {
    const f = validateVisit(draft({ levels: ['talent'], findings: { talent: '字'.repeat(10_001) } }), TODAY);
    expect(f['findings.talent']).toContain('人才层面');
  });
});

describe('visitor names', () => {
  it('trims, refuses blanks, repeats and long names', () => {
    expect(addVisitorName([], '  张三 ')).toEqual({ names: ['张三'] });
    expect(addVisitorName(['张三'], '张三').error).toContain('已在');
    expect(addVisitorName([], '   ').error).toBe('请输入走访人员姓名');
    expect(addVisitorName([], '名'.repeat(41)).error).toContain('40');
  });
});

describe('the POST /visits body', () => {
  it('sends the ticked levels in order, their non-blank findings, and me first', () => {
    const d = draft({
      visited_on: '2026-12-05',
      levels: ['talent', 'industry', 'project'],
      findings: { industry: '  上下游配套不足。 ', project: '   ', talent: '缺高级技工。', technology: '未勾选的层面不发送' },
      names: ['企业陪同人员'],
      summary: '  ',
      problems: [{ ...newProblem(), category: 'talent', title: ' 高级技工引进 ', description: ' 希望对接职业院校。 ' }],
    });
    expect(buildVisitPayload(d, 3)).toEqual({
      enterprise_id: 1,
      visited_on: '2026-12-05',
      levels: ['industry', 'project', 'talent'],
      findings: { industry: '上下游配套不足。', talent: '缺高级技工。' },
      visitors: [{ user_id: 3 }, { name: '企业陪同人员' }],
      problems: [{ category: 'talent', title: '高级技工引进', description: '希望对接职业院校。' }],
    });
  });

  it('leaves me out when I did not go, and keeps a summary', () => {
    const body = buildVisitPayload(draft({ includeSelf: false, names: ['张三', '李四'], summary: ' 下月回访 ' }), 3);
    expect(body.visitors).toEqual([{ name: '张三' }, { name: '李四' }]);
    expect(body.summary).toBe('下月回访');
    expect(body.problems).toEqual([]);
  });
});

describe('list text', () => {
  it('levels in order, visitors joined', () => {
    expect(levelsText(['talent', 'industry'])).toBe('产业、人才');
    expect(levelsText([])).toBe('—');
    expect(visitorsText([{ name: '演示服务专员' }, { name: '企业陪同人员' }])).toBe('演示服务专员、企业陪同人员');
  });
});
