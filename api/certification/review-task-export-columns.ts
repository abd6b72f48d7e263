// The columns of the review-task export (GET /v1/review-tasks/export): the inbox's fields, headed in
// Chinese and English.
import type { ExportColumn } from '../list-export';

interface ReviewTaskItem {
  id: string;
  applicationId: string;
  stage: string;
  round: number;
  seat: number;
  status: string;
  inbox: string;
  priority: number;
  dueAt: string;
  overdue: boolean;
  decision: string | null;
  decidedAt: string | null;
  createdAt: string;
  application: { programmeId: string; domain: string; level: string; status: string };
}

export const reviewTaskExportColumns: ExportColumn<ReviewTaskItem>[] = [
  { header: '任务编号 id', value: (t) => t.id },
  { header: '申请 applicationId', value: (t) => t.applicationId },
  { header: '项目 programmeId', value: (t) => t.application.programmeId },
  { header: '方向 domain', value: (t) => t.application.domain },
  { header: '等级 level', value: (t) => t.application.level },
  { header: '环节 stage', value: (t) => t.stage },
  { header: '轮次 round', value: (t) => t.round },
  { header: '席位 seat', value: (t) => t.seat },
  { header: '状态 status', value: (t) => t.status },
  { header: '收件箱 inbox', value: (t) => t.inbox },
  { header: '优先级 priority', value: (t) => t.priority },
  { header: '截止 dueAt', value: (t) => t.dueAt },
  { header: '逾期 overdue', value: (t) => t.overdue },
  { header: '决定 decision', value: (t) => t.decision },
  { header: '决定时间 decidedAt', value: (t) => t.decidedAt },
  { header: '创建 createdAt', value: (t) => t.createdAt },
];
