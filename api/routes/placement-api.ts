// Every placement route, in one list for api/app.ts: positions, applications, matching rounds,
// placements and the school summary.
import type { AnyRoute } from '../routing';
import { applicationRoutes } from '../placements/application-routes';
import { guardianRoutes } from './guardians';
import { matchingRoundRoutes } from './matching-rounds';
import { placementRoutes } from '../placements/routes';
import { positionRoutes } from '../placements/position-routes';
import { schoolRoutes } from './schools';

export const placementApiRoutes: AnyRoute[] = [
  ...positionRoutes,
  ...applicationRoutes,
  ...matchingRoundRoutes,
  ...placementRoutes,
  ...schoolRoutes,
  ...guardianRoutes,
];
