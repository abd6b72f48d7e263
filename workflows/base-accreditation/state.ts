// The BaseAccreditation's rules, pure: who may take which step, what a step changes, what a timer does.
// The workflow (workflow.ts) applies them and writes what they decided; tests run them without Temporal
// (test/unit/base-accreditation-state.test.ts). The review tasks' rules (pools, claims, four-eyes,
// conflicts of interest, panels, escalation) are review-tasks.ts; the clock is timers.ts.
import { addIsoDuration } from '../../core/iso-duration';
import type { BaseStanding } from '../../core/continuing-education/base-standing';
import type { Refusal } from '../../core/refusal';
import type { AccreditationStatus, BaseAccreditationInput } from '../../core/base-accreditation/input';
import {
  type AccreditationStepResult,
  type AccreditationView,
  type Actor,
  type AnnualFigures,
  type AnnualReportStep,
  accreditationRefusals as refusals,
  type ObjectionStep,
  type RectificationStep,
  type RenewalStep,
  type ResolveObjectionStep,
  type YearOutcome,
  type YearView,
} from '../../core/base-accreditation/messages';

/** The workflow's state is its view: everything a reader may ask is in it, and it crosses runs whole. */
export type AccreditationState = AccreditationView;

const BASE_STAFF_ROLES = ['secretariat', 'school_coordinator', 'signatory', 'mentor'];
/** At most this many objections, and per person (their texts are carried across continue-as-new). */
export const MAX_OBJECTIONS = 100;
export const MAX_OBJECTIONS_PER_PERSON = 3;

export function iso(at: Date): string {
  return at.toISOString();
}

export function refuse(type: string, message: string): Refusal {
  return { type, message };
}

export function initialState(input: BaseAccreditationInput, now: Date): AccreditationState {
  return {
    accreditationId: input.application.accreditationId,
    status: 'formal_review',
    application: input.application,
    policy: input.policy,
    appliedBy: input.appliedBy,
    submittedAt: iso(now),
    tasks: [],
    objections: [],
    notice: null,
    rejection: null,
    accreditedAt: null,
    accreditedUntil: null,
    renewals: 0,
    renewalRequested: false,
    year: 0,
    years: [],
    closedAt: null,
  };
}

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes('admin');
}

/** The applicant's staff (or an admin): they file reports and rectifications and ask for renewal. */
export function isBaseStaff(state: Pick<AccreditationState, 'application'>, actor: Actor): boolean {
  return isAdmin(actor) || (actor.organizationId === state.application.organizationId && actor.roles.some((r) => BASE_STAFF_ROLES.includes(r)));
}

/** The authority's secretariat (or an admin): it resolves objections. */
export function isAuthority(state: Pick<AccreditationState, 'application'>, actor: Actor): boolean {
  return isAdmin(actor) || (actor.organizationId === state.application.authorityOrganizationId && actor.roles.includes('secretariat'));
}

export function isClosed(status: AccreditationStatus): boolean {
  return status === 'rejected' || status === 'exited' || status === 'expired';
}

export function stepResult(state: AccreditationState, extra: Partial<AccreditationStepResult> = {}): AccreditationStepResult {
  return { accreditationId: state.accreditationId, status: state.status, alreadyDone: false, ...extra };
}

export function currentYear(state: AccreditationState): YearView | undefined {
  return state.years.find((y) => y.year === state.year);
}

function withYear(state: AccreditationState, change: (year: YearView) => YearView): AccreditationState {
  return { ...state, years: state.years.map((y) => (y.year === state.year ? change(y) : y)) };
}

function yearView(state: AccreditationState, year: number): YearView {
  const start = new Date(state.accreditedAt!);
  let from = start;
  for (let n = 1; n < year; n++) from = addIsoDuration(from, state.policy.cycle);
  const to = addIsoDuration(from, state.policy.cycle);
  return {
    year,
    from: iso(from),
    to: iso(to),
    reportDueBy: iso(addIsoDuration(to, state.policy.reportWithin)),
    report: null,
    score: null,
    outcome: null,
    rectification: null,
    exitReason: null,
    decidedAt: null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Rejection, accreditation, exit

export function reject(state: AccreditationState, reasons: string[], by: string, at: Date): AccreditationState {
  return { ...state, status: 'rejected', rejection: { reasons, by, at: iso(at) }, closedAt: iso(at) };
}

/** The notice ended with no objection open: a base for `validity`, its first year begins. */
export function accredit(state: AccreditationState, at: Date): AccreditationState {
  const accredited: AccreditationState = {
    ...state,
    status: 'accredited',
    accreditedAt: iso(at),
    accreditedUntil: iso(addIsoDuration(at, state.policy.validity)),
    year: 1,
  };
  return { ...accredited, years: [yearView(accredited, 1)] };
}

/** A year closed in good standing: the next one begins. */
function nextYear(state: AccreditationState): AccreditationState {
  const year = state.year + 1;
  const next = { ...state, status: 'accredited' as const, year };
  return { ...next, years: [...state.years, yearView(next, year)] };
}

export function exit(state: AccreditationState, reason: NonNullable<YearView['exitReason']>, at: Date): AccreditationState {
  const closed = withYear(state, (y) => ({ ...y, outcome: 'exit', exitReason: reason, decidedAt: iso(at) }));
  return { ...closed, status: 'exited', closedAt: iso(at) };
}

/** The evaluation's score as an outcome, by the policy's marks. */
export function outcomeOf(state: AccreditationState, score: number): YearOutcome {
  if (score >= state.policy.marks.pass) return 'pass';
  if (score >= state.policy.marks.rectification) return 'rectification';
  return 'exit';
}

/** An evaluator scored the year's report. */
export function scoreYear(state: AccreditationState, score: number, at: Date): AccreditationState {
  const outcome = outcomeOf(state, score);
  if (outcome === 'exit')
    return exit(
      withYear(state, (y) => ({ ...y, score })),
      'evaluation_failed',
      at,
    );
  if (outcome === 'pass') return nextYear(withYear(state, (y) => ({ ...y, score, outcome, decidedAt: iso(at) })));
  const dueBy = iso(addIsoDuration(at, state.policy.rectificationWithin));
  return {
    ...withYear(state, (y) => ({ ...y, score, outcome, rectification: { dueBy, measures: null, reportedAt: null, score: null, passed: null } })),
    status: 'rectification',
  };
}

/** A second evaluator scored the rectification: at least the pass mark puts the base back in good standing. */
export function scoreRectification(state: AccreditationState, score: number, at: Date): AccreditationState {
  const passed = score >= state.policy.marks.pass;
  const scored = withYear(state, (y) => ({ ...y, rectification: { ...y.rectification!, score, passed }, decidedAt: iso(at) }));
  return passed ? nextYear(scored) : exit(scored, 'rectification_failed', at);
}

// ---------------------------------------------------------------------------------------------------
// The public notice and its objections

export function startNotice(state: AccreditationState, at: Date): AccreditationState {
  return { ...state, status: 'public_notice', notice: { startsAt: iso(at), endsAt: iso(addIsoDuration(at, state.policy.noticePeriod)), ended: false } };
}

function openObjections(state: AccreditationState): number {
  return state.objections.filter((o) => o.resolution === null).length;
}

/** The notice's end: accredited at once when no objection is open; else when the last is dismissed. */
export function endNotice(state: AccreditationState, at: Date): AccreditationState {
  const ended = { ...state, notice: { ...state.notice!, ended: true } };
  return openObjections(ended) === 0 ? accredit(ended, at) : ended;
}

export function checkObjection(state: AccreditationState, step: ObjectionStep): Refusal | null {
  if (step.actor.userId === state.appliedBy || step.actor.organizationId === state.application.organizationId) {
    return refuse(refusals.notAuthorized, 'the applicant does not object to its own application');
  }
  if (state.status !== 'public_notice' || !state.notice || state.notice.ended)
    return refuse(refusals.windowClosed, 'objections are taken during the public notice only');
  if (state.objections.length >= MAX_OBJECTIONS) return refuse(refusals.wrongState, `the notice takes at most ${MAX_OBJECTIONS} objections`);
  if (state.objections.filter((o) => o.by === step.actor.userId).length >= MAX_OBJECTIONS_PER_PERSON) {
    return refuse(refusals.wrongState, `at most ${MAX_OBJECTIONS_PER_PERSON} objections per person`);
  }
  return null;
}

export function object(state: AccreditationState, step: ObjectionStep, objectionId: string, at: Date): AccreditationState {
  return {
    ...state,
    objections: [...state.objections, { objectionId, by: step.actor.userId, text: step.text, at: iso(at), resolution: null, note: null, resolvedBy: null }],
  };
}

export function checkResolve(state: AccreditationState, step: ResolveObjectionStep): Refusal | null {
  if (!isAuthority(state, step.actor)) return refuse(refusals.notAuthorized, "only the accrediting authority's secretariat resolves objections");
  const objection = state.objections.find((o) => o.objectionId === step.objectionId);
  if (!objection) return refuse(refusals.unknownObjection, `no objection ${step.objectionId}`);
  if (objection.resolution !== null) {
    return objection.resolution === step.resolution
      ? { type: refusals.alreadyDone, message: 'resolved so already', result: stepResult(state, { objectionId: objection.objectionId, alreadyDone: true }) }
      : refuse(refusals.wrongState, `the objection was ${objection.resolution} already`);
  }
  if (state.status !== 'public_notice') return refuse(refusals.wrongState, `the application is ${state.status}`);
  return null;
}

export function resolve(state: AccreditationState, step: ResolveObjectionStep, at: Date): AccreditationState {
  const resolved: AccreditationState = {
    ...state,
    objections: state.objections.map((o) =>
      o.objectionId === step.objectionId ? { ...o, resolution: step.resolution, note: step.note, resolvedBy: step.actor.userId } : o,
    ),
  };
  if (step.resolution === 'upheld') {
    const objection = resolved.objections.find((o) => o.objectionId === step.objectionId)!;
    return reject({ ...resolved, tasks: cancelOpen(resolved) }, [`objection upheld: ${objection.text}`, step.note], step.actor.userId, at);
  }
  return resolved.notice!.ended && openObjections(resolved) === 0 ? accredit(resolved, at) : resolved;
}

function cancelOpen(state: AccreditationState): AccreditationState['tasks'] {
  return state.tasks.map((t) => (t.status === 'open' ? { ...t, status: 'cancelled' as const } : t));
}

// ---------------------------------------------------------------------------------------------------
// The yearly cycle: the report, the rectification, the renewal

export function checkReport(state: AccreditationState, step: AnnualReportStep): Refusal | null {
  if (!isBaseStaff(state, step.actor)) return refuse(refusals.notAuthorized, "only the base's staff file its annual report");
  const year = state.years.find((y) => y.year === step.year);
  if (year?.report) {
    return {
      type: refusals.alreadyDone,
      message: `the report of year ${step.year} is filed`,
      result: stepResult(state, { year: step.year, alreadyDone: true }),
    };
  }
  if (state.status !== 'report_due') return refuse(refusals.wrongState, `no annual report is due: the accreditation is ${state.status}`);
  if (step.year !== state.year) return refuse(refusals.invalidStep, `the report due is year ${state.year}'s`);
  return null;
}

export function fileReport(state: AccreditationState, step: AnnualReportStep, computed: AnnualFigures, at: Date): AccreditationState {
  const report = { declared: step.declared, computed, summary: step.summary, filedBy: step.actor.userId, filedAt: iso(at) };
  return { ...withYear(state, (y) => ({ ...y, report })), status: 'evaluation' };
}

export function checkRectification(state: AccreditationState, step: RectificationStep): Refusal | null {
  if (!isBaseStaff(state, step.actor)) return refuse(refusals.notAuthorized, "only the base's staff report its rectification");
  const rectification = currentYear(state)?.rectification;
  if (rectification?.measures != null && state.status !== 'rectification') {
    return { type: refusals.alreadyDone, message: 'the rectification is reported', result: stepResult(state, { year: state.year, alreadyDone: true }) };
  }
  if (state.status !== 'rectification') return refuse(refusals.wrongState, `no rectification is due: the accreditation is ${state.status}`);
  return null;
}

export function reportRectification(state: AccreditationState, step: RectificationStep, at: Date): AccreditationState {
  return {
    ...withYear(state, (y) => ({ ...y, rectification: { ...y.rectification!, measures: step.measures, reportedAt: iso(at) } })),
    status: 'rectification_review',
  };
}

export function checkRenewal(state: AccreditationState, step: RenewalStep): Refusal | null {
  if (!isBaseStaff(state, step.actor)) return refuse(refusals.notAuthorized, "only the base's staff ask for its renewal");
  if (state.renewalRequested) return { type: refusals.alreadyDone, message: 'renewal is requested', result: stepResult(state, { alreadyDone: true }) };
  if (state.accreditedAt === null || isClosed(state.status)) return refuse(refusals.wrongState, `the accreditation is ${state.status}`);
  return null;
}

export function requestRenewal(state: AccreditationState): AccreditationState {
  return { ...state, renewalRequested: true };
}

/** The validity ends (the base in good standing): renewed for another `validity` when asked for, else expired. */
export function endValidity(state: AccreditationState, at: Date): AccreditationState {
  if (!state.renewalRequested) return { ...state, status: 'expired', closedAt: iso(at) };
  return {
    ...state,
    accreditedUntil: iso(addIsoDuration(new Date(state.accreditedUntil!), state.policy.validity)),
    renewals: state.renewals + 1,
    renewalRequested: false,
  };
}

// ---------------------------------------------------------------------------------------------------
// The base's standing (continuing_education_bases), which decides whether it may open cohorts

const standingByStatus: Partial<Record<AccreditationStatus, BaseStanding['status']>> = {
  accredited: 'accredited',
  report_due: 'accredited',
  evaluation: 'accredited',
  rectification: 'rectification',
  rectification_review: 'rectification',
  exited: 'exited',
  // Expired: the standing stays with its accreditedUntil in the past, which refuses new cohorts.
  expired: 'accredited',
};

/** The standing to write, or null before the application is accredited (or when it was rejected). */
export function standingOf(state: AccreditationState, workflowId: string): BaseStanding | null {
  const status = standingByStatus[state.status];
  if (!status || state.accreditedAt === null) return null;
  return { organizationId: state.application.organizationId, status, accreditedUntil: state.accreditedUntil, accreditationWorkflowId: workflowId };
}
