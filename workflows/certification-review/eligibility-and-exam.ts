// The eligibility check's outcome and the exam results. Pure.
import { type ExamResultsStep, refusals } from '../../core/certification-review/messages';
import type { EligibilityResult } from '../../core/certification-review/records';
import { reject } from './resubmission-and-appeal';
import { type CertificationState, type ExamRecord, isAdmin, iso, type Refusal, refuse, requirementsOf } from './state';
import { stepResult } from './status-view';

// ---------------------------------------------------------------------------------------------------
// Eligibility and exam

export function recordEligibility(state: CertificationState, result: EligibilityResult, at: Date): CertificationState {
  if (state.status !== 'eligibility_check') return state;
  const eligibility = { ...result, at: iso(at) };
  if (!result.eligible) {
    return reject({ ...state, eligibility }, { kind: 'ineligible', reasons: result.reasons, by: 'system', stage: null }, at);
  }
  const next: CertificationState = { ...state, eligibility, status: 'awaiting_exam' };
  return next.pendingExam ? gradeExam(next, next.pendingExam, at) : next;
}

export function checkExamResults(state: CertificationState, step: ExamResultsStep): Refusal | null {
  if (!isAdmin(step.actor) && !step.actor.roles.includes('exam_system')) {
    return refuse(refusals.notAuthorized, 'only the exam system records exam results');
  }
  const recorded = state.exam ?? state.pendingExam;
  if (recorded) {
    if (recorded.examId === step.examId && recorded.theoryScore === step.theoryScore && recorded.practicalScore === step.practicalScore) {
      return {
        type: refusals.alreadyDone,
        message: `the results of exam ${step.examId} are already recorded`,
        result: stepResult(state, 'exam_results', { alreadyDone: true }),
      };
    }
    return refuse(refusals.invalidStep, `exam results (exam ${recorded.examId}) are already recorded for this application; they are not replaced`);
  }
  if (state.status !== 'eligibility_check' && state.status !== 'awaiting_exam') {
    return refuse(refusals.wrongState, `the application is ${state.status}: it no longer takes exam results`);
  }
  return null;
}

export function recordExamResults(state: CertificationState, step: ExamResultsStep, at: Date): CertificationState {
  const results = { examId: step.examId, theoryScore: step.theoryScore, practicalScore: step.practicalScore, at: iso(at) };
  if (state.status === 'eligibility_check') return { ...state, pendingExam: results };
  return gradeExam(state, results, at);
}

/** Why the scores fail the level's pass marks (empty: passed). */
export function examShortfalls(state: CertificationState, exam: { theoryScore: number; practicalScore: number }): string[] {
  const requirements = requirementsOf(state);
  const reasons: string[] = [];
  if (exam.theoryScore < requirements.theoryPassMark) reasons.push(`theory score ${exam.theoryScore} is below the pass mark ${requirements.theoryPassMark}`);
  if (exam.practicalScore < requirements.practicalPassMark) {
    reasons.push(`practical score ${exam.practicalScore} is below the pass mark ${requirements.practicalPassMark}`);
  }
  return reasons;
}

function gradeExam(state: CertificationState, results: Omit<ExamRecord, 'passed'>, at: Date): CertificationState {
  const shortfalls = examShortfalls(state, results);
  const exam: ExamRecord = { ...results, passed: shortfalls.length === 0 };
  const next: CertificationState = { ...state, exam, pendingExam: null };
  if (!exam.passed) return reject(next, { kind: 'exam_failed', reasons: shortfalls, by: 'system', stage: null }, at);
  return { ...next, status: 'formal_review', stage: 'formal', round: 1 };
}
