// Every signed-in page's frame: the menu (only what the person may do), the notification bell with the
// unread count, the language switch and sign-out. On a phone (below antd's md breakpoint) the header
// keeps its controls in one line: the menu folds into its overflow button, sign-out is an icon.
import { BellOutlined, LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dropdown, Grid, Layout, Menu, Segmented, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api, setCsrfToken } from '../api/client';
import { unwrap } from '../api/problem';
import { type Language, setLanguage } from '../i18n';
import { can, hasRole, useMe } from '../session/me';

export const UNREAD_KEY = ['notifications', 'unread'] as const;

export function Shell() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => unwrap(api.GET('/v1/notifications', { params: { query: { unread: 'true', limit: 1 } } })),
    refetchInterval: 5_000,
  });
  const unreadCount = unread.data?.unreadCount ?? 0;
  const wide = Grid.useBreakpoint().md !== false;
  const placementRoles = hasRole(me, 'school_coordinator') || hasRole(me, 'mentor') || hasRole(me, 'student');
  const items = [
    { key: '/', label: <Link to="/">{t('nav.home')}</Link> },
    ...(hasRole(me, 'secretariat') ? [{ key: '/alliance', label: <Link to="/alliance">{t('nav.alliance')}</Link> }] : []),
    ...(can(me, 'POST /v1/agreements') ? [{ key: '/agreements/new', label: <Link to="/agreements/new">{t('nav.newAgreement')}</Link> }] : []),
    ...(can(me, 'POST /v1/agreements/:id/sign') ? [{ key: '/waiting', label: <Link to="/waiting">{t('nav.waiting')}</Link> }] : []),
    ...(can(me, 'POST /v1/review-tasks/:id/claim') ? [{ key: '/reviews', label: <Link to="/reviews">{t('nav.reviews')}</Link> }] : []),
    ...(placementRoles ? [{ key: '/placements', label: <Link to="/placements">{t('nav.placements')}</Link> }] : []),
    ...(can(me, 'POST /v1/matching-rounds') ? [{ key: '/matching', label: <Link to="/matching">{t('nav.matching')}</Link> }] : []),
    ...(can(me, 'POST /v1/certification-applications') && hasRole(me, 'candidate')
      ? [{ key: '/certification', label: <Link to="/certification">{t('nav.certification')}</Link> }]
      : []),
  ];
  const selected = items.map((i) => i.key).filter((k) => k !== '/' && location.pathname.startsWith(k));

  const signOut = async () => {
    await api.DELETE('/v1/session');
    setCsrfToken(null);
    queryClient.clear();
    void navigate('/sign-in', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: wide ? 16 : 8,
          paddingInline: wide ? 16 : 8,
          background: '#fff',
          borderBottom: '1px solid #e5e5e5',
        }}
      >
        <Link to="/" style={{ fontWeight: 600, whiteSpace: 'nowrap', color: '#0b3f75' }}>
          {wide ? t('app.name') : 'AllianceFlow'}
        </Link>
        <nav aria-label={t('nav.menu')} style={{ flex: 1, minWidth: 0 }}>
          {wide ? (
            <Menu
              mode="horizontal"
              selectedKeys={selected.length ? selected : [location.pathname === '/' ? '/' : '']}
              items={items}
              style={{ borderBottom: 'none' }}
            />
          ) : (
            // A phone: one button opening the menu (antd's folding horizontal menu leaves hidden links
            // focusable, which screen readers trip over).
            <Dropdown menu={{ items, selectedKeys: selected }} trigger={['click']}>
              <Button icon={<MenuOutlined />} aria-label={t('nav.menu')} data-testid="menu-button" />
            </Dropdown>
          )}
        </nav>
        <Space size={wide ? 'middle' : 'small'}>
          <Link to="/notifications" aria-label={t('notifications.bell', { count: unreadCount })} data-testid="notification-bell">
            {/* The count as plain text, not antd's Badge: its rolling digits put every digit on the page at once,
                which is not the link's name (axe label-content-name-mismatch). */}
            <span className="bell">
              <BellOutlined style={{ fontSize: 20, color: '#333' }} />
              {unreadCount > 0 && <span className="bell-count">{unreadCount}</span>}
            </span>
          </Link>
          <Segmented<Language>
            aria-label={t('nav.language')}
            size="small"
            value={i18n.language as Language}
            options={[
              { label: '中文', value: 'zh-CN' },
              { label: 'EN', value: 'en' },
            ]}
            onChange={(value) => setLanguage(value)}
          />
          <Typography.Text className={wide ? 'me-name' : 'me-name visually-hidden'} style={{ whiteSpace: 'nowrap' }}>
            {me?.name}
          </Typography.Text>
          {wide ? (
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()}>
              {t('nav.signOut')}
            </Button>
          ) : (
            <Button icon={<LogoutOutlined />} aria-label={t('nav.signOut')} title={t('nav.signOut')} onClick={() => void signOut()} />
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: wide ? 16 : 8, maxWidth: 1200, width: '100%', margin: '0 auto' }}>
        <main>
          <Outlet />
        </main>
      </Layout.Content>
    </Layout>
  );
}
