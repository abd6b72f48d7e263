// The columns of the agreement export (GET /v1/agreements/export): the list's fields, headed in Chinese
// and English; the pending parties by name in one cell.
import type { ExportColumn } from '../list-export';

interface AgreementItem {
  id: string;
  allianceId: string | null;
  title: string;
  kind: string;
  status: string;
  version: number;
  documentSha256: string;
  currentRoutingGroup: number | null;
  pendingParties: { displayName: string }[];
  deadline: string | null;
  effectiveAt: string | null;
  createdAt: string;
}

export const agreementExportColumns: ExportColumn<AgreementItem>[] = [
  { header: '协议编号 id', value: (a) => a.id },
  { header: '联盟 allianceId', value: (a) => a.allianceId },
  { header: '标题 title', value: (a) => a.title },
  { header: '类型 kind', value: (a) => a.kind },
  { header: '状态 status', value: (a) => a.status },
  { header: '版本 version', value: (a) => a.version },
  { header: '文件 SHA-256 documentSha256', value: (a) => a.documentSha256 },
  { header: '当前组 currentRoutingGroup', value: (a) => a.currentRoutingGroup },
  { header: '待处理方 pendingParties', value: (a) => a.pendingParties.map((p) => p.displayName).join('；') },
  { header: '截止 deadline', value: (a) => a.deadline },
  { header: '生效 effectiveAt', value: (a) => a.effectiveAt },
  { header: '创建 createdAt', value: (a) => a.createdAt },
];
