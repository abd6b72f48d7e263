// The worker's own small HTTP endpoint (WORKER_HEALTH_ADDRESS), for an orchestrator's probes and a
// Prometheus scrape of the worker's counters:
//   GET /healthz  200 while the process answers (liveness: restart it when this fails)
//   GET /readyz   200 when both workers run and Temporal and the database answer, 503 otherwise
//   GET /metrics  Prometheus text of worker/metrics.ts
// Plain node:http, not Express: the worker serves nothing else, and these answers must not depend on
// the API's middleware. Bind it to loopback or a private interface; it carries no authentication
// (it reveals no organisation's data, only counters and states).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { Registry } from 'prom-client';

const CHECK_TIMEOUT_MS = 3000;

export interface ReadinessCheck {
  name: string;
  /** Resolves when healthy; rejects (or takes longer than 3 s) otherwise. */
  probe: () => Promise<unknown>;
}

export interface Check {
  name: string;
  ok: boolean;
  error?: string;
}

export interface HealthServer {
  /** "http://host:port", with the port the OS picked when 0 was asked for. */
  url: string;
  close(): Promise<void>;
}

async function run(check: ReadinessCheck): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name: check.name, ok: true };
  } catch (error) {
    return { name: check.name, ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

export function startHealthServer(parts: { address: ListenAddress; checks: ReadinessCheck[]; registry: Registry; log: Logger }): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'application/json', JSON.stringify({ status: 'method not allowed' }));
    }
    if (path === '/healthz') return send(res, 200, 'application/json', JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      void Promise.all(parts.checks.map(run)).then((checks) => {
        const ready = checks.every((c) => c.ok);
        send(res, ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ready' : 'unavailable', checks }));
      });
      return;
    }
    if (path === '/metrics') {
      void parts.registry.metrics().then(
        (text) => send(res, 200, parts.registry.contentType, text),
        (error: unknown) => {
          parts.log.error({ err: error }, 'worker metrics could not be collected');
          send(res, 500, 'text/plain', 'metrics unavailable\n');
        },
      );
      return;
    }
    send(res, 404, 'application/json', JSON.stringify({ status: 'not found', paths: ['/healthz', '/readyz', '/metrics'] }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(parts.address.port, parts.address.host, () => {
      server.off('error', reject);
      const { address, port } = server.address() as AddressInfo;
      const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
