// `npm run api`: one API process. Stateless: run as many as the load needs behind a load balancer.
import { createDatabase } from '../platform/database';
import { warnIfAuditTrailExposed } from '../platform/database-roles';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startTracing } from '../platform/tracing';
import { exitOnStartupError } from '../platform/startup-error';
import { API_CALL_ATTEMPTS, connectClient } from '../platform/temporal-connection';
import { createDataConverter, createPayloadCodec } from '../platform/temporal-data-converter';
import { configureHttpServer, createApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('api', config.logLevel, config.logFormat);
  const tracing = startTracing('allianceflow-api', config.tracing);
  const db = createDatabase(config.database.url);
  await warnIfAuditTrailExposed((sql, values) => db.$queryRawUnsafe(sql, ...values), log);
  // A short retry budget: while Temporal is unreachable, requests answer 503 promptly instead of waiting.
  const payloadCodec = createPayloadCodec(config, log);
  const temporal = await connectClient(config.temporal, createDataConverter(payloadCodec), { callAttempts: API_CALL_ATTEMPTS });
  const app = createApp({ temporal, db, config, log, payloadCodec });
  const server = configureHttpServer(app.listen(config.http.port, config.http.host));
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  log.info({ url: `http://${config.http.host}:${config.http.port}` }, 'api listening');

  const shutdown = (signal: string) => {
    log.info({ signal }, 'api stopping: finishing open requests');
    server.close(async () => {
      await temporal.connection.close();
      await db.$disconnect();
      await tracing.shutdown();
      log.info('api stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch(exitOnStartupError('api'));
