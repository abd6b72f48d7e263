// A query's loading and error states, the same on every page: a spinner, or the problem's detail.
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (query.isPending) return <Spin style={{ display: 'block', margin: '32px auto' }} aria-label={t('app.loading')} />;
  if (query.isError)
    return (
      <Alert
        type="error"
        role="alert"
        title={t('app.error')}
        description={query.error.message}
        action={<Button onClick={() => void query.refetch()}>{t('app.retry')}</Button>}
      />
    );
  return <>{children(query.data)}</>;
}
