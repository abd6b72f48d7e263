// One way to reach Temporal, for the API (client) and the worker (native connection), honouring the
// TLS / API-key settings of an external cluster.
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import type { Config } from './config';

function tlsOptions(config: Config['temporal']): ConnectionOptions['tls'] {
  const tls = config.tls;
  if (!tls) return undefined;
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: tls.caPath ? readFileSync(tls.caPath) : undefined,
    clientCertPair:
      tls.certPath && tls.keyPath
        ? { crt: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) }
        : undefined,
  };
}

export async function connectClient(config: Config['temporal']): Promise<Client> {
  const connection = await Connection.connect({
    address: config.address,
    tls: tlsOptions(config),
    apiKey: config.apiKey,
  });
  return new Client({ connection, namespace: config.namespace });
}

export async function connectWorker(config: Config['temporal']): Promise<NativeConnection> {
  const options: NativeConnectionOptions = {
    address: config.address,
    tls: tlsOptions(config) as NativeConnectionOptions['tls'],
    apiKey: config.apiKey,
  };
  return NativeConnection.connect(options);
}
