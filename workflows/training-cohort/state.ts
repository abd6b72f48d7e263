// The TrainingCohort's rules over its state: pure functions, no I/O, no clock of their own (the workflow
// passes `now`). Each step has a check (the Update validator's refusal, or null) and a transition.
//
//   open ──every enrolled person assessed──► closed      (waitlisted people left: not_admitted)
//   launch refused (not an accredited base) ──► refused
//
// Enrolment: enrolled while seats are free, else waitlisted in order of arrival; a withdrawal frees a
// seat and the first waitlisted person takes it. Attendance is recorded per session, in bulk; a person
// recorded once for a session is never credited again for it (a repeated batch changes nothing), and a
// different figure is a correction, which the ledger receives as a compensating entry.
import type { Refusal } from '../../core/refusal';
import type { CohortOffering, CohortSession, EnrolmentSource, EnrolmentStatus, TrainingCohortInput } from '../../core/training-cohort/input';
import {
  type AssessmentOutcome,
  type AssessmentResult,
  type AssessmentStep,
  type AttendanceResult,
  type AttendanceStep,
  type CohortCounts,
  cohortRefusals,
  type CohortView,
  type CorrectionResult,
  type CorrectionStep,
  type EnrolmentResult,
  type EnrolmentView,
  type EnrolStep,
  type WithdrawalResult,
  type WithdrawStep,
} from '../../core/training-cohort/messages';
import type { Actor } from '../../core/actor';

export interface Enrolment {
  userId: string;
  organizationId: string | null;
  source: EnrolmentSource;
  status: EnrolmentStatus;
  enrolledAt: string;
  arrival: number;
  /** Hours recorded per session number (0: absent). */
  attended: Record<string, number>;
  score: number | null;
  reasons: string[];
  decidedAt: string | null;
}

export interface CohortState {
  offering: CohortOffering;
  publishedBy: string;
  publishedAt: string;
  status: 'open' | 'closed' | 'refused';
  refusal: string | null;
  closedAt: string | null;
  /** By user id. */
  enrolments: Record<string, Enrolment>;
  nextArrival: number;
  sessionsRecorded: number[];
  /** Corrections so far (numbers their ledger entries). */
  corrections: number;
  /** Steps recorded so far (numbers the cohort's trail entries). */
  revision: number;
}

/** Staff of the base who run the cohort: publish, record attendance, corrections and assessments. */
const BASE_STAFF_ROLES = ['secretariat', 'school_coordinator', 'mentor', 'signatory'];
/** Staff of an employer or school who enrol or withdraw their people. */
const ENROLLING_STAFF_ROLES = ['secretariat', 'school_coordinator', 'signatory'];

const refuse = (type: string, message: string): Refusal => ({ type, message });
const isAdmin = (actor: Actor) => actor.roles.includes('admin');

export function isBaseStaff(offering: Pick<CohortOffering, 'baseOrganizationId'>, actor: Actor): boolean {
  return isAdmin(actor) || (actor.organizationId === offering.baseOrganizationId && actor.roles.some((r) => BASE_STAFF_ROLES.includes(r)));
}

/** The person themselves, staff of their organisation (employer or school), the base's staff, or an admin. */
export function mayActForPerson(offering: CohortOffering, actor: Actor, person: { userId: string; organizationId: string | null }): boolean {
  if (actor.userId === person.userId || isBaseStaff(offering, actor)) return true;
  return person.organizationId !== null && actor.organizationId === person.organizationId && actor.roles.some((r) => ENROLLING_STAFF_ROLES.includes(r));
}

export function initialState(input: TrainingCohortInput, now: Date): CohortState {
  return {
    offering: input.offering,
    publishedBy: input.publishedBy,
    publishedAt: now.toISOString(),
    status: 'open',
    refusal: null,
    closedAt: null,
    enrolments: {},
    nextArrival: 1,
    sessionsRecorded: [],
    corrections: 0,
    revision: 0,
  };
}

export function refuseLaunch(state: CohortState, reason: string, now: Date): CohortState {
  return { ...state, status: 'refused', refusal: reason, closedAt: now.toISOString() };
}

export function plannedTotal(offering: CohortOffering): number {
  return offering.plannedHours.theory + offering.plannedHours.practice;
}

export function hoursAttended(enrolment: Enrolment): number {
  return Object.values(enrolment.attended).reduce((sum, h) => sum + h, 0);
}

function sessionOf(state: CohortState, number: number): CohortSession | undefined {
  return state.offering.sessions.find((s) => s.number === number);
}

function ordered(state: CohortState): Enrolment[] {
  return Object.values(state.enrolments).sort((a, b) => a.arrival - b.arrival);
}

export function counts(state: CohortState): CohortCounts {
  const c: CohortCounts = { enrolled: 0, waitlisted: 0, withdrawn: 0, completed: 0, incomplete: 0, notAdmitted: 0 };
  for (const e of Object.values(state.enrolments)) {
    if (e.status === 'not_admitted') c.notAdmitted++;
    else c[e.status]++;
  }
  return c;
}

/** Seats taken: enrolled people and those whose enrolment already has an outcome. */
function seatsTaken(state: CohortState): number {
  const c = counts(state);
  return c.enrolled + c.completed + c.incomplete;
}

function waitlistPosition(state: CohortState, userId: string): number | null {
  const waitlisted = ordered(state).filter((e) => e.status === 'waitlisted');
  const index = waitlisted.findIndex((e) => e.userId === userId);
  return index < 0 ? null : index + 1;
}

function openOnly(state: CohortState): Refusal | null {
  return state.status === 'open' ? null : refuse(cohortRefusals.invalidState, `the cohort is ${state.status}: no further steps are possible`);
}

function baseStaffOnly(state: CohortState, actor: Actor, what: string): Refusal | null {
  return isBaseStaff(state.offering, actor) ? null : refuse(cohortRefusals.notAuthorized, `only the base's staff ${what}`);
}

// ---------------------------------------------------------------------------------------------------
// Enrolment and withdrawal

function enrolmentResult(state: CohortState, userId: string, alreadyDone: boolean): EnrolmentResult {
  const e = state.enrolments[userId]!;
  return { cohortId: state.offering.cohortId, userId, status: e.status, waitlistPosition: waitlistPosition(state, userId), alreadyDone };
}

export function checkEnrol(state: CohortState, step: EnrolStep): Refusal | null {
  if (!mayActForPerson(state.offering, step.actor, step))
    return refuse(cohortRefusals.notAuthorized, 'only the person, their employer or school, or the base may enrol them');
  const existing = state.enrolments[step.userId];
  if (existing && (existing.status === 'enrolled' || existing.status === 'waitlisted')) {
    return { type: cohortRefusals.alreadyDone, message: 'the person is already enrolled', result: enrolmentResult(state, step.userId, true) };
  }
  const closed = openOnly(state);
  if (closed) return closed;
  if (existing) return refuse(cohortRefusals.invalidStep, `the person's enrolment is ${existing.status}: they cannot enrol again in this cohort`);
  return null;
}

export function enrol(state: CohortState, step: EnrolStep, now: Date): { state: CohortState; result: EnrolmentResult } {
  const status: EnrolmentStatus = seatsTaken(state) < state.offering.capacity ? 'enrolled' : 'waitlisted';
  const enrolment: Enrolment = {
    userId: step.userId,
    organizationId: step.organizationId,
    source: step.source,
    status,
    enrolledAt: now.toISOString(),
    arrival: state.nextArrival,
    attended: {},
    score: null,
    reasons: [],
    decidedAt: null,
  };
  const next = { ...state, enrolments: { ...state.enrolments, [step.userId]: enrolment }, nextArrival: state.nextArrival + 1, revision: state.revision + 1 };
  return { state: next, result: enrolmentResult(next, step.userId, false) };
}

export function checkWithdraw(state: CohortState, step: WithdrawStep): Refusal | null {
  const existing = state.enrolments[step.userId];
  if (!existing) return refuse(cohortRefusals.invalidStep, 'the person is not enrolled in this cohort');
  if (!mayActForPerson(state.offering, step.actor, existing))
    return refuse(cohortRefusals.notAuthorized, 'only the person, their employer or school, or the base may withdraw them');
  if (existing.status === 'withdrawn') {
    const result: WithdrawalResult = { cohortId: state.offering.cohortId, userId: step.userId, status: 'withdrawn', promotedUserId: null, alreadyDone: true };
    return { type: cohortRefusals.alreadyDone, message: 'the person has already withdrawn', result };
  }
  const closed = openOnly(state);
  if (closed) return closed;
  if (existing.status !== 'enrolled' && existing.status !== 'waitlisted') {
    return refuse(cohortRefusals.invalidStep, `the person's enrolment is ${existing.status}: there is nothing to withdraw from`);
  }
  return null;
}

/** Withdraws the person; a freed seat goes to the first waitlisted person. */
export function withdraw(state: CohortState, step: WithdrawStep, now: Date): { state: CohortState; result: WithdrawalResult } {
  const before = state.enrolments[step.userId]!;
  const enrolments = { ...state.enrolments, [step.userId]: { ...before, status: 'withdrawn' as const, reasons: [step.reason], decidedAt: now.toISOString() } };
  let promotedUserId: string | null = null;
  if (before.status === 'enrolled') {
    const first = ordered({ ...state, enrolments }).find((e) => e.status === 'waitlisted');
    if (first) {
      enrolments[first.userId] = { ...first, status: 'enrolled' };
      promotedUserId = first.userId;
    }
  }
  const next = { ...state, enrolments, revision: state.revision + 1 };
  return { state: next, result: { cohortId: state.offering.cohortId, userId: step.userId, status: 'withdrawn', promotedUserId, alreadyDone: false } };
}

// ---------------------------------------------------------------------------------------------------
// Attendance and corrections

export interface Credit {
  userId: string;
  hours: number;
}

function creditedHours(session: CohortSession, record: { present: boolean; hours?: number }): number {
  return record.present ? (record.hours ?? session.hours) : 0;
}

export function checkAttendance(state: CohortState, step: AttendanceStep): Refusal | null {
  const staff = baseStaffOnly(state, step.actor, 'record attendance');
  if (staff) return staff;
  const closed = openOnly(state);
  if (closed) return closed;
  const session = sessionOf(state, step.session);
  if (!session) return refuse(cohortRefusals.invalidStep, `the cohort has no session ${step.session}`);
  const seen = new Set<string>();
  const problems: string[] = [];
  let unchanged = 0;
  for (const record of step.records) {
    if (seen.has(record.userId)) problems.push(`${record.userId} appears twice in the batch`);
    seen.add(record.userId);
    const e = state.enrolments[record.userId];
    const hours = creditedHours(session, record);
    if (!e) problems.push(`${record.userId} is not enrolled in this cohort`);
    else if (hours > session.hours) problems.push(`${record.userId}: ${hours} hours exceed the session's ${session.hours}`);
    else if (e.attended[String(step.session)] !== undefined) {
      if (e.attended[String(step.session)] === hours) unchanged++;
      else problems.push(`${record.userId} is already recorded for session ${step.session} with ${e.attended[String(step.session)]} hours: send a correction`);
    } else if (e.status !== 'enrolled') problems.push(`${record.userId} is ${e.status}, not enrolled`);
  }
  if (problems.length > 0) return refuse(cohortRefusals.invalidStep, problems.slice(0, 20).join('; '));
  if (unchanged === step.records.length) {
    const result: AttendanceResult = { cohortId: state.offering.cohortId, session: step.session, recorded: 0, unchanged, hoursCredited: 0, alreadyDone: true };
    return { type: cohortRefusals.alreadyDone, message: `the attendance of session ${step.session} is already recorded as sent`, result };
  }
  return null;
}

/** Records the batch's new attendance; the people already recorded the same are left as they are. */
export function recordAttendance(state: CohortState, step: AttendanceStep): { state: CohortState; result: AttendanceResult; credits: Credit[] } {
  const session = sessionOf(state, step.session)!;
  const key = String(step.session);
  const enrolments = { ...state.enrolments };
  const credits: Credit[] = [];
  let recorded = 0;
  for (const record of step.records) {
    const e = enrolments[record.userId]!;
    if (e.attended[key] !== undefined) continue;
    const hours = creditedHours(session, record);
    enrolments[record.userId] = { ...e, attended: { ...e.attended, [key]: hours } };
    recorded++;
    if (hours > 0) credits.push({ userId: record.userId, hours });
  }
  const sessionsRecorded = state.sessionsRecorded.includes(step.session)
    ? state.sessionsRecorded
    : [...state.sessionsRecorded, step.session].sort((a, b) => a - b);
  const next = { ...state, enrolments, sessionsRecorded, revision: state.revision + 1 };
  const hoursCredited = credits.reduce((sum, c) => sum + c.hours, 0);
  return {
    state: next,
    result: {
      cohortId: state.offering.cohortId,
      session: step.session,
      recorded,
      unchanged: step.records.length - recorded,
      hoursCredited,
      alreadyDone: false,
    },
    credits,
  };
}

export function checkCorrection(state: CohortState, step: CorrectionStep): Refusal | null {
  const staff = baseStaffOnly(state, step.actor, 'correct attendance');
  if (staff) return staff;
  const closed = openOnly(state);
  if (closed) return closed;
  const session = sessionOf(state, step.session);
  if (!session) return refuse(cohortRefusals.invalidStep, `the cohort has no session ${step.session}`);
  const e = state.enrolments[step.userId];
  const current = e?.attended[String(step.session)];
  if (!e || current === undefined)
    return refuse(cohortRefusals.invalidStep, `no attendance of ${step.userId} is recorded for session ${step.session}: record it first`);
  if (step.hours > session.hours) return refuse(cohortRefusals.invalidStep, `${step.hours} hours exceed the session's ${session.hours}`);
  if (e.status !== 'enrolled' && e.status !== 'withdrawn')
    return refuse(cohortRefusals.invalidStep, `the person's enrolment is ${e.status}: its hours are final`);
  if (current === step.hours) {
    const result: CorrectionResult = {
      cohortId: state.offering.cohortId,
      session: step.session,
      userId: step.userId,
      delta: 0,
      hours: current,
      correction: state.corrections,
      alreadyDone: true,
    };
    return { type: cohortRefusals.alreadyDone, message: `session ${step.session} already stands at ${current} hours for this person`, result };
  }
  return null;
}

export function correct(state: CohortState, step: CorrectionStep): { state: CohortState; result: CorrectionResult; previous: number } {
  const key = String(step.session);
  const e = state.enrolments[step.userId]!;
  const previous = e.attended[key]!;
  const correction = state.corrections + 1;
  const next = {
    ...state,
    enrolments: { ...state.enrolments, [step.userId]: { ...e, attended: { ...e.attended, [key]: step.hours } } },
    corrections: correction,
    revision: state.revision + 1,
  };
  const result: CorrectionResult = {
    cohortId: state.offering.cohortId,
    session: step.session,
    userId: step.userId,
    delta: step.hours - previous,
    hours: step.hours,
    correction,
    alreadyDone: false,
  };
  return { state: next, result, previous };
}

// ---------------------------------------------------------------------------------------------------
// Assessment and completion

export function checkAssessments(state: CohortState, step: AssessmentStep): Refusal | null {
  const staff = baseStaffOnly(state, step.actor, 'record assessments');
  if (staff) return staff;
  const seen = new Set<string>();
  const problems: string[] = [];
  let unchanged = 0;
  for (const r of step.results) {
    if (seen.has(r.userId)) problems.push(`${r.userId} appears twice in the batch`);
    seen.add(r.userId);
    const e = state.enrolments[r.userId];
    if (!e) problems.push(`${r.userId} is not enrolled in this cohort`);
    else if (e.status === 'completed' || e.status === 'incomplete') {
      if (e.score === r.score) unchanged++;
      else problems.push(`${r.userId} was already assessed (score ${e.score}); an outcome is final`);
    } else if (e.status !== 'enrolled') problems.push(`${r.userId} is ${e.status}, not enrolled`);
  }
  if (problems.length > 0) return refuse(cohortRefusals.invalidStep, problems.slice(0, 20).join('; '));
  if (unchanged === step.results.length) {
    const result: AssessmentResult = { cohortId: state.offering.cohortId, outcomes: [], unchanged, cohortStatus: state.status, alreadyDone: true };
    return { type: cohortRefusals.alreadyDone, message: 'these assessment results are already recorded', result };
  }
  return openOnly(state);
}

/** Why the person does not complete (empty: completed). */
export function completionShortfalls(offering: CohortOffering, attended: number, score: number): string[] {
  const planned = plannedTotal(offering);
  const reasons: string[] = [];
  const threshold = offering.completion.attendanceThreshold;
  if (planned > 0 && attended < threshold * planned) {
    reasons.push(`attended ${attended} of ${planned} planned hours, below the ${Math.round(threshold * 100)}% attendance threshold`);
  }
  if (score < offering.completion.passMark) reasons.push(`assessment score ${score} is below the pass mark ${offering.completion.passMark}`);
  return reasons;
}

/** Decides each assessed person's outcome; the cohort closes once no enrolled person is left undecided. */
export function assess(state: CohortState, step: AssessmentStep, now: Date): { state: CohortState; result: AssessmentResult; outcomes: AssessmentOutcome[] } {
  const enrolments = { ...state.enrolments };
  const outcomes: AssessmentOutcome[] = [];
  for (const r of step.results) {
    const e = enrolments[r.userId]!;
    if (e.status !== 'enrolled') continue;
    const attended = hoursAttended(e);
    const reasons = completionShortfalls(state.offering, attended, r.score);
    const status = reasons.length === 0 ? 'completed' : 'incomplete';
    enrolments[r.userId] = { ...e, status, score: r.score, reasons, decidedAt: now.toISOString() };
    outcomes.push({ userId: r.userId, status, hoursAttended: attended, score: r.score, reasons });
  }
  let next: CohortState = { ...state, enrolments, revision: state.revision + 1 };
  if (!Object.values(enrolments).some((e) => e.status === 'enrolled')) next = close(next, now);
  const result: AssessmentResult = {
    cohortId: state.offering.cohortId,
    outcomes,
    unchanged: step.results.length - outcomes.length,
    cohortStatus: next.status,
    alreadyDone: false,
  };
  return { state: next, result, outcomes };
}

/** Closes the cohort: the people still on the waitlist were not admitted. */
function close(state: CohortState, now: Date): CohortState {
  const enrolments = { ...state.enrolments };
  for (const e of Object.values(enrolments)) {
    if (e.status === 'waitlisted')
      enrolments[e.userId] = { ...e, status: 'not_admitted', decidedAt: now.toISOString(), reasons: ['the cohort closed before a seat freed'] };
  }
  return { ...state, enrolments, status: 'closed', closedAt: now.toISOString() };
}

// ---------------------------------------------------------------------------------------------------
// Views

export function enrolmentView(e: Enrolment): EnrolmentView {
  return {
    userId: e.userId,
    organizationId: e.organizationId,
    source: e.source,
    status: e.status,
    enrolledAt: e.enrolledAt,
    arrival: e.arrival,
    hoursAttended: hoursAttended(e),
    score: e.score,
    reasons: e.reasons,
    decidedAt: e.decidedAt,
  };
}

export function toView(state: CohortState): CohortView {
  return {
    cohortId: state.offering.cohortId,
    status: state.status,
    refusal: state.refusal,
    offering: state.offering,
    publishedBy: state.publishedBy,
    publishedAt: state.publishedAt,
    closedAt: state.closedAt,
    counts: counts(state),
    sessionsRecorded: state.sessionsRecorded,
    enrolments: ordered(state).map(enrolmentView),
  };
}
