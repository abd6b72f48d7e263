// The Express application: thin by design. It validates, talks to Temporal or reads the projection,
// and maps every failure to problem+json in one place (errors.ts).
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import type { ApiDependencies } from './dependencies';
import { NotFoundProblem, problemHandler } from './errors';
import { agreementRoutes } from './routes/agreements';
import { healthRoutes } from './routes/health';

export const BODY_LIMIT = '1mb';

export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: deps.log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
    }),
  );
  app.use(express.json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] }));

  app.use(healthRoutes(deps));
  app.use('/v1', agreementRoutes(deps));

  app.use((req, _res, next) => next(new NotFoundProblem(`Route ${req.method} ${req.path}`)));
  app.use(problemHandler(deps.log));
  return app;
}
