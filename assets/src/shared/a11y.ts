/*
 * Accessibility (无障碍) both surfaces install at start, so that every page,
 * including ones added later, is usable by keyboard and screen reader.  This
 * part knows no UI library; each surface adds what its library needs
 * (portal/a11y.ts for Vant, desk/a11y.ts for Element Plus):
 *
 *  - Form errors: each field's message is tied to its control
 *    (aria-describedby, aria-invalid); new messages are announced, and after
 *    a failed submit focus goes to the first field at fault.
 *  - Page changes: focus moves to the new page's heading and its title is
 *    announced.
 *  - Repairs of library markup that has no prop for it run after every DOM
 *    change (one pass per animation frame).
 */
import type { Router } from 'vue-router';

export const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export const visible = (el: Element) => (el as HTMLElement).checkVisibility?.({ visibilityProperty: true }) ?? (el as HTMLElement).offsetParent !== null;
export const focusables = (root: Element) => [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => visible(e) && !e.closest('[inert]'));
export const textOf = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Set an attribute only when it changes: the observer sees every write. */
export function setAttr(el: Element, attr: string, value: string): void {
  if (el.getAttribute(attr) !== value) el.setAttribute(attr, value);
}
export function setIfMissing(el: Element, attr: string, value: string): void {
  if (value && !el.getAttribute(attr)) el.setAttribute(attr, value);
}

let announcer: HTMLElement | null = null;

/** Say something to screen readers (a polite live region). */
export function announce(text: string): void {
  if (!announcer) {
    announcer = document.createElement('div');
    announcer.className = 'hl-sr-only';
    announcer.setAttribute('aria-live', 'polite');
    announcer.setAttribute('aria-atomic', 'true');
    announcer.dataset.test = 'announcer';
    document.body.appendChild(announcer);
  }
  const el = announcer;
  // A change of text is what gets read: clear first, then set.
  el.textContent = '';
  window.setTimeout(() => { el.textContent = text; }, 60);
}

// ---- form errors ----

/** Where a library puts a field's error, its row, the row's label and the part holding the control. */
export interface ErrorMarkup { message: string; row: string; label: string; control: string }

interface FieldError { control: HTMLElement; message: HTMLElement; label: string }

// The control of a row with an error, in order of preference.
const CONTROLS = ['input:not([type=hidden]):not([type=file]):not([type=radio]):not([type=checkbox])', 'textarea', '[role=combobox]', 'button', '[tabindex="0"]', 'input', '[role=radiogroup], [role=group]'];
const controlIn = (scope: Element | null | undefined) => {
  for (const sel of CONTROLS) {
    const c = scope?.querySelector<HTMLElement>(sel);
    if (c) return c;
  }
  return null;
};

function fieldErrors(kinds: ErrorMarkup[]): FieldError[] {
  const out: FieldError[] = [];
  for (const k of kinds) {
    for (const msg of document.querySelectorAll<HTMLElement>(k.message)) {
      if (!textOf(msg) || !visible(msg)) continue;
      const row = msg.closest(k.row);
      const control = controlIn(row?.querySelector(k.control));
      if (!row || !control) continue;
      out.push({ control, message: msg, label: textOf(row.querySelector(k.label)).replace(/^\*\s*/, '') });
    }
  }
  return out;
}

let uid = 0;
const idOf = (el: Element, stem: string) => el.id || (el.id = `hl-${stem}-${++uid}`);
const described = new Map<HTMLElement, string>(); // control → id of its error message
let shown = new Set<string>(); // the messages on screen, as label：text
let lastSubmitAt = 0;

function linkErrors(kinds: ErrorMarkup[]) {
  const errors = fieldErrors(kinds);
  const now = new Set<HTMLElement>();
  for (const { control, message } of errors) {
    now.add(control);
    const id = idOf(message, 'err');
    const old = described.get(control);
    const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((x) => x && x !== old);
    if (!ids.includes(id)) ids.push(id);
    setAttr(control, 'aria-describedby', ids.join(' '));
    setAttr(control, 'aria-invalid', 'true');
    described.set(control, id);
  }
  for (const [control, id] of [...described]) {
    if (now.has(control)) continue;
    described.delete(control);
    const rest = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((x) => x && x !== id);
    if (rest.length) setAttr(control, 'aria-describedby', rest.join(' '));
    else control.removeAttribute('aria-describedby');
    control.removeAttribute('aria-invalid');
  }
  // Say the messages when new ones appear (not when one of them is fixed).
  const messages = errors.map((e) => `${e.label}：${textOf(e.message)}`);
  const fresh = messages.filter((k) => !shown.has(k));
  if (fresh.length) {
    announce(`有 ${errors.length} 项需要修改。${messages.join('；')}`);
    // A failed submit (messages where there were none, just after a button):
    // focus goes to the first field at fault, where its message is read.
    const here = document.activeElement;
    if (!shown.size && Date.now() - lastSubmitAt < 8000 && (!here || here === document.body || here.matches('button, [role=button]'))) {
      errors[0].control.focus();
      lastSubmitAt = 0;
    }
  }
  shown = new Set(messages);
}

function noteSubmit(e: Event) {
  const t = e.target as Element | null;
  if (e.type === 'submit' || t?.closest?.('button, [role=button]')) lastSubmitAt = Date.now();
}

// ---- page changes ----

/**
 * After a navigation (not the first load): focus the page's heading and say
 * its title.  Focus stays on a tab bar the user moves along (the portal's
 * bottom tabs), which stays on screen.
 */
export function focusOnNavigation(router: Router): void {
  let first = true;
  router.afterEach((to, from) => {
    if (first) {
      first = false;
      return;
    }
    if (to.path === from.path) return;
    // The new view renders on the next frames (lazy chunk, then data).
    window.setTimeout(() => {
      const here = document.activeElement;
      if (here?.isConnected && here.closest('[role=tablist]')) {
        announce(document.title);
        return;
      }
      const target = document.querySelector<HTMLElement>('main h1, h1') ?? document.querySelector<HTMLElement>('main, #app');
      if (target) {
        if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
        target.setAttribute('data-hl-route-focus', '');
        target.focus({ preventScroll: true });
      }
      announce(document.title);
    }, 150);
  });
}

// ---- install ----

export interface A11yParts {
  /** Fix the library's markup (names, roles, tab stops); must only write on a change. */
  repair?: () => void;
  /** Keys the library leaves unhandled. */
  keydown?: (e: KeyboardEvent) => void;
  /** Where the library shows field errors. */
  errors: ErrorMarkup[];
}

let installed = false;

/** Enter and Space on an element a repair made a button (data-hl-activate). */
function activate(e: KeyboardEvent) {
  const t = e.target;
  if (e.defaultPrevented || !(t instanceof HTMLElement) || !t.hasAttribute('data-hl-activate')) return;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    t.click();
  }
}

// ---- lost focus ----

/*
 * A control that goes away once it has done its work (确认办结 when the case
 * is closed, a row's button when the row leaves the list) drops focus to the
 * page body, and the next Tab starts again from the top.  Focus goes to the
 * page's heading instead, the place a page change also leaves it.
 */
let lastFocused: HTMLElement | null = null;

function noteFocus(e: FocusEvent) {
  if (e.target instanceof HTMLElement) lastFocused = e.target;
}

function recoverFocus() {
  const here = document.activeElement;
  if (here && here !== document.body) return;
  if (!lastFocused || lastFocused.isConnected) return;
  lastFocused = null;
  const target = document.querySelector<HTMLElement>('main h1, h1');
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

export function installA11y(parts: A11yParts): void {
  if (installed) return;
  installed = true;
  document.addEventListener('focusin', noteFocus);
  // Chromium reports the removal of the focused element as a focusout to
  // nowhere: recover right after it rather than on the next repair.
  document.addEventListener('focusout', (e) => { if (!e.relatedTarget) window.setTimeout(recoverFocus, 0); });
  document.addEventListener('keydown', activate);
  if (parts.keydown) document.addEventListener('keydown', parts.keydown);
  document.addEventListener('click', noteSubmit, true);
  document.addEventListener('submit', noteSubmit, true);
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') noteSubmit(e); }, true);
  let queued = false;
  const run = () => {
    queued = false;
    parts.repair?.();
    linkErrors(parts.errors);
    recoverFocus();
  };
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(run);
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-hidden', 'style', 'class'] });
  run();
}
