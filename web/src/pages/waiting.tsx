// "Waiting for me": every open agreement with a party the signed-in person acts for whose turn it is.
// The API has no such list, so it is the open agreements I can see, each read live (at most 50).
import { useQuery } from '@tanstack/react-query';
import { Empty, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchAgreement } from '../api/agreements';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { useMe } from '../session/me';
import { actsFor } from './agreement';

export default function WaitingPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const waiting = useQuery({
    queryKey: ['waiting', me?.id],
    refetchInterval: 5_000,
    queryFn: async () => {
      const page = await unwrap(api.GET('/v1/agreements', { params: { query: { status: 'in_progress', limit: 50 } } }));
      const details = await Promise.all(page.items.map((a) => fetchAgreement(a.id)));
      return details.flatMap((agreement) =>
        agreement.parties.filter((p) => p.state === 'pending' && p.role !== 'cc' && actsFor(me, p)).map((party) => ({ agreement, party })),
      );
    },
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('waiting.title')}
      </Typography.Title>
      <QueryState query={waiting}>
        {(items) =>
          items.length === 0 ? (
            <Empty description={t('waiting.empty')} />
          ) : (
            <List
              bordered
              dataSource={items}
              renderItem={({ agreement, party }) => (
                <List.Item
                  data-testid="waiting-item"
                  actions={[
                    <Link key="open" to={`/agreements/${agreement.id}`}>
                      {t('waiting.open')}
                    </Link>,
                  ]}
                >
                  <List.Item.Meta
                    title={<Link to={`/agreements/${agreement.id}`}>{agreement.title}</Link>}
                    description={
                      <>
                        {party.displayName} <Tag>{t(`partyRole.${party.role}`)}</Tag> {t('agreement.deadline')}:{' '}
                        {formatDateTime(agreement.deadlineAt, i18n.language)}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          )
        }
      </QueryState>
    </>
  );
}
