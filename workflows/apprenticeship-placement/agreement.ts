// The tripartite placement agreement (三方协议): school, enterprise and student, and the guardian for a
// minor, all signing in one routing group. Built from the placement's facts as a child AgreementSigning's
// input. Pure and workflow-safe (SHA-256 from the audit chain's pure helper).
import { sha256Hex } from '../../core/audit/audit-chain';
import type { AgreementSigningInput, ResolvedParty } from '../../core/agreement-signing/input';
import type { AgreementStatusView } from '../../core/agreement-signing/messages';
import type { PlacementState } from './state';

export const TRIPARTITE_PARTIES = { school: 'school', enterprise: 'enterprise', student: 'student', guardian: 'guardian' } as const;

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The agreement's text: the facts every party signs, in both languages. */
export function tripartiteDocument(s: PlacementState): string {
  const i = s.input;
  const p = i.position.facts;
  const lines = [
    '学生岗位实习三方协议 / Tripartite Student Placement Agreement',
    '',
    `甲方（学校）/ School: ${i.school.name} (${i.school.organizationId})`,
    `乙方（实习单位）/ Enterprise: ${i.enterprise.name} (${i.enterprise.organizationId})`,
    `丙方（学生）/ Student: ${i.student.name} (${i.student.userId}), 专业代码 / major ${i.student.majorCode}`,
    ...(i.guardian ? [`丙方监护人 / Guardian: ${i.guardian.name} (${i.guardian.userId})`] : []),
    '',
    `实习岗位 / Position: ${i.position.title} (${i.position.positionId}), ${i.position.location}`,
    `实习期限 / Period: ${p.startDate} — ${p.endDate}`,
    `工作时间 / Hours: 每日不超过 ${p.dailyHours} 小时、每周不超过 ${p.weeklyHours} 小时，不安排夜班、加班及法定节假日实习 / at most ${p.dailyHours} h a day and ${p.weeklyHours} h a week; no night shifts, overtime or statutory-holiday work`,
    `实习报酬 / Stipend: 每月 ${yuan(p.stipendMonthly)} 元，按月发放 / CNY ${yuan(p.stipendMonthly)} a month, paid monthly`,
    `学校指导教师 / School mentor: ${i.schoolMentor.name}; 企业指导教师 / Enterprise mentor: ${i.enterpriseMentor.name}`,
    '实习单位不得向学生收取任何费用或押金；实习开始前须投保学生实习责任保险。/ No fees or deposits; liability insurance before the start.',
    '考核由学校与实习单位共同实施。/ Assessment is joint: mid-term and final evaluations by both mentors.',
    '',
    `Placement ${i.placementId}, cohort ${i.cohort}`,
  ];
  return lines.join('\n');
}

export function tripartiteAgreementInput(s: PlacementState): AgreementSigningInput {
  const i = s.input;
  const text = tripartiteDocument(s);
  const parties: ResolvedParty[] = [
    {
      partyId: TRIPARTITE_PARTIES.school,
      displayName: i.school.name,
      role: 'signer',
      routingGroup: 1,
      kind: 'organization',
      userId: null,
      organizationId: i.school.organizationId,
    },
    {
      partyId: TRIPARTITE_PARTIES.enterprise,
      displayName: i.enterprise.name,
      role: 'signer',
      routingGroup: 1,
      kind: 'organization',
      userId: null,
      organizationId: i.enterprise.organizationId,
    },
    {
      partyId: TRIPARTITE_PARTIES.student,
      displayName: i.student.name,
      role: 'signer',
      routingGroup: 1,
      kind: 'user',
      userId: i.student.userId,
      organizationId: i.school.organizationId,
    },
    ...(i.guardian
      ? [
          {
            partyId: TRIPARTITE_PARTIES.guardian,
            displayName: i.guardian.name,
            role: 'signer' as const,
            routingGroup: 1,
            kind: 'user' as const,
            userId: i.guardian.userId,
            organizationId: null,
          },
        ]
      : []),
  ];
  return {
    agreementId: i.agreementId,
    allianceId: i.position.allianceId ?? '',
    // The school runs the tripartite agreement.
    secretariatOrganizationId: i.school.organizationId,
    launchedBy: i.offeredBy,
    title: `三方实习协议：${i.position.title}（${i.student.name}）/ Tripartite placement agreement: ${i.position.title} (${i.student.name})`,
    kind: 'tripartite_placement',
    document: { text },
    documentSha256: sha256Hex(text),
    parties,
    policy: {
      deadline: i.policy.agreementDeadline,
      ...(i.policy.agreementReminders ? { reminders: i.policy.agreementReminders } : {}),
    },
  };
}

/** What the placement needs from the signed (or failed) agreement. */
export function agreementOutcome(view: AgreementStatusView): { status: string; guardianSigned: boolean; effectiveAt: string | null; reason: string | null } {
  const guardian = view.parties.find((p) => p.partyId === TRIPARTITE_PARTIES.guardian);
  return {
    status: view.status,
    guardianSigned: guardian?.state === 'signed',
    effectiveAt: view.effectiveAt,
    reason: view.outcome ? `agreement ${view.outcome.step}${view.outcome.reason ? `: ${view.outcome.reason}` : ''}` : null,
  };
}
