// The columns of the training cohort export (GET /v1/training-cohorts/export): the list's fields,
// headed in Chinese and English, the planned hours and the enrolment counts one column each.
import type { ExportColumn } from '../list-export';
import type { summaryOf } from './routes';

type CohortItem = ReturnType<typeof summaryOf>;

export const cohortExportColumns: ExportColumn<CohortItem>[] = [
  { header: '培训班编号 id', value: (c) => c.id },
  { header: '基地 baseOrganizationId', value: (c) => c.baseOrganizationId },
  { header: '名称 title', value: (c) => c.title },
  { header: '项目 project', value: (c) => c.project },
  { header: '方向 domain', value: (c) => c.domain },
  { header: '等级 level', value: (c) => c.level },
  { header: '容量 capacity', value: (c) => c.capacity },
  { header: '理论学时 theoryHours', value: (c) => c.plannedHours.theory },
  { header: '实践学时 practiceHours', value: (c) => c.plannedHours.practice },
  { header: '状态 status', value: (c) => c.status },
  { header: '已报名 enrolled', value: (c) => c.counts.enrolled ?? null },
  { header: '候补 waitlisted', value: (c) => c.counts.waitlisted ?? null },
  { header: '退出 withdrawn', value: (c) => c.counts.withdrawn ?? null },
  { header: '结业 completed', value: (c) => c.counts.completed ?? null },
  { header: '未完成 incomplete', value: (c) => c.counts.incomplete ?? null },
  { header: '未录取 notAdmitted', value: (c) => c.counts.notAdmitted ?? null },
  { header: '发布 publishedAt', value: (c) => c.publishedAt },
  { header: '结束 closedAt', value: (c) => c.closedAt },
  { header: '创建 createdAt', value: (c) => c.createdAt },
];
