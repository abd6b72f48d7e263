// The inbox behind the bell: newest first, unread marked, each opened to its agreement.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { formatDateTime } from '../components/format';
import { QueryState } from '../components/query-state';
import { UNREAD_KEY } from '../layout/shell';

export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const inbox = useQuery({
    queryKey: ['notifications', 'all'],
    queryFn: () => unwrap(api.GET('/v1/notifications', { params: { query: { limit: 50 } } })),
    refetchInterval: 5_000,
  });
  const markRead = async (id: string) => {
    await unwrap(api.POST('/v1/notifications/{id}/read', { params: { path: { id } } }));
    await queryClient.invalidateQueries({ queryKey: ['notifications'] });
    await queryClient.invalidateQueries({ queryKey: UNREAD_KEY });
  };
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('notifications.title')}
      </Typography.Title>
      <QueryState query={inbox}>
        {(page) => (
          <>
            <Typography.Paragraph>{t('notifications.unread', { count: page.unreadCount })}</Typography.Paragraph>
            <List
              bordered
              dataSource={page.items}
              locale={{ emptyText: <Typography.Text type="secondary">{t('notifications.empty')}</Typography.Text> }}
              renderItem={(n) => (
                <List.Item
                  data-testid="notification"
                  actions={
                    n.read
                      ? []
                      : [
                          <Button key="read" size="small" onClick={() => void markRead(n.id)}>
                            {t('notifications.markRead')}
                          </Button>,
                        ]
                  }
                >
                  <List.Item.Meta
                    title={
                      <span>
                        {!n.read && <Badge status="processing" style={{ marginRight: 6 }} />}
                        {n.resource.type === 'agreement' ? <Link to={`/agreements/${n.resource.id}`}>{n.title}</Link> : n.title}
                      </span>
                    }
                    description={
                      <>
                        <div>{n.body}</div>
                        <Typography.Text type="secondary">{formatDateTime(n.occurredAt, i18n.language)}</Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </>
        )}
      </QueryState>
    </>
  );
}
