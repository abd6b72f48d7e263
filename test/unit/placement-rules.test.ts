// The placement rules (workflows/apprenticeship-placement/rules.ts): one block per rule, each showing
// the rule holding, the rule broken (with its id and both messages), and the edge.
import {
  ageOn,
  checkCapacity,
  checkDailyLimit,
  checkDuration,
  checkEligibility,
  checkEnterpriseShare,
  checkGuardian,
  checkInsurance,
  checkMajorGroup,
  checkMinimumAge,
  checkNoNightShift,
  checkNoStatutoryHoliday,
  checkPosition,
  checkPositionShare,
  checkStart,
  checkStipend,
  checkWeeklyLimit,
  checkWeeklyLog,
  checkYearOfStudy,
  defaultRulesPolicy,
  guardianStanding,
  type DayLog,
  internCap,
  isCalendarDate,
  latestEndDate,
  overlapsNight,
  type PositionFacts,
  remainingCapacity,
  ruleCatalogue,
  ruleIds,
  type RuleViolation,
} from '../../core/apprenticeship-placement/rules';

const ids = (violations: RuleViolation[]) => violations.map((v) => v.ruleId);

function expectMessages(v: RuleViolation | undefined) {
  expect(v).toBeDefined();
  expect(v!.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(v!.message.en).toMatch(/[a-z]/);
  expect(v!.message['zh-CN']).not.toContain('undefined');
  expect(v!.message.en).not.toContain('undefined');
}

const position: PositionFacts = {
  majorGroups: ['46'],
  startDate: '2027-03-01',
  endDate: '2027-08-31',
  dailyHours: 8,
  weeklyHours: 40,
  nightWork: false,
  stipendMonthly: 320_000,
  regularMonthlyWage: 400_000,
  positionStaff: 50,
  enterpriseStaff: 500,
};

const week = (hours: number[], from = '2027-03-01'): DayLog[] =>
  hours.map((h, i) => ({ date: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10), hours: h }));

describe('the catalogue', () => {
  it('has every rule with an id and a title in both languages', () => {
    const catalogue = ruleCatalogue();
    expect(catalogue.map((r) => r.id)).toEqual([...ruleIds]);
    for (const r of catalogue) {
      expect(r.title['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(r.title.en.length).toBeGreaterThan(5);
    }
  });
});

describe('student.year_of_study: no first-year students', () => {
  it('refuses year 1 and admits year 2', () => {
    const v = checkYearOfStudy({ yearOfStudy: 1 });
    expect(ids(v)).toEqual(['student.year_of_study']);
    expectMessages(v[0]);
    expect(v[0]!.message['zh-CN']).toContain('一年级');
    expect(checkYearOfStudy({ yearOfStudy: 2 })).toEqual([]);
    expect(checkYearOfStudy({ yearOfStudy: 3 })).toEqual([]);
  });
});

describe('student.minimum_age: no one under 16', () => {
  it('counts full years on the first day', () => {
    expect(ageOn('2011-03-02', '2027-03-01')).toBe(15);
    expect(ageOn('2011-03-01', '2027-03-01')).toBe(16);
    expect(ageOn('2008-02-29', '2027-02-28')).toBe(18);
    expect(ageOn('2012-02-29', '2027-02-28')).toBe(14);
    expect(ageOn('2012-02-29', '2027-03-01')).toBe(15);
  });
  it('refuses a 15-year-old and admits a 16-year-old from the birthday on', () => {
    const v = checkMinimumAge('2011-03-02', '2027-03-01');
    expect(ids(v)).toEqual(['student.minimum_age']);
    expectMessages(v[0]);
    expect(v[0]!.details).toMatchObject({ age: 15, minimum: 16 });
    expect(checkMinimumAge('2011-03-01', '2027-03-01')).toEqual([]);
  });
});

describe('student.guardian_for_minor: a guardian for anyone under 18', () => {
  const minor = { birthDate: '2010-06-01', startDate: '2027-03-01' };
  it('needs a guardian named before an offer', () => {
    const v = checkGuardian({ ...minor, guardian: 'none' }, 'named');
    expect(ids(v)).toEqual(['student.guardian_for_minor']);
    expectMessages(v[0]);
    expect(checkGuardian({ ...minor, guardian: 'named' }, 'named')).toEqual([]);
  });
  it('needs the guardian signed before the start', () => {
    const v = checkGuardian({ ...minor, guardian: 'named' }, 'signed');
    expect(ids(v)).toEqual(['student.guardian_for_minor']);
    expect(v[0]!.message.en).toContain('signed');
    expect(checkGuardian({ ...minor, guardian: 'signed' }, 'signed')).toEqual([]);
  });
  it('does not apply to an adult', () => {
    expect(checkGuardian({ birthDate: '2009-03-01', startDate: '2027-03-01', guardian: 'none' }, 'signed')).toEqual([]);
  });
  it('a guardian is a person linked to the student and confirmed: never the student, never a stranger', () => {
    const linked = { studentUserId: 'stu', confirmedGuardianUserIds: ['mother'] };
    expect(guardianStanding({ ...linked, guardianUserId: null })).toBe('none');
    expect(guardianStanding({ ...linked, guardianUserId: 'stu' })).toBe('self');
    // Confirmed guardians do not make the student their own guardian either.
    expect(guardianStanding({ studentUserId: 'stu', confirmedGuardianUserIds: ['stu'], guardianUserId: 'stu' })).toBe('self');
    expect(guardianStanding({ ...linked, guardianUserId: 'stranger' })).toBe('unlinked');
    // Linked but not confirmed (or the link removed): not a guardian.
    expect(guardianStanding({ studentUserId: 'stu', confirmedGuardianUserIds: [], guardianUserId: 'mother' })).toBe('unlinked');
    expect(guardianStanding({ ...linked, guardianUserId: 'mother' })).toBe('named');
  });
  it('refuses a minor named as their own guardian, and a stranger, with a message saying which', () => {
    const self = checkGuardian({ ...minor, guardian: 'self' }, 'named');
    expect(ids(self)).toEqual(['student.guardian_for_minor']);
    expectMessages(self[0]);
    expect(self[0]!.message.en).toContain('cannot be their own guardian');
    expect(self[0]!.details).toMatchObject({ guardian: 'self' });
    const stranger = checkGuardian({ ...minor, guardian: 'unlinked' }, 'named');
    expect(ids(stranger)).toEqual(['student.guardian_for_minor']);
    expectMessages(stranger[0]);
    expect(stranger[0]!.message.en).toContain('not linked to the student by the school and confirmed');
    // Neither passes the start gate.
    expect(ids(checkGuardian({ ...minor, guardian: 'self' }, 'signed'))).toEqual(['student.guardian_for_minor']);
    expect(ids(checkGuardian({ ...minor, guardian: 'unlinked' }, 'signed'))).toEqual(['student.guardian_for_minor']);
  });
});

describe('capacity.enterprise_share: interns at most 10% of the enterprise staff', () => {
  it('admits up to floor(10%) and refuses one more', () => {
    expect(internCap(105, 10)).toBe(10);
    expect(checkEnterpriseShare({ interns: 10, enterpriseStaff: 105 })).toEqual([]);
    const v = checkEnterpriseShare({ interns: 11, enterpriseStaff: 105 });
    expect(ids(v)).toEqual(['capacity.enterprise_share']);
    expectMessages(v[0]);
    expect(v[0]!.details).toMatchObject({ cap: 10, interns: 11 });
  });
  it('lets a tiny enterprise take no interns at all', () => {
    expect(ids(checkEnterpriseShare({ interns: 1, enterpriseStaff: 9 }))).toEqual(['capacity.enterprise_share']);
  });
});

describe('capacity.position_share: interns at most 20% of the position staff', () => {
  it('admits up to floor(20%) and refuses one more', () => {
    expect(checkPositionShare({ interns: 2, positionStaff: 14 })).toEqual([]);
    const v = checkPositionShare({ interns: 3, positionStaff: 14 });
    expect(ids(v)).toEqual(['capacity.position_share']);
    expectMessages(v[0]);
  });
  it('combines both shares and the capacity', () => {
    const facts = { capacity: 10, positionStaff: 20, enterpriseStaff: 100, positionInterns: 1, enterpriseInterns: 8 };
    expect(remainingCapacity(facts)).toBe(2); // enterprise: 10 - 8
    expect(remainingCapacity({ ...facts, enterpriseStaff: 1000 })).toBe(3); // position: 4 - 1
    expect(remainingCapacity({ ...facts, enterpriseStaff: 1000, positionStaff: 100, capacity: 2 })).toBe(1);
    expect(remainingCapacity({ ...facts, enterpriseInterns: 12 })).toBe(0);
    expect(ids(checkCapacity({ ...facts, enterpriseInterns: 10 }))).toEqual(['capacity.enterprise_share']);
    expect(ids(checkCapacity({ ...facts, positionInterns: 4, enterpriseStaff: 1000 }))).toEqual(['capacity.position_share']);
  });
});

describe('hours.no_night_shift: no night shifts', () => {
  it('refuses a position with night work', () => {
    const v = checkNoNightShift({ nightWork: true });
    expect(ids(v)).toEqual(['hours.no_night_shift']);
    expectMessages(v[0]);
    expect(checkNoNightShift({ nightWork: false })).toEqual([]);
  });
  it('flags logged night hours and shifts reaching into 22:00-06:00', () => {
    expect(overlapsNight('14:00', '22:00', defaultRulesPolicy.nightWindow)).toBe(false);
    expect(overlapsNight('14:00', '22:30', defaultRulesPolicy.nightWindow)).toBe(true);
    expect(overlapsNight('05:30', '13:30', defaultRulesPolicy.nightWindow)).toBe(true);
    expect(overlapsNight('06:00', '14:00', defaultRulesPolicy.nightWindow)).toBe(false);
    expect(overlapsNight('23:00', '03:00', defaultRulesPolicy.nightWindow)).toBe(true);
    const days: DayLog[] = [
      { date: '2027-03-01', hours: 8, shift: { start: '09:00', end: '17:00' } },
      { date: '2027-03-02', hours: 8, shift: { start: '16:00', end: '00:00' } },
      { date: '2027-03-03', hours: 6, nightHours: 2 },
    ];
    const v = checkNoNightShift({ days });
    expect(v.map((x) => x.details.date)).toEqual(['2027-03-02', '2027-03-03']);
    expectMessages(v[0]);
  });
});

describe('hours.daily_limit: at most 8 hours a day', () => {
  it('refuses a position asking for more and flags a long day', () => {
    expect(ids(checkDailyLimit({ dailyHours: 9 }))).toEqual(['hours.daily_limit']);
    expect(checkDailyLimit({ dailyHours: 8 })).toEqual([]);
    const v = checkDailyLimit({ days: week([8, 8.5, 7]) });
    expect(v).toHaveLength(1);
    expect(v[0]!.details).toMatchObject({ date: '2027-03-02', hours: 8.5, limit: 8 });
    expectMessages(v[0]);
  });
});

describe('hours.weekly_limit: at most 40 hours a week', () => {
  it('refuses a position asking for more and flags a 45-hour week', () => {
    expect(ids(checkWeeklyLimit({ weeklyHours: 44 }))).toEqual(['hours.weekly_limit']);
    expect(checkWeeklyLimit({ weeklyHours: 40 })).toEqual([]);
    expect(checkWeeklyLimit({ week: 3, days: week([8, 8, 8, 8, 8]) })).toEqual([]);
    const v = checkWeeklyLimit({ week: 3, days: week([8, 8, 8, 8, 8, 5]) });
    expect(ids(v)).toEqual(['hours.weekly_limit']);
    expect(v[0]!.details).toMatchObject({ week: 3, hours: 45, limit: 40 });
    expectMessages(v[0]);
  });
  it('sums fractions without drifting', () => {
    expect(checkWeeklyLimit({ week: 1, days: week([8, 8, 8, 8, 7.75, 0.25]) })).toEqual([]);
  });
});

describe('hours.no_statutory_holiday: no work on statutory holidays (dates given, not built in)', () => {
  const policy = { ...defaultRulesPolicy, statutoryHolidays: ['2027-05-01', '2027-05-02'] };
  it('flags hours on a listed holiday only', () => {
    const days: DayLog[] = [
      { date: '2027-04-30', hours: 8 },
      { date: '2027-05-01', hours: 4 },
      { date: '2027-05-02', hours: 0 },
    ];
    const v = checkNoStatutoryHoliday(days, policy);
    expect(ids(v)).toEqual(['hours.no_statutory_holiday']);
    expect(v[0]!.details).toMatchObject({ date: '2027-05-01', hours: 4 });
    expectMessages(v[0]);
    // Without the dates there is nothing to enforce: the calendar is configuration.
    expect(checkNoStatutoryHoliday(days)).toEqual([]);
  });
});

describe('insurance.liability_before_start: liability insurance before the start', () => {
  it('needs a policy number', () => {
    const v = checkInsurance(null, '2027-03-01');
    expect(ids(v)).toEqual(['insurance.liability_before_start']);
    expectMessages(v[0]);
    expect(ids(checkInsurance({ policyNumber: '  ' }, '2027-03-01'))).toEqual(['insurance.liability_before_start']);
    expect(checkInsurance({ policyNumber: 'PICC-2027-001' }, '2027-03-01')).toEqual([]);
  });
  it('needs the coverage to include the first day when dates are given', () => {
    expect(checkInsurance({ policyNumber: 'P1', coverageStart: '2027-03-01', coverageEnd: '2027-12-31' }, '2027-03-01')).toEqual([]);
    const v = checkInsurance({ policyNumber: 'P1', coverageStart: '2027-03-02', coverageEnd: '2027-12-31' }, '2027-03-01');
    expect(v[0]!.details.problem).toBe('not_covering_start');
    expectMessages(v[0]);
  });
});

describe('stipend.minimum_share: a stipend of at least 80% of the regular wage', () => {
  it('admits exactly 80% and refuses a fen less', () => {
    expect(checkStipend({ stipendMonthly: 320_000, regularMonthlyWage: 400_000 })).toEqual([]);
    const v = checkStipend({ stipendMonthly: 319_999, regularMonthlyWage: 400_000 });
    expect(ids(v)).toEqual(['stipend.minimum_share']);
    expect(v[0]!.details.minimum).toBe(320_000);
    expectMessages(v[0]);
  });
});

describe('duration.maximum: at most the configured duration (default six months)', () => {
  it('computes the latest end on the calendar', () => {
    expect(latestEndDate('2027-03-01', 'P6M')).toBe('2027-09-01');
    expect(latestEndDate('2027-08-31', 'P6M')).toBe('2028-03-02');
  });
  it('admits six months and refuses longer; the maximum is configurable', () => {
    expect(checkDuration({ startDate: '2027-03-01', endDate: '2027-08-31' })).toEqual([]);
    const v = checkDuration({ startDate: '2027-03-01', endDate: '2027-10-01' });
    expect(ids(v)).toEqual(['duration.maximum']);
    expectMessages(v[0]);
    expect(checkDuration({ startDate: '2027-03-01', endDate: '2027-10-01' }, { ...defaultRulesPolicy, maximumDuration: 'P8M' })).toEqual([]);
  });
});

describe('field.major_group: the position fits the major group', () => {
  it('compares the first two digits of the major code with the position groups', () => {
    expect(checkMajorGroup({ majorCode: '460104' }, { majorGroups: ['46', '51'] })).toEqual([]);
    const v = checkMajorGroup({ majorCode: '530701' }, { majorGroups: ['46'] });
    expect(ids(v)).toEqual(['field.major_group']);
    expect(v[0]!.details.majorGroup).toBe('53');
    expectMessages(v[0]);
  });
});

describe('checkpoints', () => {
  const student = { birthDate: '2008-01-01', yearOfStudy: 2, majorCode: '460104', guardian: 'none' as const };
  it('a compliant position and an eligible adult pass', () => {
    expect(checkPosition(position)).toEqual([]);
    expect(checkEligibility(student, position)).toEqual([]);
  });
  it('eligibility collects every broken rule', () => {
    const v = checkEligibility(
      { birthDate: '2011-06-01', yearOfStudy: 1, majorCode: '530701', guardian: 'none' },
      { ...position, nightWork: true, stipendMonthly: 100 },
    );
    expect(ids(v).sort()).toEqual(
      [
        'student.year_of_study',
        'student.minimum_age',
        'student.guardian_for_minor',
        'field.major_group',
        'hours.no_night_shift',
        'stipend.minimum_share',
      ].sort(),
    );
  });
  it('the start needs insurance and, for a minor, the guardian signature', () => {
    const facts = { birthDate: '2010-06-01', startDate: '2027-03-01', guardian: 'named' as const, insurance: null };
    expect(ids(checkStart(facts)).sort()).toEqual(['insurance.liability_before_start', 'student.guardian_for_minor']);
    expect(checkStart({ ...facts, guardian: 'signed', insurance: { policyNumber: 'P1' } })).toEqual([]);
  });
  it('a weekly log of 45 hours raises the weekly rule', () => {
    expect(ids(checkWeeklyLog({ week: 2, days: week([9, 9, 9, 9, 9]) }))).toEqual([
      'hours.daily_limit',
      'hours.daily_limit',
      'hours.daily_limit',
      'hours.daily_limit',
      'hours.daily_limit',
      'hours.weekly_limit',
    ]);
    expect(checkWeeklyLog({ week: 2, days: week([8, 8, 8, 8, 8]) })).toEqual([]);
  });
  it('validates calendar dates', () => {
    expect(isCalendarDate('2027-02-28')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('27-02-01')).toBe(false);
  });
});
