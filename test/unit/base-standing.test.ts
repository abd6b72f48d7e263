import { type BaseStanding, mayOpenCohorts } from '../../core/continuing-education/base-standing';

const at = '2027-03-01T00:00:00.000Z';
const standing = (status: BaseStanding['status'], accreditedUntil: string | null = '2028-01-01T00:00:00.000Z'): BaseStanding => ({
  organizationId: 'org-1',
  status,
  accreditedUntil,
  accreditationWorkflowId: 'base-accreditation/org-1',
});

test('an accredited base, or one under rectification, may open cohorts until its accreditation runs out', () => {
  expect(mayOpenCohorts(standing('accredited'), at)).toEqual({ allowed: true });
  expect(mayOpenCohorts(standing('rectification'), at)).toEqual({ allowed: true });
  expect(mayOpenCohorts(standing('accredited', null), at)).toEqual({ allowed: true });
  expect(mayOpenCohorts(standing('accredited', '2027-03-01T00:00:00.000Z'), at)).toMatchObject({ allowed: false, reason: 'accreditation-expired' });
  expect(mayOpenCohorts(standing('rectification', '2026-12-31T00:00:00.000Z'), at)).toMatchObject({ allowed: false, reason: 'accreditation-expired' });
});

test('an exited base, or an organisation with no standing, may not', () => {
  expect(mayOpenCohorts(standing('exited'), at)).toMatchObject({ allowed: false, reason: 'base-exited' });
  expect(mayOpenCohorts(null, at)).toMatchObject({ allowed: false, reason: 'not-a-base' });
});
