// The console's frame: providers (TanStack Query, antd in the chosen language), and the routes. Pages are
// loaded on demand (dynamic import), so the first screen downloads only what it shows.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Problem } from './api/problem';
import { Shell } from './layout/shell';
import { RequireSignIn } from './session/require-sign-in';

const SignInPage = lazy(() => import('./pages/sign-in'));
const HomePage = lazy(() => import('./pages/home'));
const AlliancePage = lazy(() => import('./pages/alliance'));
const AgreementWizardPage = lazy(() => import('./pages/agreement-wizard'));
const AgreementPage = lazy(() => import('./pages/agreement'));
const WaitingPage = lazy(() => import('./pages/waiting'));
const NotificationsPage = lazy(() => import('./pages/notifications'));
const VerifyPage = lazy(() => import('./pages/verify'));
const ReviewsPage = lazy(() => import('./pages/reviews'));
const PlacementsPage = lazy(() => import('./pages/placements'));
const PlacementPage = lazy(() => import('./pages/placement'));
const MatchingPage = lazy(() => import('./pages/matching'));
const CertificationPage = lazy(() => import('./pages/certification'));
const CertificationApplicationPage = lazy(() => import('./pages/certification-application'));

// antd's grey texts (45% black) and status colours (#52c41a, #ff4d4f on white or their light
// backgrounds) fall short of WCAG AA contrast (4.5:1), which axe checks on every page: darker seeds here.
const THEME = {
  token: {
    colorPrimary: '#0b5cad',
    colorInfo: '#0b5cad',
    colorSuccess: '#237804',
    colorError: '#c41d1d',
    colorWarning: '#ad5a00',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.64)',
    colorTextDescription: 'rgba(0, 0, 0, 0.64)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  },
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx answer will not change by asking again.
      retry: (count, error) => !(error instanceof Problem && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

function Loading() {
  const { t } = useTranslation();
  return <Spin style={{ display: 'block', margin: '64px auto' }} tip={t('app.loading')} />;
}

export function App() {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.title = i18n.t('app.name');
  }, [i18n.language, i18n]);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
        <AntApp>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/sign-in" element={<SignInPage />} />
                <Route path="/verify/:number" element={<VerifyPage />} />
                <Route element={<RequireSignIn />}>
                  <Route element={<Shell />}>
                    <Route index element={<HomePage />} />
                    <Route path="alliance" element={<AlliancePage />} />
                    <Route path="agreements/new" element={<AgreementWizardPage />} />
                    <Route path="agreements/:id" element={<AgreementPage />} />
                    <Route path="waiting" element={<WaitingPage />} />
                    <Route path="notifications" element={<NotificationsPage />} />
                    <Route path="reviews" element={<ReviewsPage />} />
                    <Route path="placements" element={<PlacementsPage />} />
                    <Route path="placements/:id" element={<PlacementPage />} />
                    <Route path="matching" element={<MatchingPage />} />
                    <Route path="certification" element={<CertificationPage />} />
                    <Route path="certification/:id" element={<CertificationApplicationPage />} />
                  </Route>
                </Route>
                <Route path="*" element={<Navigate to="/" replace />} />
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
