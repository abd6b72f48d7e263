// Every talent matching route, in one list for api/app.ts: demands, consent events, rounds with their
// offers and report.
import type { AnyRoute } from '../routing';
import { talentConsentRoutes } from '../talent-matching/consent-routes';
import { talentDemandRoutes } from '../talent-matching/demand-routes';
import { talentRoundRoutes } from '../talent-matching/round-routes';

export const talentApiRoutes: AnyRoute[] = [...talentDemandRoutes, ...talentConsentRoutes, ...talentRoundRoutes];
