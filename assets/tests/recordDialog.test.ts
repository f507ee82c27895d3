// The four-ones record dialog: required fields are checked before anything
// is sent, the body clears what was emptied (text "", a nullable number
// null) and leaves out an empty number that may not be null, and the
// server's 422 messages show next to the fields they name.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import RecordDialog, { type FieldDef } from '@/desk/components/RecordDialog.vue';
import { ApiError } from '@/api/client';

const FIELDS: FieldDef[] = [
  { key: 'name', label: '姓名', required: true },
  { key: 'title', label: '职务' },
  { key: 'sort_order', label: '排序', type: 'number' },
  { key: 'max_amount_yuan', label: '最高额度', type: 'number', nullable: true },
];

async function open(record: Record<string, unknown> | null, save: (b: Record<string, unknown>) => Promise<unknown>) {
  const w = mount(RecordDialog, { props: { modelValue: true, title: '测试', fields: FIELDS, record, save }, global: { plugins: [createPinia()] }, attachTo: document.body });
  await flushPromises();
  return w;
}
const input = (label: string) => document.querySelector(`input[aria-label="${label}"]`) as HTMLInputElement;
async function type(label: string, v: string) {
  const el = input(label);
  el.value = v;
  el.dispatchEvent(new Event('input'));
  await flushPromises();
}
async function submit() {
  (document.querySelector('[data-test="record-save"]') as HTMLButtonElement).click();
  await flushPromises();
  await new Promise((r) => setTimeout(r, 150));
  await flushPromises();
}

afterEach(() => { document.body.innerHTML = ''; });

describe('record dialog', () => {
  it('checks required fields before sending', async () => {
    const save = vi.fn(async (_body: Record<string, unknown>) => ({}));
    await open(null, save);
    await submit();
    expect(save).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('请填写姓名');
  });

  it('sends what the form holds: trimmed text, cleared text, null only where allowed', async () => {
    const save = vi.fn(async (_body: Record<string, unknown>) => ({ id: 1 }));
    const w = await open({ name: '张三', title: '教授', sort_order: 3, max_amount_yuan: 500 }, save);
    await type('姓名', '  李四 ');
    await type('职务', '');
    await type('排序', '');
    await type('最高额度', '');
    await submit();
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0][0]).toEqual({ name: '李四', title: '', max_amount_yuan: null });
    expect(w.emitted('saved')?.[0]).toEqual([{ id: 1 }]);
  });

  it('shows the server\'s messages next to the fields', async () => {
    const save = vi.fn(async (_body: Record<string, unknown>) => { throw new ApiError(409, 'conflict', '该产业链专家顾问团中已有同名专家', { name: '已有同名专家' }); });
    const w = await open(null, save);
    await type('姓名', '王五');
    await submit();
    expect(document.querySelector('.el-form-item__error')?.textContent).toContain('已有同名专家');
    expect(w.emitted('saved')).toBeUndefined();
  });
});
