import { describe, expect, it } from 'vitest';
import { applyWindowText, closingText, eligibilityReasons, explainReason, reasonText, sortMatches, validityText } from '@/shared/policyText';

const NAMES: Record<string, string> = { 'auto-parts': '汽车部件产业链', 'new-materials': '新材料产业链' };
const nameOf = (c: string) => NAMES[c];

describe('reason translation', () => {
  it('translates every prefix the server sends', () => {
    expect(reasonText('chain:auto-parts', nameOf)).toBe('产业链：汽车部件产业链');
    expect(reasonText('district:张店区')).toBe('区县：张店区');
    expect(reasonText('size:large')).toBe('企业规模：大型');
    expect(reasonText('size:medium')).toBe('企业规模：中型');
    expect(reasonText('size:small')).toBe('企业规模：小型');
    expect(reasonText('size:micro')).toBe('企业规模：微型');
    expect(reasonText('tag:专精特新')).toBe('标签：专精特新');
    expect(reasonText('key_enterprise')).toBe('重点企业');
  });

  it('names the kind of each reason', () => {
    expect(['chain:x', 'district:x', 'size:small', 'tag:x', 'key_enterprise', 'x:y'].map((r) => explainReason(r).kind))
      .toEqual(['chain', 'district', 'size', 'tag', 'key_enterprise', 'other']);
  });

  it('shows a chain code when its name is not known (yet)', () => {
    expect(reasonText('chain:hydrogen', nameOf)).toBe('产业链：hydrogen');
    expect(reasonText('chain:auto-parts')).toBe('产业链：auto-parts');
  });

  it('reads "|" alternatives as "any of"', () => {
    expect(reasonText('district:博山区|沂源县')).toBe('区县（任一）：博山区、沂源县');
    expect(reasonText('chain:auto-parts|new-materials|hydrogen', nameOf)).toBe('产业链（任一）：汽车部件产业链、新材料产业链、hydrogen');
    expect(reasonText('size:small|micro')).toBe('企业规模（任一）：小型、微型');
    expect(reasonText('tag:绿色工厂|单项冠军')).toBe('标签（任一）：绿色工厂、单项冠军');
  });

  it('shows unknown prefixes and malformed reasons as they come', () => {
    for (const raw of ['industry:化工', 'export_only', 'key_enterprise:yes', 'chain:', ':张店区', '', 'CHAIN:auto-parts']) {
      expect(reasonText(raw, nameOf)).toBe(raw);
      expect(explainReason(raw).kind).toBe('other');
    }
    expect(reasonText('size:giant')).toBe('企业规模：giant'); // a size this front end does not know yet
  });
});

describe('matches', () => {
  const p = (id: number, qualifies: boolean, closing_soon = false) => ({ id, qualifies, closing_soon });
  it('puts qualifying policies first, closing ones first within each, otherwise keeps the order', () => {
    expect(sortMatches([p(1, false), p(2, true), p(3, false, true), p(4, true, true), p(5, true)]).map((x) => x.id)).toEqual([4, 2, 5, 3, 1]);
  });

  it('says how long the application window stays open', () => {
    expect(closingText({ closing_soon: true, days_left: 3 })).toBe('申报窗口还剩 3 天');
    expect(closingText({ closing_soon: true, days_left: 0 })).toBe('申报窗口今天截止');
    expect(closingText({ closing_soon: false, days_left: 39 })).toBe('');
    expect(closingText({ closing_soon: true, days_left: null })).toBe('');
  });

  it('describes dates', () => {
    expect(applyWindowText({ apply_from: '2026-03-01', apply_until: '2026-12-31' })).toBe('2026-03-01 至 2026-12-31');
    expect(applyWindowText({ apply_until: '2026-12-31' })).toBe('2026-12-31 截止');
    expect(applyWindowText({ apply_from: '2026-03-01', apply_until: null })).toBe('2026-03-01 起');
    expect(applyWindowText({})).toBe('未设申报期限');
    expect(validityText({ effective_on: '2026-01-01', expires_on: null })).toBe('2026-01-01 起长期有效');
  });

  it("states a policy's eligibility in the words matching uses", () => {
    const r = eligibilityReasons({ chain_codes: ['auto-parts'], districts: ['博山区', '沂源县'], size_classes: ['small', 'micro'], required_tags: ['专精特新'], excluded_tags: ['上市企业'], key_enterprise_only: true });
    expect(r.required.map((x) => reasonText(x, nameOf))).toEqual(['产业链：汽车部件产业链', '区县（任一）：博山区、沂源县', '企业规模（任一）：小型、微型', '重点企业', '标签：专精特新']);
    expect(r.excluded.map((x) => reasonText(x))).toEqual(['标签：上市企业']);
    expect(eligibilityReasons({})).toEqual({ required: [], excluded: [] });
  });
});
