// The columns of the placement export (GET /v1/placements/export): the list's fields, headed in Chinese
// and English for the school's spreadsheet.
import type { ExportColumn } from '../list-export';
import type { summaryOf } from './schemas';

type PlacementItem = ReturnType<typeof summaryOf>;

export const placementExportColumns: ExportColumn<PlacementItem>[] = [
  { header: '实习编号 id', value: (p) => p.id },
  { header: '状态 status', value: (p) => p.status },
  { header: '批次 cohort', value: (p) => p.cohort },
  { header: '学生 student', value: (p) => p.studentUserId },
  { header: '学校 school', value: (p) => p.schoolOrganizationId },
  { header: '企业 enterprise', value: (p) => p.enterpriseOrganizationId },
  { header: '岗位 position', value: (p) => p.positionId },
  { header: '开始 startedAt', value: (p) => p.startedAt },
  { header: '结束 closedAt', value: (p) => p.closedAt },
  { header: '已交周记 checkInsSubmitted', value: (p) => p.checkInsSubmitted },
  { header: '缺交周记 checkInsMissed', value: (p) => p.checkInsMissed },
  { header: '下次周记截止 nextCheckInDueAt', value: (p) => p.nextCheckInDueAt },
  { header: '未结事件 openIncidents', value: (p) => p.openIncidents },
  { header: '违规 ruleViolations', value: (p) => p.ruleViolations },
  { header: '学分 credits', value: (p) => p.credits },
  { header: '创建 createdAt', value: (p) => p.createdAt },
];
