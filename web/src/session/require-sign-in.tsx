// Pages behind sign-in: without a session, the sign-in page (which returns here afterwards).
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from './me';

export function RequireSignIn() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (me.isError) return <Result status="error" title={t('app.error')} subTitle={String(me.error.message)} />;
  if (!me.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}
