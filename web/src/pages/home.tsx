// Home: who I am, and the agreements I can see (newest first), with shortcuts to what my roles do.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { AgreementStatusTag } from '../components/status-tag';
import { can, hasRole, useMe } from '../session/me';

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const agreements = useQuery({ queryKey: ['agreements', 'recent'], queryFn: () => unwrap(api.GET('/v1/agreements', { params: { query: { limit: 20 } } })) });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('home.welcome', { name: me?.name ?? '' })}
      </Typography.Title>
      <Card>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('home.organization')}>{me?.organization?.name ?? t('app.none')}</Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            {me?.roles.map((r) => (
              <Tag key={r}>{t(`roles.${r}`)}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
        <Space wrap style={{ marginTop: 12 }}>
          {hasRole(me, 'secretariat') && (
            <Link to="/alliance">
              <Button>{t('nav.alliance')}</Button>
            </Link>
          )}
          {can(me, 'POST /v1/agreements') && (
            <Link to="/agreements/new">
              <Button type="primary">{t('nav.newAgreement')}</Button>
            </Link>
          )}
          {can(me, 'POST /v1/agreements/:id/sign') && (
            <Link to="/waiting">
              <Button>{t('nav.waiting')}</Button>
            </Link>
          )}
          {(hasRole(me, 'school_coordinator') || hasRole(me, 'mentor') || hasRole(me, 'student')) && (
            <Link to="/placements">
              <Button>{t('nav.placements')}</Button>
            </Link>
          )}
          {can(me, 'POST /v1/matching-rounds') && (
            <Link to="/matching">
              <Button>{t('nav.matching')}</Button>
            </Link>
          )}
          {can(me, 'POST /v1/certification-applications') && hasRole(me, 'candidate') && (
            <Link to="/certification">
              <Button>{t('nav.certification')}</Button>
            </Link>
          )}
          {can(me, 'POST /v1/review-tasks/:id/claim') && (
            <Link to="/reviews">
              <Button>{t('nav.reviews')}</Button>
            </Link>
          )}
        </Space>
      </Card>
      <QueryState query={agreements}>
        {(page) => (
          <Table
            rowKey="id"
            size="middle"
            dataSource={page.items}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('table.title'), dataIndex: 'title', render: (title: string, a) => <Link to={`/agreements/${a.id}`}>{title}</Link> },
              { title: t('table.kind'), dataIndex: 'kind', render: (kind: string) => t(`agreementKind.${kind}`) },
              { title: t('table.status'), dataIndex: 'status', render: (status: string) => <AgreementStatusTag status={status} /> },
              { title: t('table.deadline'), dataIndex: 'deadline', render: (d: string | null) => formatDateTime(d, i18n.language) },
            ]}
          />
        )}
      </QueryState>
    </Space>
  );
}
