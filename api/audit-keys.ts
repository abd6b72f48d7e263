// The API verifies audit and seal signatures and never signs: its keys are created once per
// configuration, reading the issuer key (never generating it) and trusting AUDIT_TRUSTED_PUBLIC_KEYS.
import { type AuditKeys, createAuditKeys } from '../activities/audit/audit-signing';
import type { ApiDependencies } from './dependencies';

const keysByConfig = new WeakMap<object, AuditKeys>();

export function auditKeysOf(deps: Pick<ApiDependencies, 'config' | 'log'>): AuditKeys {
  let keys = keysByConfig.get(deps.config);
  if (!keys) {
    keys = createAuditKeys(deps.config, deps.log, 'verify');
    keysByConfig.set(deps.config, keys);
  }
  return keys;
}
