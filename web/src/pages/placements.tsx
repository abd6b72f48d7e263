// Placements: for a school coordinator the school's dashboard (counts by status, overdue check-ins, open
// incidents, rule violations: GET /v1/schools/{id}/placement-summary) above a filterable, paged table;
// for students and mentors the same table of the placements they take part in.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Form, Input, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useNameOf } from '../api/people';
import { useSchoolSummary } from '../api/placements';
import { unwrap } from '../api/problem';
import type { Schemas } from '../api/types';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { PlacementStatusTag, tone } from '../components/status-tag';
import { hasRole, useMe } from '../session/me';

const STATUSES = [
  'offered',
  'agreement_pending',
  'awaiting_start',
  'active',
  'final_evaluation',
  'completed',
  'terminated',
  'transferred',
  'declined',
] as const;
type Status = (typeof STATUSES)[number];
const PAGE_SIZE = 10;

export default function PlacementsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const coordinator = hasRole(me, 'school_coordinator');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {coordinator ? t('placements.dashboard') : t('placements.mine')}
      </Typography.Title>
      {coordinator && <SchoolSummary schoolId={me?.organization?.id} />}
      <PlacementTable />
    </Space>
  );
}

function SchoolSummary({ schoolId }: { schoolId: string | undefined }) {
  const { t } = useTranslation();
  const summary = useSchoolSummary(schoolId);
  return (
    <QueryState query={summary}>
      {(s) => (
        <>
          <Row gutter={[12, 12]}>
            {[
              { key: 'total', value: s.total, color: undefined },
              { key: 'overdue', value: s.overdueCheckIns.placements, color: s.overdueCheckIns.placements ? tone.bad : undefined },
              { key: 'incidents', value: s.openIncidents.total, color: s.openIncidents.total ? tone.bad : undefined },
              { key: 'violations', value: s.ruleViolations.total, color: s.ruleViolations.total ? tone.warn : undefined },
            ].map((c) => (
              <Col xs={12} md={6} key={c.key}>
                <Card size="small" data-testid={`summary-${c.key}`} data-value={c.value}>
                  <Statistic title={t(`placements.summary.${c.key}`)} value={c.value} valueStyle={c.color ? { color: c.color } : undefined} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card
            size="small"
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {t('placements.byStatus')}
              </Typography.Title>
            }
          >
            <Space wrap size="large">
              {Object.entries(s.byStatus)
                .filter(([, n]) => n > 0)
                .map(([status, n]) => (
                  <span key={status} data-testid={`by-status-${status}`}>
                    <PlacementStatusTag status={status} /> {n}
                  </span>
                ))}
            </Space>
          </Card>
        </>
      )}
    </QueryState>
  );
}

function PlacementTable() {
  const { t, i18n } = useTranslation();
  const nameOf = useNameOf();
  const [filters, setFilters] = useState<{ status?: Status; cohort?: string }>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: ['placements', filters, cursor],
    refetchInterval: 5_000,
    queryFn: () =>
      unwrap(
        api.GET('/v1/placements', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.cohort ? { cohort: filters.cohort } : {}),
              ...(cursor ? { cursor } : {}),
            },
          },
        }),
      ),
  });
  return (
    <Card>
      <Form
        layout="inline"
        onFinish={(values: { status?: Status; cohort?: string }) => {
          setFilters({ status: values.status, cohort: values.cohort?.trim() || undefined });
          setCursors([undefined]);
        }}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="status" label={t('table.status')}>
          <Select
            showSearch
            optionFilterProp="label"
            allowClear
            style={{ width: 160 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`placementStatus.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="cohort" label={t('placements.cohort')}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Button htmlType="submit">{t('placements.filter')}</Button>
      </Form>
      <QueryState query={page}>
        {(p) => (
          <>
            <Table<Schemas['PlacementSummary']>
              rowKey="id"
              size="middle"
              pagination={false}
              scroll={{ x: true }}
              dataSource={p.items}
              data-testid="placements-table"
              columns={[
                {
                  title: t('placements.student'),
                  dataIndex: 'studentUserId',
                  render: (id: string, r) => <Link to={`/placements/${r.id}`}>{nameOf(id)}</Link>,
                },
                { title: t('placements.cohort'), dataIndex: 'cohort' },
                { title: t('table.status'), dataIndex: 'status', render: (s: string) => <PlacementStatusTag status={s} /> },
                { title: t('placements.checkIns'), render: (_, r) => `${r.checkInsSubmitted} / ${t('placements.missed', { count: r.checkInsMissed })}` },
                { title: t('placements.openIncidents'), dataIndex: 'openIncidents' },
                { title: t('placements.violations'), dataIndex: 'ruleViolations' },
                { title: t('placements.nextDue'), dataIndex: 'nextCheckInDueAt', render: (d: string | null) => formatDateTime(d, i18n.language) },
              ]}
            />
            <Space style={{ marginTop: 12 }}>
              <Button disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                {t('table.previous')}
              </Button>
              <Button disabled={!p.nextCursor} onClick={() => setCursors([...cursors, p.nextCursor ?? undefined])}>
                {t('table.next')}
              </Button>
            </Space>
          </>
        )}
      </QueryState>
    </Card>
  );
}
