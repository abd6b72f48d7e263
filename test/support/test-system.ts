// A test file's slice of the real system: a worker on its own task queue (so files running in
// parallel never take each other's tasks), a Temporal client, the database, and the real Express app
// on an ephemeral loopback port.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { configureHttpServer, createApp } from '../../api/app';
import { type Config, loadConfig } from '../../platform/config';
import { createDatabase, type Database } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import type { PayloadEncryptionCodec } from '../../platform/payload-codec';
import { connectClient, connectWorker } from '../../platform/temporal-connection';
import { createDataConverter, createPayloadCodec } from '../../platform/temporal-data-converter';
import { createWorkers } from '../../worker/worker';

export interface TestSystem {
  config: Config;
  db: Database;
  client: Client;
  /** The run's DataConverter (payload codec with the committed test key), for workers a test makes itself. */
  dataConverter: DataConverter;
  payloadCodec: PayloadEncryptionCodec;
  baseUrl: string;
  /** Stops the worker (draining), the API and all connections. */
  stop(): Promise<void>;
  /** Stops only the worker, as a crash would; startWorker() brings a fresh one up. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
}

export interface TestSystemOptions {
  /** A database of the test's own (a scratch database, migrated) instead of the run's shared one. */
  databaseUrl?: string;
  /** false: no in-process worker (the test runs worker processes of its own on config.temporal.taskQueue). */
  worker?: boolean;
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const base = loadConfig();
  const config: Config = {
    ...base,
    temporal: { ...base.temporal, taskQueue: `test-${randomUUID()}` },
    database: options.databaseUrl ? { ...base.database, url: options.databaseUrl } : base.database,
  };
  const log = createLogger('test', config.logLevel);
  const db = createDatabase(config.database.url, { maxConnections: 5 });
  const payloadCodec = createPayloadCodec(config, log);
  const dataConverter = createDataConverter(payloadCodec);
  const client = await connectClient(config.temporal, dataConverter);

  let connection: NativeConnection | undefined;
  let workers: Worker[] = [];
  let running: Promise<unknown> | undefined;
  const startWorker = async () => {
    connection = await connectWorker(config.temporal);
    // The worker process's two workers (the processes' queue and the matching rounds'), on one pool here.
    const { main, rounds } = await createWorkers({ connection, dataConverter, config, db, roundDb: db, log });
    workers = rounds ? [main, rounds] : [main];
    running = Promise.all(workers.map((w) => w.run()));
  };
  const stopWorker = async () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    const closing = connection;
    connection = undefined; // stopping twice (a test, then stop()) closes the connection once
    await closing?.close();
    workers = [];
  };
  if (options.worker !== false) await startWorker();

  const server: Server = configureHttpServer(createApp({ temporal: client, db, config, log, payloadCodec }).listen(0, '127.0.0.1'));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    config,
    db,
    client,
    dataConverter,
    payloadCodec,
    baseUrl,
    startWorker,
    stopWorker,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stopWorker();
      await client.connection.close();
      await db.$disconnect();
    },
  };
}
