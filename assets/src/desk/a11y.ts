/*
 * The desk's part of shared/a11y.ts: Element Plus handles its own keys and
 * focus (dialogs, drawers, selects); what it leaves out is named here.
 */
import { installA11y, setIfMissing, textOf } from '@/shared/a11y';

function repair() {
  // A switch whose only text is its active-text (drawn aria-hidden).
  for (const s of document.querySelectorAll('.el-switch input[role=switch]')) setIfMissing(s, 'aria-label', textOf(s.closest('.el-switch')?.querySelector('.el-switch__label') ?? null) || '开关');
}

export function installDeskA11y(): void {
  installA11y({
    repair,
    errors: [{ message: '.el-form-item__error', row: '.el-form-item', label: '.el-form-item__label', control: '.el-form-item__content' }],
  });
}
