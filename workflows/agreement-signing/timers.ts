// The agreement's clock: reminders per routing stage, the expiry warning, the deadline and, once
// effective, the renewal reminder. Pure: the workflow sleeps until the next one and reports it here.
import { addIsoDuration } from '../../core/iso-duration';
import { type AgreementState, iso, ms } from './state';

// ---------------------------------------------------------------------------------------------------
// Timers

export type TimerKind = 'deadline' | 'expiry_warning' | 'reminder' | 'renewal_reminder';

export interface DueTimer {
  kind: TimerKind;
  at: string;
}

/** When the current stage's next reminder is due: first after, then every, at most max, before the deadline. */
export function nextReminderAt(state: AgreementState): string | null {
  const policy = state.policy.reminders;
  if (state.status !== 'in_progress' || !policy || !state.stage || state.stage.remindersSent >= policy.max) return null;
  let at = addIsoDuration(new Date(state.stage.openedAt), policy.firstAfter);
  for (let n = 0; n < state.stage.remindersSent; n++) at = addIsoDuration(at, policy.every);
  return at.getTime() < ms(state.deadlineAt) ? iso(at) : null;
}

/** The next timer the workflow must wait for; null when nothing is left to wait for. */
export function nextTimer(state: AgreementState): DueTimer | null {
  if (state.status === 'in_progress') {
    const candidates: DueTimer[] = [{ kind: 'deadline', at: state.deadlineAt }];
    if (state.expiryWarningAt && !state.expiryWarningSent) candidates.push({ kind: 'expiry_warning', at: state.expiryWarningAt });
    const reminder = nextReminderAt(state);
    if (reminder) candidates.push({ kind: 'reminder', at: reminder });
    // Earliest first; on a tie the deadline wins (nothing is reminded of an expired agreement).
    return candidates.reduce((a, b) => (ms(b.at) < ms(a.at) ? b : a));
  }
  if (state.status === 'effective' && state.renewalReminderAt && !state.renewalReminderSent) {
    return { kind: 'renewal_reminder', at: state.renewalReminderAt };
  }
  return null;
}

export function recordReminder(state: AgreementState): AgreementState {
  return state.stage ? { ...state, stage: { ...state.stage, remindersSent: state.stage.remindersSent + 1 } } : state;
}

export function recordExpiryWarning(state: AgreementState): AgreementState {
  return { ...state, expiryWarningSent: true };
}

export function recordRenewalReminder(state: AgreementState): AgreementState {
  return { ...state, renewalReminderSent: true };
}

export function expire(state: AgreementState, at: Date): AgreementState {
  if (state.status !== 'in_progress') return state;
  return { ...state, status: 'expired', stage: null, outcome: { step: 'expired', by: 'system', at: iso(at), reason: null, partyId: null } };
}
