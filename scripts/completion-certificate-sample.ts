// Renders a sample certificate of completion (a seven-party memorandum with Chinese names, made-up ids
// and hashes) with the worker's renderer, and page 1 of it to docs/completion-certificate.png with
// Debian's pdftoppm (poppler-utils), for the README. Run: npx tsx scripts/completion-certificate-sample.ts
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CompletionCertificate } from '../activities/documents/completion-certificate';
import { completionCertificatePdf } from '../activities/documents/completion-certificate-pdf';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');
const at = (minutes: number) => new Date(Date.UTC(2027, 2, 1, 1, minutes)).toISOString();
const PARTIES: [string, string, string][] = [
  ['深圳市第一职业技术学校', '张伟', 'school'],
  ['深圳职业技术大学', '李娜', 'college'],
  ['深圳市人力资源和社会保障局', '王芳', 'bureau'],
  ['南山高新技术产业园', '刘洋', 'park'],
  ['精密机械制造有限公司', '陈静', 'enterprise'],
  ['智能传感器有限公司', '欧阳明辉', 'supplier'],
  ['先进制造研究院', '司马晓燕', 'institute'],
];
const documentSha256 = hex('数字工匠联合培养备忘录');
const person = (name: string) => ({ userId: hex(name).slice(0, 8), name });

const sample: CompletionCertificate = {
  type: 'AllianceFlow certificate of completion',
  agreementId: '5f0c2a4e-7d3b-4c1a-9e8f-2b6d1a0c9e71',
  title: '数字工匠联合培养备忘录',
  kind: 'cooperation_memorandum',
  alliance: { id: 'sample-alliance', name: '粤港澳数字工匠产教联盟' },
  status: 'effective',
  version: 1,
  documentSha256,
  documentReference: null,
  document: { sha256: documentSha256, sizeBytes: 48_213, mediaType: 'application/pdf' },
  launchedAt: at(0),
  effectiveAt: at(90),
  effectiveUntil: new Date(Date.UTC(2030, 1, 28, 16)).toISOString(),
  seal: hex('seal'),
  verification: {
    sealValid: true,
    sealMatchesRecords: true,
    sealSigned: true,
    sealSignature: 'valid',
    auditTrailValid: true,
    auditTrailProven: true,
    auditTrailFirstInvalid: null,
    auditHeadInTrail: true,
    auditHead: { sequence: 9, hash: hex('head') },
  },
  parties: PARTIES.map(([organization, signatory, partyId], i) => ({
    partyId,
    displayName: organization,
    role: 'signer',
    routingGroup: i < 2 ? 1 : 2,
    organization: { id: `org-${partyId}`, name: organization },
    user: null,
    action: {
      step: 'sign',
      at: at(10 + 10 * i),
      by: person(partyId === 'supplier' ? '王工程师' : signatory),
      delegated: partyId === 'supplier',
      documentSha256,
    },
    delegations: partyId === 'supplier' ? [{ version: 1, at: at(40), from: person(signatory), to: person('王工程师'), reason: '出差期间委托' }] : [],
  })),
  versions: [{ version: 1, documentSha256, createdAt: at(0), createdBy: 'secretariat', note: null }],
} as CompletionCertificate;

async function main(): Promise<void> {
  const pdf = await completionCertificatePdf(sample);
  const dir = mkdtempSync(path.join(tmpdir(), 'completion-certificate-'));
  try {
    const file = path.join(dir, 'certificate.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
    const target = path.resolve(__dirname, '..', 'docs', 'completion-certificate.png');
    copyFileSync(path.join(dir, 'page.png'), target);
    process.stdout.write(`wrote ${path.relative(process.cwd(), target)} (page 1 of a ${pdf.length}-byte PDF)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
