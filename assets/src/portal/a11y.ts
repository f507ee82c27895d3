/*
 * The portal's part of shared/a11y.ts: what Vant leaves out.
 *
 *  - Keys: Vant draws its rows, grid items, tabs, switches and stars as
 *    <div role=…> without key handling; Enter and Space activate them, arrows
 *    move along tab bars, rating stars and picker columns (Enter on an option
 *    chooses and confirms), Escape closes an open popup.
 *  - Popups (picker, dialog, action sheet) take focus when they open, keep
 *    Tab inside while open and give focus back when they close.
 *  - Markup without a prop for it: names for upload inputs, stepper buttons,
 *    switches, rating stars, overlays and popups; the nav bar's 返回 as a
 *    button; a picker column one tab stop; no role=feed without articles; no tab pointing at a missing
 *    panel; hidden swipe panels out of the tab order; a rating is one tab
 *    stop, and a read-only one a picture of its value.
 */
import { focusables, installA11y, setAttr, setIfMissing, textOf, visible } from '@/shared/a11y';

const ACTIVATE_ROLES = new Set(['button', 'tab', 'switch', 'checkbox', 'radio', 'option', 'menuitem', 'link']);
const ARROWS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];
const isVant = (el: Element) => typeof el.className === 'string' && el.className.includes('van-');

/** The next of a row of items (wrapping) for an arrow key. */
function step<T>(items: T[], from: T, key: string): T | null {
  const i = items.indexOf(from);
  if (i < 0) return null;
  if (key === 'Home') return items[0] ?? null;
  if (key === 'End') return items[items.length - 1] ?? null;
  const d = key === 'ArrowRight' || key === 'ArrowDown' ? 1 : -1;
  return items[(i + d + items.length) % items.length] ?? null;
}

// ---- popups ----

/** Open modal popups (not toasts and notices), in DOM order. */
function openPopups(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.van-popup')].filter((p) => !p.matches('.van-toast, .van-notify') && visible(p));
}

function closePopup(p: HTMLElement): boolean {
  const cancel = p.querySelector<HTMLElement>('.van-picker__cancel, .van-dialog__cancel, .van-action-sheet__cancel, .van-popup__close-icon');
  if (cancel) {
    cancel.click();
    return true;
  }
  const overlay = p.previousElementSibling;
  if (overlay instanceof HTMLElement && overlay.classList.contains('van-overlay') && overlay.getAttribute('role') === 'button') {
    overlay.click();
    return true;
  }
  return false;
}

function trapTab(e: KeyboardEvent) {
  const p = openPopups().pop();
  if (!p) return;
  const list = focusables(p);
  if (!list.length) return;
  const i = list.indexOf(document.activeElement as HTMLElement);
  let next: HTMLElement | null = null;
  if (i < 0) next = e.shiftKey ? list[list.length - 1] : list[0];
  else if (!e.shiftKey && i === list.length - 1) next = list[0];
  else if (e.shiftKey && i === 0) next = list[list.length - 1];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

const returnTo = new WeakMap<Element, HTMLElement>();
const wasOpen = new Set<HTMLElement>();

function popupFocus() {
  const open = new Set(openPopups());
  for (const p of open) {
    if (wasOpen.has(p)) continue;
    wasOpen.add(p);
    const from = document.activeElement as HTMLElement | null;
    if (from && from !== document.body && !p.contains(from)) returnTo.set(p, from);
    const first = p.querySelector<HTMLElement>('.van-picker-column__item--selected') ?? p.querySelector<HTMLElement>('.van-dialog__confirm') ?? focusables(p)[0] ?? p;
    first.focus({ preventScroll: true });
  }
  for (const p of [...wasOpen]) {
    if (open.has(p) && p.isConnected) continue;
    wasOpen.delete(p);
    const back = returnTo.get(p);
    const here = document.activeElement;
    if (back?.isConnected && (!here || here === document.body || p.contains(here))) back.focus({ preventScroll: true });
  }
}

// ---- keys ----

function keydown(e: KeyboardEvent) {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  if (!(t instanceof HTMLElement)) return;
  if (e.key === 'Escape') {
    const p = openPopups().pop();
    if (p && closePopup(p)) e.preventDefault();
    return;
  }
  if (e.key === 'Tab') {
    trapTab(e);
    return;
  }
  if (!isVant(t)) return;
  const role = t.getAttribute('role') ?? '';
  if (ARROWS.includes(e.key)) {
    let items: HTMLElement[] = [];
    if (role === 'tab') items = [...(t.closest('[role=tablist]')?.querySelectorAll<HTMLElement>('[role=tab]') ?? [])].filter((x) => x.getAttribute('aria-disabled') !== 'true');
    else if (role === 'radio') items = [...(t.closest('[role=radiogroup]')?.querySelectorAll<HTMLElement>('[role=radio]') ?? [])];
    else if (t.classList.contains('van-picker-column__item')) items = [...(t.parentElement?.querySelectorAll<HTMLElement>('.van-picker-column__item:not(.van-picker-column__item--disabled)') ?? [])];
    const next = items.length ? step(items, t, e.key) : null;
    if (next) {
      e.preventDefault();
      next.focus();
      next.click();
    }
    return;
  }
  if ((e.key === 'Enter' || e.key === ' ') && ACTIVATE_ROLES.has(role) && !t.matches('a[href], button, input, select, textarea')) {
    e.preventDefault();
    t.click();
    // A picker option: Space chooses it, Enter chooses it and confirms.
    if (e.key === 'Enter' && t.classList.contains('van-picker-column__item')) t.closest('.van-picker')?.querySelector<HTMLElement>('.van-picker__confirm')?.click();
  }
}

// ---- markup ----

function repair() {
  for (const input of document.querySelectorAll('.van-uploader__input')) {
    const field = textOf(input.closest('.van-field')?.querySelector('.van-field__label') ?? null);
    const text = textOf(input.closest('.van-uploader')?.querySelector('.van-uploader__upload-text') ?? null) || '上传文件';
    setIfMissing(input, 'aria-label', field ? `${field}：${text}` : text);
  }
  for (const b of document.querySelectorAll('.van-stepper__minus')) setIfMissing(b, 'aria-label', '减少');
  for (const b of document.querySelectorAll('.van-stepper__plus')) setIfMissing(b, 'aria-label', '增加');
  for (const i of document.querySelectorAll('.van-stepper__input')) setIfMissing(i, 'aria-label', textOf(i.closest('.van-cell')?.querySelector('.van-field__label, .van-cell__title') ?? null) || '数量');
  for (const s of document.querySelectorAll('.van-switch[role=switch]')) setIfMissing(s, 'aria-label', textOf(s.closest('.van-cell')?.querySelector('.van-cell__title > span') ?? null) || '开关');
  // The overlay closes its popup on a tap; Escape does that from the keyboard,
  // and Tab stays inside the popup: the overlay is no tab stop (it lingered
  // as one while fading out).
  for (const o of document.querySelectorAll('.van-overlay[role=button]')) {
    setIfMissing(o, 'aria-label', '关闭');
    setAttr(o, 'tabindex', '-1');
  }
  for (const d of document.querySelectorAll('.van-popup[role=dialog]')) setIfMissing(d, 'aria-label', textOf(d.querySelector('.van-picker__title, .van-dialog__header, .van-action-sheet__header')) || '对话框');
  for (const left of document.querySelectorAll<HTMLElement>('.van-nav-bar__left')) {
    if (!textOf(left) && !left.querySelector('.van-icon')) continue;
    setAttr(left, 'role', 'button');
    setAttr(left, 'tabindex', '0');
    setIfMissing(left, 'aria-label', textOf(left) || '返回');
  }
  for (const g of document.querySelectorAll('.van-rate')) {
    const stars = [...g.querySelectorAll<HTMLElement>('.van-rate__item')];
    if (!stars.length) continue;
    // Vant marks every star up to the value: the value is the last full one.
    const full = stars.filter((s) => s.querySelector('.van-rate__icon--full'));
    if (g.matches('.van-rate--readonly, .van-rate--disabled')) {
      setAttr(g, 'role', 'img');
      setAttr(g, 'aria-label', `评分：${full.length} 星（共 ${stars.length} 星）`);
      g.removeAttribute('tabindex');
      for (const s of stars) {
        s.removeAttribute('tabindex');
        setAttr(s, 'role', 'presentation');
      }
      continue;
    }
    setAttr(g, 'tabindex', '-1');
    const current = full[full.length - 1] ?? stars[0];
    stars.forEach((s, i) => {
      setAttr(s, 'aria-label', `${i + 1} 星`);
      setAttr(s, 'aria-checked', String(s === current && full.length > 0));
      setAttr(s, 'tabindex', s === current ? '0' : '-1');
    });
  }
  // A picker column is one tab stop (its chosen option); arrows move along it.
  for (const col of document.querySelectorAll('.van-picker-column')) {
    const items = [...col.querySelectorAll('.van-picker-column__item')];
    const chosen = col.querySelector('.van-picker-column__item--selected') ?? items[0];
    for (const it of items) setAttr(it, 'tabindex', it === chosen ? '0' : '-1');
  }
  // role=feed needs <article> children; Vant's list wraps ordinary rows.
  for (const l of document.querySelectorAll('.van-list[role=feed]')) l.removeAttribute('role');
  // Tabs used as a filter (no panels) point at panels that are not there.
  for (const tab of document.querySelectorAll('.van-tab[aria-controls]')) {
    if (!document.getElementById(tab.getAttribute('aria-controls') ?? '')) tab.removeAttribute('aria-controls');
  }
  // Swipeable tabs keep the other panels in the page, aria-hidden: out of the tab order too.
  for (const panel of document.querySelectorAll<HTMLElement>('.van-swipe-item[role=tabpanel]')) {
    const hidden = panel.getAttribute('aria-hidden') === 'true';
    if (hidden !== panel.inert) panel.inert = hidden;
  }
  popupFocus();
}

export function installPortalA11y(): void {
  installA11y({
    repair,
    keydown,
    errors: [{ message: '.van-field__error-message', row: '.van-field', label: '.van-field__label', control: '.van-field__value' }],
  });
}
