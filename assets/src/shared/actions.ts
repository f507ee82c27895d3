// Which transition buttons a case shows.  The server says what the caller
// may do now ("allowed_actions"); the front end shows exactly those, in a
// fixed order, with what each needs.
import type { Case, CaseAction, Role } from '@/api/types';
import { ACTION_LABELS } from './labels';

export type ActionNeed = 'none' | 'note' | 'reason' | 'assignee' | 'rating' | 'resolution';

export interface ActionButton {
  action: CaseAction;
  label: string;
  kind: 'primary' | 'success' | 'warning' | 'danger' | 'default';
  need: ActionNeed;
}

const ORDER: CaseAction[] = ['accept', 'assign', 'start', 'resolve', 'confirm', 'reopen', 'reject', 'escalate', 'deescalate'];

const META: Record<CaseAction, Omit<ActionButton, 'action' | 'label'>> = {
  accept: { kind: 'primary', need: 'note' },
  assign: { kind: 'primary', need: 'assignee' },
  start: { kind: 'primary', need: 'none' },
  resolve: { kind: 'success', need: 'resolution' },
  confirm: { kind: 'success', need: 'rating' },
  reopen: { kind: 'warning', need: 'note' },
  reject: { kind: 'danger', need: 'reason' },
  escalate: { kind: 'warning', need: 'note' },
  deescalate: { kind: 'default', need: 'note' },
};

/**
 * Until every server answers allowed_actions, a conservative guess from the
 * lifecycle in PRODUCT.md §4.  The server still decides (409 otherwise).
 */
export function guessAllowed(c: Pick<Case, 'status' | 'escalated'>, role: Role | undefined): CaseAction[] {
  const out: CaseAction[] = [];
  const staff = role === 'commissioner' || role === 'committee' || role === 'admin';
  switch (c.status) {
    case 'submitted': if (staff) out.push('accept', 'reject'); break;
    case 'accepted': if (staff) out.push('assign'); break;
    case 'assigned': if (role === 'responder' || staff) out.push('start'); if (staff) out.push('assign'); break;
    case 'in_progress': if (role === 'responder' || staff) out.push('resolve'); break;
    case 'resolved': if (role === 'enterprise') out.push('confirm', 'reopen'); break;
    default: break;
  }
  const open = ['submitted', 'accepted', 'assigned', 'in_progress'].includes(c.status);
  if (open && (role === 'committee' || role === 'admin' || role === 'commissioner')) out.push(c.escalated ? 'deescalate' : 'escalate');
  return out;
}

export function allowedActions(c: Pick<Case, 'status' | 'escalated'> & { allowed_actions?: CaseAction[] | null }, role?: Role): CaseAction[] {
  return Array.isArray(c.allowed_actions) ? c.allowed_actions : guessAllowed(c, role);
}

/** Buttons for the allowed actions, ordered; unknown actions are ignored. */
export function actionButtons(allowed: readonly string[], only?: readonly CaseAction[]): ActionButton[] {
  const set = new Set(allowed);
  return ORDER.filter((a) => set.has(a) && (!only || only.includes(a))).map((a) => ({ action: a, label: ACTION_LABELS[a], ...META[a] }));
}
