// Certificates made for one test run (ECDSA P-256, with @peculiar/x509 over Node's WebCrypto): a CA, a
// server certificate for 127.0.0.1/localhost and a client certificate it signed, and a stranger's
// client certificate from another CA. Written as PEM files, since the TEMPORAL_TLS_* settings take paths.
// @peculiar/x509's dependency injection (tsyringe) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

// The library's typings name the DOM's Crypto, which this Node project does not load; Node's is the same API.
x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const day = 24 * 60 * 60 * 1000;

async function keyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
}

interface Authority {
  name: string;
  keys: CryptoKeyPair;
  certificate: x509.X509Certificate;
}

async function authority(name: string): Promise<Authority> {
  const keys = await keyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    keys,
    signingAlgorithm: algorithm,
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + day),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { name, keys, certificate };
}

async function leaf(ca: Authority, name: string, usage: 'server' | 'client'): Promise<{ cert: string; key: string }> {
  const keys = await keyPair();
  const certificate = await x509.X509CertificateGenerator.create({
    subject: `CN=${name}`,
    issuer: ca.certificate.subject,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: algorithm,
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + day),
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      ...(usage === 'server'
        ? [
            new x509.SubjectAlternativeNameExtension([
              { type: 'dns', value: 'localhost' },
              { type: 'ip', value: '127.0.0.1' },
            ]),
          ]
        : []),
    ],
  });
  return { cert: certificate.toString('pem') + '\n', key: await privateKeyPem(keys.privateKey) };
}

export interface TestCertificates {
  /** PEM text, for the TLS server. */
  ca: string;
  server: { cert: string; key: string };
  /** Paths, for TEMPORAL_TLS_CA_PATH, TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH. */
  paths: { ca: string; clientCert: string; clientKey: string; strangerCert: string; strangerKey: string };
}

export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const ca = await authority('AllianceFlow test CA');
  const other = await authority('Somebody else CA');
  const [server, client, stranger] = await Promise.all([
    leaf(ca, 'temporal-frontend', 'server'),
    leaf(ca, 'allianceflow-worker', 'client'),
    leaf(other, 'stranger', 'client'),
  ]);
  const files = {
    ca: ca.certificate.toString('pem') + '\n',
    clientCert: client.cert,
    clientKey: client.key,
    strangerCert: stranger.cert,
    strangerKey: stranger.key,
  };
  const paths = Object.fromEntries(
    Object.entries(files).map(([name, content]) => {
      const file = path.join(dir, `${name}.pem`);
      writeFileSync(file, content, { mode: 0o600 });
      return [name, file];
    }),
  ) as TestCertificates['paths'];
  return { ca: files.ca, server, paths };
}
