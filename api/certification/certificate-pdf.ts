// The person's certificate as a printable PDF: name, programme, domain, level, number, validity and
// issuer, and a QR code to the public verification page (/verify/<number> of the web console, no
// sign-in), which asks GET /v1/certificates/{number}/verify: a scanned paper certificate is checked
// against the issuer's records, so a revoked one shows as revoked however good the print looks.
import QRCode from 'qrcode';
import type { Certificate } from '../../prisma/generated/client';
import { beijingDate } from '../../activities/printable/beijing-time';
import { field, renderPdf } from '../../activities/printable/pdf';

const LEVEL_NAMES: Record<Certificate['level'], string> = { junior: '初级 Junior', intermediate: '中级 Intermediate', senior: '高级 Senior' };

export interface CertificatePdfInput {
  certificate: Pick<Certificate, 'number' | 'domain' | 'level' | 'validFrom' | 'validUntil' | 'issuedAt'>;
  holderName: string;
  programmeName: string;
  issuerName: string;
  /** The public verification page the QR code points to. */
  verificationUrl: string;
}

export function verificationPageUrl(baseUrl: string, number: string): string {
  return `${baseUrl}/verify/${encodeURIComponent(number)}`;
}

export async function certificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  // Error correction M and a generous quiet zone: a phone reads it from paper or a screen.
  const qr = await QRCode.toBuffer(input.verificationUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
  const { certificate } = input;
  return renderPdf({ title: `证书 ${certificate.number}`, subject: 'Certificate', createdAt: certificate.issuedAt }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.font('cjk-bold').fontSize(24).text('职业技能等级证书', left, 80, { width, align: 'center' });
    doc.font('cjk').fontSize(12).fillColor('#444444').text('Certificate of Vocational Skill Level', { width, align: 'center' });
    doc.moveDown(2);
    doc.fillColor('#000000');
    field(doc, '姓名 Name', input.holderName);
    field(doc, '证书项目 Programme', input.programmeName);
    field(doc, '职业方向 Domain', certificate.domain);
    field(doc, '等级 Level', LEVEL_NAMES[certificate.level]);
    field(doc, '证书编号 Number', certificate.number);
    field(doc, '有效期 Valid', `${beijingDate(certificate.validFrom)} 至 ${beijingDate(certificate.validUntil)} (UTC+8)`);
    field(doc, '发证机构 Issuer', input.issuerName);
    const qrSize = 150;
    const qrTop = doc.y + 20;
    doc.image(qr, left + (width - qrSize) / 2, qrTop, { width: qrSize, height: qrSize });
    doc
      .font('cjk')
      .fontSize(10)
      .fillColor('#444444')
      .text('扫码核验证书真伪与状态（无需登录） Scan to verify, no sign-in needed', left, qrTop + qrSize + 8, { width, align: 'center' });
    doc.text(input.verificationUrl, { width, align: 'center' });
  });
}
