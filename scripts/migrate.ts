// `npm run migrate`: applies prisma/migrations to the configured database (DATABASE_URL, else the embedded
// PostgreSQL, started here for the duration if `npm start` is not already serving it).
import net from 'node:net';
import { ConfigError, loadConfig } from '../platform/config';
import { startEmbeddedPostgres } from '../devtools/embedded-postgres';
import { createLogger } from '../platform/logger';
import { migrate } from '../platform/migrator';

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('migrate', config.logLevel);
  const embedded =
    config.database.embedded && !(await isListening(config.database.embeddedPort))
      ? await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, log })
      : undefined;
  try {
    await migrate(config.database.migrationUrl, { log, grantTo: config.database.applicationRole });
  } finally {
    await embedded?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // One line, for humans and CI logs alike; the details are in the message already.
    const message =
      error instanceof ConfigError
        ? `invalid configuration: ${error.problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`migrate: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exit(1);
  },
);
