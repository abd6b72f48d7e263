// One way to reach Temporal, for the API (client) and the worker (native connection), honouring the
// TLS / API-key settings of an external cluster (Temporal's own settings, read by platform/config.ts
// through @temporalio/envconfig; mTLS: docs/deployment.md). A client is always made
// with the system's DataConverter (platform/temporal-data-converter.ts): there is no unencrypted client.
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from './config';

/** A certificate or key given as PEM text or as a file (platform/config.ts: Temporal's _DATA and _PATH settings). */
function pem(data: string | undefined, path: string | undefined): Buffer | undefined {
  if (data !== undefined) return Buffer.from(data, 'utf8');
  return path ? readFileSync(path) : undefined;
}

function tlsOptions(config: Config['temporal']): ConnectionOptions['tls'] {
  const tls = config.tls;
  if (!tls) return undefined;
  const crt = pem(tls.certData, tls.certPath);
  const key = pem(tls.keyData, tls.keyPath);
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: pem(tls.caData, tls.caPath),
    clientCertPair: crt && key ? { crt, key } : undefined,
  };
}

export interface ClientOptions {
  /**
   * Attempts of one call while Temporal answers UNAVAILABLE (or another retryable status), the first
   * included. Default: the SDK's 10, about 20 s of backoff. The API uses API_CALL_ATTEMPTS.
   */
  callAttempts?: number;
}

/**
 * The API's budget: about 2 s of retries (enough for a blip, a frontend restart), then the route answers
 * 503 problem+json and the caller retries. With the SDK's default every request held its connection for
 * about 20 s before answering while the server was down (found by test/faults F2).
 */
export const API_CALL_ATTEMPTS = 5;

export async function connectClient(config: Config['temporal'], dataConverter: DataConverter, options: ClientOptions = {}): Promise<Client> {
  const connection = await Connection.connect({
    address: config.address,
    tls: tlsOptions(config),
    apiKey: config.apiKey,
    ...(options.callAttempts ? { interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: options.callAttempts }))] } : {}),
  });
  // Starts, updates and queries carry the caller's trace context to the workflow (platform/tracing.ts).
  return new Client({ connection, namespace: config.namespace, dataConverter, interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } });
}

export async function connectWorker(config: Config['temporal']): Promise<NativeConnection> {
  const options: NativeConnectionOptions = {
    address: config.address,
    tls: tlsOptions(config) as NativeConnectionOptions['tls'],
    apiKey: config.apiKey,
  };
  return NativeConnection.connect(options);
}
