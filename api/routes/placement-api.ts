// Every placement route, in one list for api/app.ts: positions, applications, matching rounds,
// placements and the school summary.
import type { AnyRoute } from '../routing';
import { applicationRoutes } from './applications';
import { guardianRoutes } from './guardians';
import { matchingRoundRoutes } from './matching-rounds';
import { placementRoutes } from './placements';
import { positionRoutes } from './positions';
import { schoolRoutes } from './schools';

export const placementApiRoutes: AnyRoute[] = [...positionRoutes, ...applicationRoutes, ...matchingRoundRoutes, ...placementRoutes, ...schoolRoutes, ...guardianRoutes];
