// The certificate of completion as a PDF: parties, roles, who acted when (and for whom, by delegation),
// versions, the document's hash, the seal and the verification result, in Chinese and English. The
// seal is printed and also set as the document's keywords, so the file itself carries it. Rendered
// from the same assembled certificate as the JSON and HTML (completion-certificate.ts), at the moment
// the agreement became effective, so the same records always render to the same bytes.
import { beijingDateTime } from '../printable/beijing-time';
import { type Pdf, renderPdf } from '../printable/pdf';
import type { CompletionCertificate } from './completion-certificate';

export const COMPLETION_CERTIFICATE_MEDIA_TYPE = 'application/pdf';

const ROLE_NAMES: Record<string, string> = { signer: '签署方 signer', approver: '审批方 approver', cc: '抄送 cc' };
const STEP_NAMES: Record<string, string> = { sign: '签署 signed', approve: '审批 approved' };

/**
 * What every certificate prints besides its records: its glyphs go first into the font subsets
 * (printable/pdf.ts), so certificates whose records are in Latin letters and digits share one subset.
 */
const FIXED_TEXT = {
  cjk: [
    'Certificate of completion',
    ...Object.values(ROLE_NAMES),
    ...Object.values(STEP_NAMES),
    '类型 Kind 联盟 Alliance 协议 Agreement 状态 Status 第 版 version 文件 SHA-256 Document File bytes 发起 Launched 生效 Effective 至 until',
    '抄送 copy 受托 delegated 委托 Delegation 印章 Seal 印章核验 Seal check 有效：与记录一致且签名有效 valid 无效 INVALID',
    '审计链 Audit trail 有效：哈希链与签名已验证 valid 审计链头 Audit head —→，：（）·#',
  ].join(''),
  'cjk-bold': '协议完成证明 参与方 Parties 版本 Versions 印章与核验 Seal and verification 第 组·',
};

const time = (iso: string | null) => (iso ? beijingDateTime(new Date(iso)) : '—');

function heading(doc: Pdf, text: string): void {
  doc.moveDown(0.8);
  doc.font('cjk-bold').fontSize(13).fillColor('#000000').text(text, doc.page.margins.left);
  doc.moveDown(0.3);
}

function line(doc: Pdf, label: string, value: string): void {
  doc.font('cjk').fontSize(9).fillColor('#555555').text(`${label}  `, doc.page.margins.left, doc.y, { continued: true });
  doc.fillColor('#000000').text(value);
}

export function completionCertificatePdf(certificate: CompletionCertificate): Promise<Buffer> {
  const at = new Date(certificate.effectiveAt ?? certificate.launchedAt);
  return renderPdf(
    { title: `协议完成证明 ${certificate.title}`, subject: 'Certificate of completion', createdAt: at, keywords: `seal:${certificate.seal}` },
    (doc) => {
      const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
      doc.font('cjk-bold').fontSize(20).text('协议完成证明', { width, align: 'center' });
      doc.font('cjk').fontSize(11).fillColor('#444444').text('Certificate of completion', { width, align: 'center' });
      doc.moveDown(1);
      doc.font('cjk-bold').fontSize(14).fillColor('#000000').text(certificate.title, { width });
      doc.moveDown(0.3);
      line(doc, '类型 Kind', certificate.kind);
      if (certificate.alliance.name) line(doc, '联盟 Alliance', certificate.alliance.name);
      line(doc, '协议 Agreement', certificate.agreementId);
      line(doc, '状态 Status', `${certificate.status}，第 ${certificate.version} 版 version ${certificate.version}`);
      line(doc, '文件 SHA-256 Document', certificate.documentSha256);
      if (certificate.document) line(doc, '文件 File', `${certificate.document.mediaType}, ${certificate.document.sizeBytes} bytes`);
      line(doc, '发起 Launched', time(certificate.launchedAt));
      line(doc, '生效 Effective', `${time(certificate.effectiveAt)}${certificate.effectiveUntil ? ` 至 until ${time(certificate.effectiveUntil)}` : ''}`);

      heading(doc, '参与方 Parties');
      for (const party of certificate.parties) {
        const organization = party.organization?.name && party.organization.name !== party.displayName ? ` · ${party.organization.name}` : '';
        doc.font('cjk-bold').fontSize(10).fillColor('#000000').text(`第 ${party.routingGroup} 组  ${party.displayName}${organization}`, doc.page.margins.left);
        const role = ROLE_NAMES[party.role] ?? party.role;
        const action = party.action
          ? `${STEP_NAMES[party.action.step] ?? party.action.step}：${party.action.by.name ?? party.action.by.userId}，${time(party.action.at)}${party.action.delegated ? '（受托 delegated）' : ''}`
          : '抄送 copy';
        line(doc, role, action);
        for (const d of party.delegations) {
          line(doc, '委托 Delegation', `${d.from.name ?? d.from.userId} → ${d.to.name ?? d.to.userId}，${time(d.at)}${d.reason ? `：${d.reason}` : ''}`);
        }
      }

      heading(doc, '版本 Versions');
      for (const v of certificate.versions) {
        line(doc, `第 ${v.version} 版`, `${v.documentSha256}  ${time(v.createdAt)}${v.note ? `  ${v.note}` : ''}`);
      }

      heading(doc, '印章与核验 Seal and verification');
      line(doc, '印章 Seal', certificate.seal ?? '—');
      const v = certificate.verification;
      line(doc, '印章核验 Seal check', v.sealValid ? '有效：与记录一致且签名有效 valid' : '无效 INVALID');
      line(doc, '审计链 Audit trail', v.auditTrailValid && v.auditHeadInTrail ? '有效：哈希链与签名已验证 valid' : '无效 INVALID');
      line(doc, '审计链头 Audit head', `#${v.auditHead.sequence} ${v.auditHead.hash}`);
    },
    FIXED_TEXT,
  );
}
