// The tripartite service agreement (科技特派员服务协议): the enterprise, the commissioner and the home
// institution, all signing in one routing group. Built from the service's facts as a child
// AgreementSigning's input; filed in the need's alliance (both organisations are its members: the API
// checked it at the nomination) and run by the home institution. Pure and workflow-safe.
import { sha256Hex } from '../../core/audit/audit-chain';
import type { AgreementSigningInput } from '../../core/agreement-signing/input';
import type { AgreementStatusView } from '../../core/agreement-signing/messages';
import type { ServiceState } from './state';

export const SERVICE_PARTIES = { enterprise: 'enterprise', commissioner: 'commissioner', institution: 'institution' } as const;

/** The agreement's text: the facts every party signs, in both languages. */
export function serviceAgreementDocument(s: ServiceState): string {
  const i = s.input;
  return [
    '科技特派员服务协议 / Technology Commissioner Service Agreement',
    '',
    `甲方（服务对象企业）/ Enterprise: ${i.enterprise.name} (${i.enterprise.organizationId})`,
    `乙方（科技特派员）/ Commissioner: ${i.commissioner.name} (${i.commissioner.userId})`,
    `丙方（派出单位）/ Home institution: ${i.institution.name} (${i.institution.organizationId})`,
    '',
    `服务领域 / Domain: ${i.need.domain}`,
    `问题描述 / Problem: ${i.need.problemStatement}`,
    `预期成果 / Expected outcome: ${i.need.expectedOutcome}`,
    `服务期限 / Duration: ${i.need.duration} (${i.periods} × ${i.policy.logPeriod})`,
    '乙方每期提交服务日志（工时、服务内容、成果），由甲方确认；连续缺报由丙方督办。/ The commissioner logs each period (hours, activities, outcomes), confirmed by the enterprise; repeated missing logs are escalated to the home institution.',
    '服务结束时甲方对服务进行评价。任何一方可说明理由提前终止。/ At the close the enterprise rates the service. Any party may end it early, with a reason.',
    '',
    `Service ${i.serviceId}, need ${i.need.needId}`,
  ].join('\n');
}

export function serviceAgreementInput(s: ServiceState): AgreementSigningInput {
  const i = s.input;
  const text = serviceAgreementDocument(s);
  return {
    agreementId: i.agreementId,
    allianceId: i.need.allianceId,
    // The home institution runs the agreement, as the school runs a placement's.
    secretariatOrganizationId: i.institution.organizationId,
    launchedBy: i.nominatedBy,
    title: `科技特派员服务协议：${i.need.domain}（${i.commissioner.name}）/ Commissioner service agreement: ${i.need.domain} (${i.commissioner.name})`,
    kind: 'tripartite_service',
    document: { text },
    documentSha256: sha256Hex(text),
    parties: [
      {
        partyId: SERVICE_PARTIES.enterprise,
        displayName: i.enterprise.name,
        role: 'signer',
        routingGroup: 1,
        kind: 'organization',
        userId: null,
        organizationId: i.enterprise.organizationId,
      },
      {
        partyId: SERVICE_PARTIES.commissioner,
        displayName: i.commissioner.name,
        role: 'signer',
        routingGroup: 1,
        kind: 'user',
        userId: i.commissioner.userId,
        organizationId: i.institution.organizationId,
      },
      {
        partyId: SERVICE_PARTIES.institution,
        displayName: i.institution.name,
        role: 'signer',
        routingGroup: 1,
        kind: 'organization',
        userId: null,
        organizationId: i.institution.organizationId,
      },
    ],
    policy: { deadline: i.policy.agreementDeadline, ...(i.policy.agreementReminders ? { reminders: i.policy.agreementReminders } : {}) },
  };
}

/** What the service needs from the signed (or failed) agreement. */
export function agreementOutcome(view: AgreementStatusView): { status: string; effectiveAt: string | null; reason: string | null } {
  return {
    status: view.status,
    effectiveAt: view.effectiveAt,
    reason: view.outcome ? `agreement ${view.outcome.step}${view.outcome.reason ? `: ${view.outcome.reason}` : ''}` : null,
  };
}
