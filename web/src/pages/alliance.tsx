// The secretariat's alliance home: member organisations by kind (中职, 高校, 政府, 园区, 企业, …), the
// open agreements, and the parties still pending after a reminder (overdue).
import { useQueries, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, List, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMembers, useMyAlliance } from '../api/alliance';
import { agreementKey, fetchAgreement } from '../api/agreements';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { AgreementStatusTag, PartyStateTag } from '../components/status-tag';
import { can, useMe } from '../session/me';

const KIND_ORDER = ['secondary_vocational_school', 'university', 'government', 'industrial_park', 'enterprise', 'research_institute', 'association'];

export default function AlliancePage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const alliance = useMyAlliance(me?.organization?.id);
  const allianceId = alliance.data?.id;
  const members = useMembers(allianceId);
  const open = useQuery({
    queryKey: ['agreements', 'open', allianceId],
    enabled: !!allianceId,
    queryFn: () => unwrap(api.GET('/v1/agreements', { params: { query: { allianceId: allianceId!, status: 'in_progress', limit: 50 } } })),
    refetchInterval: 5_000,
  });
  const details = useQueries({
    queries: (open.data?.items ?? []).map((a) => ({ queryKey: agreementKey(a.id), queryFn: () => fetchAgreement(a.id), refetchInterval: 5_000 })),
  });
  const overdue = details.flatMap((d) =>
    d.data && (d.data.remindersSent ?? 0) > 0 ? d.data.parties.filter((p) => p.state === 'pending').map((p) => ({ agreement: d.data, party: p })) : [],
  );

  return (
    <QueryState query={alliance}>
      {(found) =>
        !found ? (
          <Empty description={t('alliance.noAlliance')} />
        ) : (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 8 }}>
              <Typography.Title level={1} style={{ fontSize: 24 }}>
                {found.name}
              </Typography.Title>
              {can(me, 'POST /v1/agreements') && (
                <Link to="/agreements/new">
                  <Button type="primary">{t('alliance.launch')}</Button>
                </Link>
              )}
            </div>
            <Typography.Title level={2} style={{ fontSize: 18 }}>
              {t('alliance.membersByKind')}
            </Typography.Title>
            <QueryState query={members}>
              {(list) => (
                <Row gutter={[12, 12]}>
                  {KIND_ORDER.filter((kind) => list.some((o) => o.kind === kind)).map((kind) => {
                    const ofKind = list.filter((o) => o.kind === kind);
                    return (
                      <Col key={kind} xs={24} sm={12} lg={8}>
                        <Card size="small" title={t(`orgKind.${kind}`)} extra={<Statistic value={ofKind.length} valueStyle={{ fontSize: 16 }} />}>
                          {ofKind.map((o) => (
                            <div key={o.id}>{o.name}</div>
                          ))}
                        </Card>
                      </Col>
                    );
                  })}
                </Row>
              )}
            </QueryState>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
              {t('alliance.openAgreements')}
            </Typography.Title>
            <QueryState query={open}>
              {(page) => (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  scroll={{ x: true }}
                  dataSource={page.items}
                  columns={[
                    { title: t('table.title'), dataIndex: 'title', render: (title: string, a) => <Link to={`/agreements/${a.id}`}>{title}</Link> },
                    { title: t('table.kind'), dataIndex: 'kind', render: (kind: string) => t(`agreementKind.${kind}`) },
                    { title: t('table.status'), dataIndex: 'status', render: (s: string) => <AgreementStatusTag status={s} /> },
                    { title: t('table.deadline'), dataIndex: 'deadline', render: (d: string | null) => formatDateTime(d, i18n.language) },
                  ]}
                />
              )}
            </QueryState>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
              {t('alliance.overdue')}
            </Typography.Title>
            <List
              bordered
              dataSource={overdue}
              locale={{ emptyText: <Typography.Text type="secondary">{t('alliance.noOverdue')}</Typography.Text> }}
              renderItem={({ agreement, party }) => (
                <List.Item data-testid="overdue-party">
                  <span>
                    <Link to={`/agreements/${agreement.id}`}>{agreement.title}</Link> · {party.displayName}
                  </span>
                  <span>
                    <PartyStateTag state={party.state} />
                    <Tag>{t('agreement.group', { group: party.routingGroup })}</Tag>
                  </span>
                </List.Item>
              )}
            />
          </>
        )
      }
    </QueryState>
  );
}
