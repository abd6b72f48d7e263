// `npm run audit:public-key`: prints the public half ("z6Mk...") of the configured issuer key
// (CERTIFICATE_ISSUER_KEY, _FILE, or the one generated into DATA_DIR), for AUDIT_TRUSTED_PUBLIC_KEYS of
// a process that verifies audit and seal signatures without holding the private key (the API).
import { readIssuerKey } from '../activities/certification/issuer-key';
import { loadConfig } from '../platform/config';

const config = loadConfig();
const key = readIssuerKey(config.certification, config.dataDir);
if (!key) {
  process.stderr.write('audit:public-key: no issuer key is configured or generated yet (CERTIFICATE_ISSUER_KEY, CERTIFICATE_ISSUER_KEY_FILE)\n');
  process.exit(1);
}
process.stdout.write(`${key.publicKeyMultibase}\n`);
