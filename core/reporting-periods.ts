// Regular reports owed over a run of periods: a placement's weekly check-ins, a commissioner's monthly
// service logs. Period k (1-based) runs from the start plus k-1 periods to the start plus k periods; its
// report is due at its end plus the grace period; a period closed without its report is a miss, and N
// misses in a row escalate. Pure and workflow-safe: each process maps its own state onto these.
import { addIsoDuration } from './iso-duration';

export interface ReportingPeriods {
  /** When the first period began; null before the process started them. */
  startedAt: string | null;
  /** One period's length and the grace after it (ISO 8601). */
  period: string;
  grace: string;
  /** How many periods there are in all. */
  count: number;
  /** When the process ended early or normally; periods stop counting there. */
  endedAt: string | null;
  /** Only an active process owes reports. */
  active: boolean;
  /** Periods already judged (closed). */
  closed: number;
}

export function periodStart(p: ReportingPeriods, k: number): Date {
  // Added one period at a time, not k times at once: "P1M" from 31 January must land where a person counts.
  let at = new Date(p.startedAt!);
  for (let i = 1; i < k; i++) at = addIsoDuration(at, p.period);
  return at;
}

export function periodEnd(p: ReportingPeriods, k: number): Date {
  return addIsoDuration(periodStart(p, k), p.period);
}

export function reportDueAt(p: ReportingPeriods, k: number): Date {
  return addIsoDuration(periodEnd(p, k), p.grace);
}

/** Periods that are over at `now` (or when the process ended, if it has). */
export function periodsEnded(p: ReportingPeriods, now: Date): number {
  if (!p.startedAt) return 0;
  const until = p.endedAt ? Math.min(now.getTime(), new Date(p.endedAt).getTime()) : now.getTime();
  let k = 0;
  while (k < p.count && periodEnd(p, k + 1).getTime() <= until) k++;
  return k;
}

/** The period a report is for now; null outside the active state. */
export function currentPeriod(p: ReportingPeriods, now: Date): number | null {
  if (!p.active) return null;
  return Math.min(p.count, periodsEnded(p, now) + 1);
}

/** The next deadline the workflow must judge, while active. */
export function nextDuePeriod(p: ReportingPeriods): number | null {
  return p.active && p.closed < p.count ? p.closed + 1 : null;
}

/** The misses so far: which periods, how many in a row now, how many escalations. */
export interface MissTally {
  missed: number[];
  missedInARow: number;
  escalations: number;
}

export interface PeriodJudged {
  tally: MissTally;
  missed: boolean;
  /** The missed-in-a-row count reached the escalation threshold (again). */
  escalate: boolean;
}

/** Period k's deadline passed: a missing report is a miss; `escalateAfter` misses in a row escalate. */
export function judgePeriod(tally: MissTally, k: number, submitted: boolean, escalateAfter: number): PeriodJudged {
  const missedInARow = submitted ? 0 : tally.missedInARow + 1;
  const escalate = !submitted && missedInARow >= escalateAfter;
  return {
    tally: { missed: submitted ? tally.missed : [...tally.missed, k], missedInARow, escalations: tally.escalations + (escalate ? 1 : 0) },
    missed: !submitted,
    escalate,
  };
}
