// The certificate issuer's Ed25519 key. From configuration (CERTIFICATE_ISSUER_KEY as PEM text, or
// CERTIFICATE_ISSUER_KEY_FILE); when neither is given, a key is generated on first use into
// DATA_DIR/certification/issuer-ed25519.pem, with a warning: certificates signed with it verify only as
// long as that key is kept (configure one in production). Several workers on one machine agree on one
// generated key: it is written to a temporary file and linked into place, which fails for all but one.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CertificationConfig } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { makePrivateFolder } from '../../platform/private-folder';
import { type IssuerKey, issuerKeyFromPem } from './credential';

export function generatedKeyPath(dataDir: string): string {
  return path.join(dataDir, 'certification', 'issuer-ed25519.pem');
}

/**
 * The issuer key when it is configured or was generated already, without generating one: for a process
 * that only verifies (the API), which must not invent a key of its own.
 */
export function readIssuerKey(config: Pick<CertificationConfig, 'issuerKeyPem' | 'issuerKeyFile'>, dataDir: string): IssuerKey | undefined {
  if (config.issuerKeyPem) return issuerKeyFromPem(config.issuerKeyPem.replace(/\\n/g, '\n'));
  if (config.issuerKeyFile) return issuerKeyFromPem(readFileSync(config.issuerKeyFile, 'utf8'));
  const file = generatedKeyPath(dataDir);
  return existsSync(file) ? issuerKeyFromPem(readFileSync(file, 'utf8')) : undefined;
}

export function loadIssuerKey(config: Pick<CertificationConfig, 'issuerKeyPem' | 'issuerKeyFile'>, dataDir: string, log: Logger): IssuerKey {
  if (config.issuerKeyPem) return issuerKeyFromPem(config.issuerKeyPem.replace(/\\n/g, '\n'));
  if (config.issuerKeyFile) return issuerKeyFromPem(readFileSync(config.issuerKeyFile, 'utf8'));

  const file = generatedKeyPath(dataDir);
  if (!existsSync(file)) {
    makePrivateFolder(path.dirname(file));
    const { privateKey } = generateKeyPairSync('ed25519');
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    try {
      linkSync(temporary, file);
      log.warn(
        { file },
        'No CERTIFICATE_ISSUER_KEY or CERTIFICATE_ISSUER_KEY_FILE is configured: generated a new Ed25519 certificate issuer key. ' +
          'Certificates verify only while this key is kept; configure the key explicitly in production.',
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  return issuerKeyFromPem(readFileSync(file, 'utf8'));
}
