// `npm run cluster`: a production-shaped Temporal cluster in the foreground (devtools/temporal-cluster.ts):
// the Temporal server built once with Go, PostgreSQL persistence and visibility, 16 history shards,
// frontend, two history instances, matching and the internal worker as separate processes. Point the
// worker and the API at it with TEMPORAL_ADDRESS. Ctrl-C stops it.
//   TEMPORAL_CLUSTER_POSTGRES_URL  the server to keep its two databases on (default: this machine's, as postgres)
//   TEMPORAL_CLUSTER_DATABASE      their name prefix (default temporal_cluster)
//   TEMPORAL_CLUSTER_PORT          the frontend's gRPC port (default 7233); the others follow it
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { clusterBinaryPaths, clusterPortsFrom, startTemporalCluster } from '../devtools/temporal-cluster';
import { customSearchAttributes } from '../core/search-attributes';
import { stopOnSignal } from '../devtools/stop-on-signal';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('temporal-cluster', config.logLevel);
  const projectRoot = path.resolve(__dirname, '..');
  const { server, sqlTool } = clusterBinaryPaths(projectRoot);
  const warm = existsSync(server) && existsSync(sqlTool);
  const started = Date.now();
  const cluster = await startTemporalCluster({
    projectRoot,
    workDir: path.join(config.dataDir, 'temporal-cluster'),
    postgresUrl: process.env.TEMPORAL_CLUSTER_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    databasePrefix: process.env.TEMPORAL_CLUSTER_DATABASE ?? 'temporal_cluster',
    namespace: config.temporal.namespace,
    searchAttributes: customSearchAttributes,
    ports: clusterPortsFrom(Number(process.env.TEMPORAL_CLUSTER_PORT ?? 7233)),
    log,
    progress: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `Temporal cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${warm ? 'a warm start: the binaries were built before' : 'the first build included'}): frontend ${cluster.address} (namespace ${config.temporal.namespace}), ` +
      `processes ${Object.values(cluster.services)
        .map((s) => `${s.name} ${s.process.pid}`)
        .join(', ')}\n` +
      `Try: temporal operator cluster health --address ${cluster.address}\n` +
      'Press Ctrl-C to stop.\n',
  );
  stopOnSignal('Temporal cluster', () => cluster.stop(), log);
}

main().catch((error: unknown) => {
  process.stderr.write(`cluster: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
