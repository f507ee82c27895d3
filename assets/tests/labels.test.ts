import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, STATUS_LABELS, actionLabel, categoryLabel, roleLabel, statusLabel, statusTone } from '@/shared/labels';
import { creditCodeError } from '@/shared/creditCode';
import type { CaseStatus } from '@/api/types';

describe('status labels', () => {
  it('names every status of the lifecycle in Chinese', () => {
    const all: CaseStatus[] = ['submitted', 'accepted', 'rejected', 'assigned', 'in_progress', 'resolved', 'closed'];
    expect(all.map(statusLabel)).toEqual(['待受理', '已受理', '不予受理', '已交办', '办理中', '已办结待确认', '已办结']);
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...all].sort());
  });
  it('colours statuses', () => {
    expect(statusTone('submitted')).toBe('warning');
    expect(statusTone('in_progress')).toBe('primary');
    expect(statusTone('resolved')).toBe('success');
    expect(statusTone('rejected')).toBe('danger');
  });
  it('shows an unknown value as it comes, and nothing as a dash', () => {
    expect(statusLabel('paused')).toBe('paused');
    expect(statusLabel(undefined)).toBe('—');
  });
  it('names categories, roles and actions', () => {
    expect(Object.keys(CATEGORY_LABELS)).toEqual(['policy', 'financing', 'legal', 'technology', 'talent', 'approvals', 'other']);
    expect(categoryLabel('financing')).toBe('融资需求');
    expect(roleLabel('commissioner')).toBe('服务专员');
    expect(actionLabel('escalate')).toBe('列为书记突破项目');
  });
});

describe('统一社会信用代码', () => {
  it('accepts a code with the right check character', () => {
    expect(creditCodeError('91350100M000100Y43')).toBeNull();
    expect(creditCodeError(' 91350100m000100y43 ')).toBeNull();
  });
  it('explains what is wrong', () => {
    expect(creditCodeError('')).toBe('请填写统一社会信用代码');
    expect(creditCodeError('9135010')).toContain('18位');
    expect(creditCodeError('91350100M000100Y44')).toContain('校验位');
    expect(creditCodeError('9135010OM000100Y43')).toContain('第8位');
  });
});
