// Custom search attributes, defined once. The dev-server bootstrap registers each of these at start
// and a production cluster must register them too (docs/deployment.md).
import { defineSearchAttributeKey } from '@temporalio/common';

export const AgreementStatusKey = defineSearchAttributeKey('AgreementStatus', 'KEYWORD');
export const AllianceIdKey = defineSearchAttributeKey('AllianceId', 'KEYWORD');
export const OrganizationIdsKey = defineSearchAttributeKey('OrganizationIds', 'KEYWORD_LIST');
export const PlacementStatusKey = defineSearchAttributeKey('PlacementStatus', 'KEYWORD');

export const customSearchAttributes = [AgreementStatusKey, AllianceIdKey, OrganizationIdsKey, PlacementStatusKey];
