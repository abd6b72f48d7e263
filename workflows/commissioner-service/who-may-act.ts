// Who may take a commissioner service's steps, and the step results and refusals. Pure.
import type { Refusal as CoreRefusal } from '../../core/refusal';
import type { CommissionerServiceStatus } from '../../core/commissioner-service/input';
import { type Actor, serviceRefusals, type ServiceStepName, type ServiceStepResult } from '../../core/commissioner-service/messages';
import type { ServiceState } from './state';

export type Refusal = CoreRefusal<(typeof serviceRefusals)[keyof typeof serviceRefusals], ServiceStepResult>;

export const refuse = (type: Refusal['type'], message: string, result?: ServiceStepResult): Refusal => ({ type, message, ...(result ? { result } : {}) });

/** The three parties of a service: all the who-may-act rules read (also the API's, over a closed service's record). */
export interface ServiceParties {
  enterpriseOrganizationId: string;
  institutionOrganizationId: string;
  commissionerUserId: string;
}

export function partiesOf(state: ServiceState): ServiceParties {
  return {
    enterpriseOrganizationId: state.input.enterprise.organizationId,
    institutionOrganizationId: state.input.institution.organizationId,
    commissionerUserId: state.input.commissioner.userId,
  };
}

/** The roles that act for an enterprise (its signatories and mentors) and for an institution (its coordinators and signatories). */
export const enterpriseStaffRoles = ['signatory', 'mentor'] as const;
export const institutionStaffRoles = ['school_coordinator', 'signatory'] as const;

const isAdmin = (actor: Actor) => actor.roles.includes('admin');
const holdsOne = (actor: Actor, roles: readonly string[]) => roles.some((r) => actor.roles.includes(r));

export function actsForEnterprise(p: ServiceParties, actor: Actor): boolean {
  return isAdmin(actor) || (actor.organizationId === p.enterpriseOrganizationId && holdsOne(actor, enterpriseStaffRoles));
}

export function actsForInstitution(p: ServiceParties, actor: Actor): boolean {
  return isAdmin(actor) || (actor.organizationId === p.institutionOrganizationId && holdsOne(actor, institutionStaffRoles));
}

export function isCommissioner(p: ServiceParties, actor: Actor): boolean {
  return actor.userId === p.commissionerUserId;
}

/** Ending a service early: any of its three parties. */
export function mayEnd(p: ServiceParties, actor: Actor): boolean {
  return isCommissioner(p, actor) || actsForEnterprise(p, actor) || actsForInstitution(p, actor);
}

export function inState(state: ServiceState, step: string, allowed: readonly CommissionerServiceStatus[]): Refusal | null {
  if (allowed.includes(state.status)) return null;
  return refuse(serviceRefusals.invalidState, `${step} is not possible while the service is ${state.status} (only when ${allowed.join(' or ')})`);
}

export function stepResult(
  state: ServiceState,
  step: ServiceStepName,
  extra: Partial<Pick<ServiceStepResult, 'alreadyDone' | 'reference'>> = {},
): ServiceStepResult {
  return { serviceId: state.input.serviceId, step, status: state.status, alreadyDone: false, reference: null, ...extra };
}
