// What every signing fault scenario sets up around the system: a real SMTP server and a real webhook
// receiver on loopback, a database handle and a Temporal client for the checks, and the services.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../../platform/config';
import { createDatabase, type Database } from '../../../platform/database';
import { createLogger } from '../../../platform/logger';
import { connectClient } from '../../../platform/temporal-connection';
import { createDataConverter, createPayloadCodec } from '../../../platform/temporal-data-converter';
import { type SmtpReceiver, startSmtpReceiver } from '../../support/smtp-receiver';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';
import { type FaultServices, startFaultServices } from './services';

export interface Harness {
  db: Database;
  temporal: Client;
  taskQueue: string;
  smtp: SmtpReceiver;
  hooks: WebhookReceiver;
  services: FaultServices;
  stop(): Promise<void>;
}

export async function startHarness(
  label: string,
  options: { temporalAddress?: string; databaseUrl?: string; extraEnv?: NodeJS.ProcessEnv } = {},
): Promise<Harness> {
  const base = loadConfig();
  const temporalAddress = options.temporalAddress ?? base.temporal.address;
  const databaseUrl = options.databaseUrl ?? base.database.url;
  const taskQueue = `fault-${label}-${randomUUID()}`;
  const [smtp, hooks] = await Promise.all([startSmtpReceiver(), startWebhookReceiver()]);
  const db = createDatabase(databaseUrl, { maxConnections: 4 });
  const dataConverter = createDataConverter(createPayloadCodec(base, createLogger('fault-harness', base.logLevel)));
  const temporal = await connectClient({ ...base.temporal, address: temporalAddress }, dataConverter);
  const services = await startFaultServices(label, {
    temporalAddress,
    databaseUrl,
    taskQueue,
    extra: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      // Quick retries, and enough of them to outlast every fault the scenarios inject.
      WEBHOOK_RETRY_INITIAL_INTERVAL: 'PT0.5S',
      WEBHOOK_RETRY_MAX_INTERVAL: 'PT5S',
      WEBHOOK_RETRY_MAX_ATTEMPTS: '60',
      WEBHOOK_TIMEOUT_MS: '15000',
      ...options.extraEnv,
    },
  });
  return {
    db,
    temporal,
    taskQueue,
    smtp,
    hooks,
    services,
    async stop() {
      await services.stop();
      await temporal.connection.close();
      await db.$disconnect();
      await Promise.all([smtp.close(), hooks.close()]);
    },
  };
}
