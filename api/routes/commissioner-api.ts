// Every technology-commissioner route, in one list for api/app.ts: service needs and their candidates,
// commissioners, services and their steps, the yearly report.
import type { AnyRoute } from '../routing';
import { commissionerRoutes } from '../commissioner-services/commissioner-routes';
import { serviceNeedRoutes } from '../commissioner-services/need-routes';
import { commissionerReportRoute } from '../commissioner-services/report-route';
import { commissionerServiceRoutes } from '../commissioner-services/routes';

export const commissionerApiRoutes: AnyRoute[] = [...serviceNeedRoutes, ...commissionerRoutes, ...commissionerServiceRoutes, commissionerReportRoute];
