/*
 * The desk's part of shared/a11y.ts: Element Plus handles its own keys and
 * focus (dialogs, drawers, selects); what it leaves out is named here.
 */
import { focusables, installA11y, setAttr, setIfMissing, textOf } from '@/shared/a11y';

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

/*
 * Element Plus focuses a dialog's (or drawer's) frame when it opens: no
 * ring shows, and the first Tab only then reaches the first field.  Focus
 * goes on to the first control of its body (the close button in the
 * header stays a Tab away); a body without one leaves it on the frame.
 */
function intoDialog(e: FocusEvent) {
  const frame = e.target;
  if (!(frame instanceof HTMLElement) || !frame.matches('.el-dialog, .el-drawer')) return;
  window.setTimeout(() => {
    if (document.activeElement !== frame) return;
    const body = frame.querySelector<HTMLElement>('.el-dialog__body, .el-drawer__body');
    const first = body ? focusables(body)[0] : undefined;
    first?.focus();
  }, 0);
}

export function installDeskA11y(): void {
  document.addEventListener('focusin', intoDialog);
  installA11y({
    repair,
    errors: [{ message: '.el-form-item__error', row: '.el-form-item', label: '.el-form-item__label', control: '.el-form-item__content' }],
  });
}
