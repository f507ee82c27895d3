/*
 * The desk's part of shared/a11y.ts: Element Plus handles its own keys and
 * focus (dialogs, drawers, selects); what it leaves out is named here.
 */
import { installA11y, setAttr, setIfMissing, textOf } from '@/shared/a11y';

function repair() {
  // A closable tag's ✕ is an icon with a click handler: a named button here.
  for (const x of document.querySelectorAll('.el-tag__close')) {
    setAttr(x, 'role', 'button');
    setAttr(x, 'tabindex', '0');
    setAttr(x, 'data-hl-activate', '');
    setAttr(x, 'aria-label', `删除“${textOf(x.closest('.el-tag')?.querySelector('.el-tag__content') ?? null)}”`);
  }
  // A switch whose only text is its active-text (drawn aria-hidden).
  for (const s of document.querySelectorAll('.el-switch input[role=switch]')) setIfMissing(s, 'aria-label', textOf(s.closest('.el-switch')?.querySelector('.el-switch__label') ?? null) || '开关');
}

export function installDeskA11y(): void {
  installA11y({
    repair,
    errors: [{ message: '.el-form-item__error', row: '.el-form-item', label: '.el-form-item__label', control: '.el-form-item__content' }],
  });
}
