// The placement rules, from the national regulation on vocational students' internships (职业学校学生实习
// 管理规定, 2021) and the provincial 8-hour rule. One module, pure functions, workflow-safe (no I/O, no
// clock, no Node modules): the API uses them to refuse an offer and to filter a matching round, the
// workflow uses them to gate the start and to check every weekly log.
//
// Every rule has an id, a title and a message in zh-CN and en. A check returns the violations it found
// (an empty list: the rule holds). Thresholds come from a policy (defaults in core/placement-defaults.ts) and the statutory
// holidays are data the caller passes in (platform/config.ts reads them from PLACEMENT_STATUTORY_HOLIDAYS):
// nothing here knows the calendar of a particular year.
import { calendarDateParts, isCalendarDate } from '../calendar-date';
import { defaultRulesPolicy, type PlacementRulesPolicy } from '../placement-defaults';
import { addIsoDuration, parseIsoDuration } from '../iso-duration';
import {
  type DayLog,
  type GuardianStatus,
  type Insurance,
  type LocalizedText,
  type PositionFacts,
  type RuleId,
  ruleIds,
  type RuleViolation,
  type StudentFacts,
  type WeeklyLogFacts,
} from './rule-facts';

// ---------------------------------------------------------------------------------------------------
// Policy

export { defaultRulesPolicy, type PlacementRulesPolicy };
// The rules' vocabulary lives in core (the records and the workflow's messages use it too); the API and
// the matching read it with the rules.
export * from './rule-facts';

// ---------------------------------------------------------------------------------------------------
// The catalogue: one entry per rule, with its messages.

type Params = RuleViolation['details'];

interface RuleDefinition {
  id: RuleId;
  title: LocalizedText;
  message(p: Params): LocalizedText;
}

const fmt = (value: Params[string] | undefined) => (value === null || value === undefined ? '-' : String(value));

export const rules: Record<RuleId, RuleDefinition> = {
  'student.year_of_study': {
    id: 'student.year_of_study',
    title: { 'zh-CN': '不得安排一年级学生岗位实习', en: 'No first-year students' },
    message: (p) => ({
      'zh-CN': `不得安排一年级在校学生进行岗位实习（该生为第${fmt(p.yearOfStudy)}学年，至少应为第${fmt(p.minimum)}学年）`,
      en: `First-year students may not be placed (the student is in year ${fmt(p.yearOfStudy)}; year ${fmt(p.minimum)} at the earliest)`,
    }),
  },
  'student.minimum_age': {
    id: 'student.minimum_age',
    title: { 'zh-CN': '不得安排未满16周岁的学生实习', en: 'No students under 16' },
    message: (p) => ({
      'zh-CN': `不得安排未满${fmt(p.minimum)}周岁的学生实习（该生在${fmt(p.on)}为${fmt(p.age)}周岁）`,
      en: `Students under ${fmt(p.minimum)} may not be placed (the student is ${fmt(p.age)} on ${fmt(p.on)})`,
    }),
  },
  'student.guardian_for_minor': {
    id: 'student.guardian_for_minor',
    title: { 'zh-CN': '未成年学生须经监护人签字同意', en: 'A guardian signs for a minor' },
    message: (p) => ({
      'zh-CN':
        p.guardian === 'none'
          ? `该生未满${fmt(p.adultAge)}周岁（${fmt(p.age)}周岁），须指定监护人作为三方协议的一方`
          : p.guardian === 'self'
            ? `该生未满${fmt(p.adultAge)}周岁（${fmt(p.age)}周岁），学生本人不能担任自己的监护人`
            : p.guardian === 'unlinked'
              ? `该生未满${fmt(p.adultAge)}周岁（${fmt(p.age)}周岁），所指定的监护人未经学校关联并确认`
              : `该生未满${fmt(p.adultAge)}周岁（${fmt(p.age)}周岁），监护人签署三方协议之前不得开始实习`,
      en:
        p.guardian === 'none'
          ? `The student is under ${fmt(p.adultAge)} (${fmt(p.age)}): a guardian must be a party to the tripartite agreement`
          : p.guardian === 'self'
            ? `The student is under ${fmt(p.adultAge)} (${fmt(p.age)}): a student cannot be their own guardian`
            : p.guardian === 'unlinked'
              ? `The student is under ${fmt(p.adultAge)} (${fmt(p.age)}): the guardian named is not linked to the student by the school and confirmed`
              : `The student is under ${fmt(p.adultAge)} (${fmt(p.age)}): the placement cannot start before the guardian has signed the tripartite agreement`,
    }),
  },
  'capacity.enterprise_share': {
    id: 'capacity.enterprise_share',
    title: { 'zh-CN': '实习生不超过企业职工总数的10%', en: 'Interns at most 10% of the enterprise staff' },
    message: (p) => ({
      'zh-CN': `企业接收实习生人数不得超过职工总数的${fmt(p.percent)}%（实习生${fmt(p.interns)}人，职工${fmt(p.staff)}人，上限${fmt(p.cap)}人）`,
      en: `An enterprise takes interns up to ${fmt(p.percent)}% of its staff (${fmt(p.interns)} interns, ${fmt(p.staff)} staff, cap ${fmt(p.cap)})`,
    }),
  },
  'capacity.position_share': {
    id: 'capacity.position_share',
    title: { 'zh-CN': '同一岗位实习生不超过该岗位职工的20%', en: "Interns at most 20% of a position's staff" },
    message: (p) => ({
      'zh-CN': `同一岗位实习生人数不得超过该岗位职工总数的${fmt(p.percent)}%（实习生${fmt(p.interns)}人，岗位职工${fmt(p.staff)}人，上限${fmt(p.cap)}人）`,
      en: `A position takes interns up to ${fmt(p.percent)}% of its staff (${fmt(p.interns)} interns, ${fmt(p.staff)} staff, cap ${fmt(p.cap)})`,
    }),
  },
  'hours.no_night_shift': {
    id: 'hours.no_night_shift',
    title: { 'zh-CN': '不得安排夜班', en: 'No night shifts' },
    message: (p) => ({
      'zh-CN': p.date ? `不得安排学生上夜班（${fmt(p.date)}，${fmt(p.from)}至${fmt(p.to)}之间工作）` : '不得安排学生上夜班（岗位要求夜间工作）',
      en: p.date
        ? `Students may not work night shifts (${fmt(p.date)}, work between ${fmt(p.from)} and ${fmt(p.to)})`
        : 'Students may not work night shifts (the position requires night work)',
    }),
  },
  'hours.daily_limit': {
    id: 'hours.daily_limit',
    title: { 'zh-CN': '每日不超过8小时', en: 'At most 8 hours a day' },
    message: (p) => ({
      'zh-CN': `每日实习时间不得超过${fmt(p.limit)}小时（${p.date ? `${fmt(p.date)}：` : '岗位每日'}${fmt(p.hours)}小时）`,
      en: `At most ${fmt(p.limit)} hours a day (${p.date ? `${fmt(p.date)}: ` : 'the position asks for '}${fmt(p.hours)} hours)`,
    }),
  },
  'hours.weekly_limit': {
    id: 'hours.weekly_limit',
    title: { 'zh-CN': '每周不超过40小时', en: 'At most 40 hours a week' },
    message: (p) => ({
      'zh-CN': `每周实习时间不得超过${fmt(p.limit)}小时（${p.week ? `第${fmt(p.week)}周` : '岗位每周'}${fmt(p.hours)}小时）`,
      en: `At most ${fmt(p.limit)} hours a week (${p.week ? `week ${fmt(p.week)}: ` : 'the position asks for '}${fmt(p.hours)} hours)`,
    }),
  },
  'hours.no_statutory_holiday': {
    id: 'hours.no_statutory_holiday',
    title: { 'zh-CN': '法定节假日不得安排实习', en: 'No work on statutory holidays' },
    message: (p) => ({
      'zh-CN': `不得安排学生在法定节假日实习（${fmt(p.date)}工作${fmt(p.hours)}小时）`,
      en: `Students may not work on statutory holidays (${fmt(p.date)}: ${fmt(p.hours)} hours)`,
    }),
  },
  'insurance.liability_before_start': {
    id: 'insurance.liability_before_start',
    title: { 'zh-CN': '开始前须投保实习责任保险', en: 'Liability insurance before the start' },
    message: (p) => ({
      'zh-CN':
        p.problem === 'missing'
          ? '实习开始前须投保学生实习责任保险（尚无保单号）'
          : `实习责任保险须覆盖实习开始日期${fmt(p.startDate)}（保险期间${fmt(p.coverageStart)}至${fmt(p.coverageEnd)}）`,
      en:
        p.problem === 'missing'
          ? 'Internship liability insurance is required before the start (no policy number yet)'
          : `The liability insurance must cover the first day ${fmt(p.startDate)} (covered ${fmt(p.coverageStart)} to ${fmt(p.coverageEnd)})`,
    }),
  },
  'stipend.minimum_share': {
    id: 'stipend.minimum_share',
    title: { 'zh-CN': '实习报酬不低于同岗位工资的80%', en: "Stipend at least 80% of the position's wage" },
    message: (p) => ({
      'zh-CN': `实习报酬不得低于同岗位工资标准的${fmt(p.percent)}%（月报酬${fmt(p.stipend)}分，岗位月工资${fmt(p.wage)}分，至少${fmt(p.minimum)}分）`,
      en: `The stipend must be at least ${fmt(p.percent)}% of the position's regular wage (${fmt(p.stipend)} vs ${fmt(p.wage)} fen a month; at least ${fmt(p.minimum)})`,
    }),
  },
  'duration.maximum': {
    id: 'duration.maximum',
    title: { 'zh-CN': '实习期限不超过规定上限', en: 'Placement no longer than the maximum' },
    message: (p) => ({
      'zh-CN': `岗位实习期限不得超过${fmt(p.maximum)}（${fmt(p.startDate)}至${fmt(p.endDate)}，最晚${fmt(p.latestEnd)}结束）`,
      en: `A placement lasts at most ${fmt(p.maximum)} (${fmt(p.startDate)} to ${fmt(p.endDate)}; it must end by ${fmt(p.latestEnd)})`,
    }),
  },
  'field.major_group': {
    id: 'field.major_group',
    title: { 'zh-CN': '岗位须与所学专业大类对口', en: "The position fits the student's major group" },
    message: (p) => ({
      'zh-CN': `实习岗位应与学生所学专业对口（该生专业大类${fmt(p.majorGroup)}，岗位面向${fmt(p.positionGroups)}）`,
      en: `The position must fit the student's field (major group ${fmt(p.majorGroup)}; the position takes ${fmt(p.positionGroups)})`,
    }),
  },
};

function violation(ruleId: RuleId, details: Params): RuleViolation {
  return { ruleId, message: rules[ruleId].message(details), details };
}

// ---------------------------------------------------------------------------------------------------
// Calendar helpers (dates are YYYY-MM-DD calendar dates; no time zones involved)

export { isCalendarDate };

/** Full years of age on `on` (a birthday on 29 February counts on 1 March in common years). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = calendarDateParts(birthDate);
  const [y, m, d] = calendarDateParts(on);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/** The 专业大类 of a major code (2021 catalogue: the first two digits). */
export function majorGroupOf(majorCode: string): string {
  return majorCode.trim().slice(0, 2);
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether [start, end) (HH:MM, an end before the start runs past midnight) touches the night window. */
export function overlapsNight(start: string, end: string, window: PlacementRulesPolicy['nightWindow']): boolean {
  const s = minutesOf(start);
  let e = minutesOf(end);
  if (e <= s) e += 24 * 60;
  const from = minutesOf(window.from);
  let to = minutesOf(window.to);
  if (to <= from) to += 24 * 60;
  // The shift against the window today and the window that began yesterday (for early-morning work).
  for (const offset of [-24 * 60, 0, 24 * 60]) {
    if (s < to + offset && from + offset < e) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// The facts the rules look at (their shapes: core/apprenticeship-placement/rule-facts.ts)

/**
 * What a named guardian is to the student: a guardian is a person other than the student, linked to the
 * student by the school and confirmed (api/parties/guardians.ts keeps the links).
 */
export function guardianStanding(facts: { studentUserId: string; guardianUserId: string | null; confirmedGuardianUserIds: readonly string[] }): GuardianStatus {
  if (facts.guardianUserId === null) return 'none';
  if (facts.guardianUserId === facts.studentUserId) return 'self';
  return facts.confirmedGuardianUserIds.includes(facts.guardianUserId) ? 'named' : 'unlinked';
}

// ---------------------------------------------------------------------------------------------------
// The rules, one function each

export function checkYearOfStudy(student: Pick<StudentFacts, 'yearOfStudy'>, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  if (student.yearOfStudy >= policy.minimumYearOfStudy) return [];
  return [violation('student.year_of_study', { yearOfStudy: student.yearOfStudy, minimum: policy.minimumYearOfStudy })];
}

/** Age is taken on the first day of the placement. */
export function checkMinimumAge(birthDate: string, startDate: string, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  const age = ageOn(birthDate, startDate);
  if (age >= policy.minimumAge) return [];
  return [violation('student.minimum_age', { age, minimum: policy.minimumAge, on: startDate })];
}

export function isMinor(birthDate: string, on: string, policy: PlacementRulesPolicy = defaultRulesPolicy): boolean {
  return ageOn(birthDate, on) < policy.adultAge;
}

/**
 * A minor needs a guardian: named before an offer (so the guardian can be a party to the agreement),
 * signed before the start. Named means confirmed (guardianStanding): not the student, not a stranger. `required` says which of the two this check is about.
 */
export function checkGuardian(
  facts: { birthDate: string; startDate: string; guardian: GuardianStatus },
  required: 'named' | 'signed',
  policy: PlacementRulesPolicy = defaultRulesPolicy,
): RuleViolation[] {
  const age = ageOn(facts.birthDate, facts.startDate);
  if (age >= policy.adultAge) return [];
  const ok = required === 'named' ? facts.guardian === 'named' || facts.guardian === 'signed' : facts.guardian === 'signed';
  if (ok) return [];
  return [violation('student.guardian_for_minor', { age, adultAge: policy.adultAge, guardian: facts.guardian, required })];
}

/** The most interns `staff` people may take at `percent`: floor(staff * percent / 100), in integers. */
export function internCap(staff: number, percent: number): number {
  return Math.floor((Math.max(0, Math.floor(staff)) * percent) / 100);
}

/** `interns` counts everyone placed there once this placement is made (this one included). */
export function checkEnterpriseShare(facts: { interns: number; enterpriseStaff: number }, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  const cap = internCap(facts.enterpriseStaff, policy.enterpriseInternPercent);
  if (facts.interns <= cap) return [];
  return [violation('capacity.enterprise_share', { interns: facts.interns, staff: facts.enterpriseStaff, cap, percent: policy.enterpriseInternPercent })];
}

export function checkPositionShare(facts: { interns: number; positionStaff: number }, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  const cap = internCap(facts.positionStaff, policy.positionInternPercent);
  if (facts.interns <= cap) return [];
  return [violation('capacity.position_share', { interns: facts.interns, staff: facts.positionStaff, cap, percent: policy.positionInternPercent })];
}

/** A position that asks for night work, or a logged day with night hours or a shift in the night window. */
export function checkNoNightShift(subject: { nightWork: boolean } | { days: DayLog[] }, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  const { from, to } = policy.nightWindow;
  if ('nightWork' in subject) return subject.nightWork ? [violation('hours.no_night_shift', { date: null, from, to })] : [];
  return subject.days
    .filter((d) => (d.nightHours ?? 0) > 0 || (d.shift !== undefined && d.hours > 0 && overlapsNight(d.shift.start, d.shift.end, policy.nightWindow)))
    .map((d) => violation('hours.no_night_shift', { date: d.date, from, to, nightHours: d.nightHours ?? null }));
}

export function checkDailyLimit(subject: { dailyHours: number } | { days: DayLog[] }, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  const limit = policy.maxDailyHours;
  if ('dailyHours' in subject) return subject.dailyHours > limit ? [violation('hours.daily_limit', { date: null, hours: subject.dailyHours, limit })] : [];
  return subject.days.filter((d) => d.hours > limit).map((d) => violation('hours.daily_limit', { date: d.date, hours: d.hours, limit }));
}

export function weeklyHours(days: DayLog[]): number {
  // Hours come in quarter-hours at the finest; summing in minutes keeps 0.1 + 0.2 from drifting.
  return Math.round(days.reduce((sum, d) => sum + Math.round(d.hours * 60), 0)) / 60;
}

export function checkWeeklyLimit(subject: { weeklyHours: number } | WeeklyLogFacts, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  const limit = policy.maxWeeklyHours;
  if ('weeklyHours' in subject) return subject.weeklyHours > limit ? [violation('hours.weekly_limit', { week: null, hours: subject.weeklyHours, limit })] : [];
  const hours = weeklyHours(subject.days);
  return hours > limit ? [violation('hours.weekly_limit', { week: subject.week, hours, limit })] : [];
}

export function checkNoStatutoryHoliday(days: DayLog[], policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  const holidays = new Set(policy.statutoryHolidays);
  return days.filter((d) => d.hours > 0 && holidays.has(d.date)).map((d) => violation('hours.no_statutory_holiday', { date: d.date, hours: d.hours }));
}

/** Before the start: a policy number, and (when the coverage dates are given) coverage of the first day. */
export function checkInsurance(insurance: Insurance | null | undefined, startDate: string): RuleViolation[] {
  if (!insurance || insurance.policyNumber.trim() === '') {
    return [violation('insurance.liability_before_start', { problem: 'missing', startDate, coverageStart: null, coverageEnd: null })];
  }
  const starts = insurance.coverageStart ?? null;
  const ends = insurance.coverageEnd ?? null;
  if ((starts !== null && starts > startDate) || (ends !== null && ends < startDate)) {
    return [violation('insurance.liability_before_start', { problem: 'not_covering_start', startDate, coverageStart: starts, coverageEnd: ends })];
  }
  return [];
}

export function checkStipend(
  position: Pick<PositionFacts, 'stipendMonthly' | 'regularMonthlyWage'>,
  policy: PlacementRulesPolicy = defaultRulesPolicy,
): RuleViolation[] {
  // stipend / wage >= percent / 100, in integers.
  if (position.stipendMonthly * 100 >= position.regularMonthlyWage * policy.minimumStipendPercent) return [];
  return [
    violation('stipend.minimum_share', {
      stipend: position.stipendMonthly,
      wage: position.regularMonthlyWage,
      percent: policy.minimumStipendPercent,
      minimum: Math.ceil((position.regularMonthlyWage * policy.minimumStipendPercent) / 100),
    }),
  ];
}

/** The last day may be at most `maximumDuration` after the first (P6M from 1 March: 1 September). */
export function latestEndDate(startDate: string, maximumDuration: string): string {
  parseIsoDuration(maximumDuration);
  return addIsoDuration(new Date(`${startDate}T00:00:00Z`), maximumDuration)
    .toISOString()
    .slice(0, 10);
}

export function checkDuration(dates: { startDate: string; endDate: string }, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  const latestEnd = latestEndDate(dates.startDate, policy.maximumDuration);
  if (dates.endDate <= latestEnd) return [];
  return [violation('duration.maximum', { startDate: dates.startDate, endDate: dates.endDate, maximum: policy.maximumDuration, latestEnd })];
}

export function checkMajorGroup(student: Pick<StudentFacts, 'majorCode'>, position: Pick<PositionFacts, 'majorGroups'>): RuleViolation[] {
  const group = majorGroupOf(student.majorCode);
  if (position.majorGroups.includes(group)) return [];
  return [violation('field.major_group', { majorGroup: group, positionGroups: position.majorGroups.join(', ') })];
}

// ---------------------------------------------------------------------------------------------------
// The checkpoints: which rules apply when

/** A position as published: what it asks of every intern (hours, nights, stipend, duration). */
export function checkPosition(position: PositionFacts, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  return [
    ...checkNoNightShift({ nightWork: position.nightWork }, policy),
    ...checkDailyLimit({ dailyHours: position.dailyHours }, policy),
    ...checkWeeklyLimit({ weeklyHours: position.weeklyHours }, policy),
    ...checkStipend(position, policy),
    ...checkDuration(position, policy),
  ];
}

/**
 * May this student be offered this position? The student's own rules (year, age, a guardian named for
 * a minor), the field, and the position's rules. Capacity is the matching round's (or the offer's) own
 * check, since it depends on who else is placed.
 */
export function checkEligibility(
  student: StudentFacts & { guardian: GuardianStatus },
  position: PositionFacts,
  policy: PlacementRulesPolicy = defaultRulesPolicy,
): RuleViolation[] {
  return [
    ...checkYearOfStudy(student, policy),
    ...checkMinimumAge(student.birthDate, position.startDate, policy),
    ...checkGuardian({ birthDate: student.birthDate, startDate: position.startDate, guardian: student.guardian }, 'named', policy),
    ...checkMajorGroup(student, position),
    ...checkPosition(position, policy),
  ];
}

/** Interns at the position and the enterprise once `adding` more are placed. */
export function checkCapacity(
  facts: { positionStaff: number; enterpriseStaff: number; positionInterns: number; enterpriseInterns: number; adding?: number },
  policy: PlacementRulesPolicy = defaultRulesPolicy,
): RuleViolation[] {
  const adding = facts.adding ?? 1;
  return [
    ...checkEnterpriseShare({ interns: facts.enterpriseInterns + adding, enterpriseStaff: facts.enterpriseStaff }, policy),
    ...checkPositionShare({ interns: facts.positionInterns + adding, positionStaff: facts.positionStaff }, policy),
  ];
}

/** How many more interns a position may take: its own capacity, and the two staff shares. */
export function remainingCapacity(
  facts: { capacity: number; positionStaff: number; enterpriseStaff: number; positionInterns: number; enterpriseInterns: number },
  policy: PlacementRulesPolicy = defaultRulesPolicy,
): number {
  return Math.max(
    0,
    Math.min(
      facts.capacity - facts.positionInterns,
      internCap(facts.positionStaff, policy.positionInternPercent) - facts.positionInterns,
      internCap(facts.enterpriseStaff, policy.enterpriseInternPercent) - facts.enterpriseInterns,
    ),
  );
}

/** The gate before the first day: the guardian's signature for a minor, and liability insurance. */
export function checkStart(
  facts: { birthDate: string; startDate: string; guardian: GuardianStatus; insurance: Insurance | null },
  policy: PlacementRulesPolicy = defaultRulesPolicy,
): RuleViolation[] {
  return [...checkGuardian(facts, 'signed', policy), ...checkInsurance(facts.insurance, facts.startDate)];
}

/** Every weekly log: hours a day and a week, nights, statutory holidays. */
export function checkWeeklyLog(log: WeeklyLogFacts, policy: PlacementRulesPolicy = defaultRulesPolicy): RuleViolation[] {
  return [
    ...checkDailyLimit({ days: log.days }, policy),
    ...checkWeeklyLimit(log, policy),
    ...checkNoNightShift({ days: log.days }, policy),
    ...checkNoStatutoryHoliday(log.days, policy),
  ];
}

/** The rule ids and titles, for documentation and the API. */
export function ruleCatalogue(): { id: RuleId; title: LocalizedText }[] {
  return ruleIds.map((id) => ({ id, title: rules[id].title }));
}
