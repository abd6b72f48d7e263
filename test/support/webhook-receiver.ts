// A real HTTP webhook receiver on loopback. It records every request (headers and the raw body) and
// answers what the test's `respond` says, possibly after a while (to hold a request outstanding).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface WebhookAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Answer only after this promise settles. */
  after?: Promise<unknown>;
}

export interface WebhookReceiver {
  url(path?: string): string;
  requests: ReceivedWebhook[];
  /** Per request; `index` counts the requests to the same path, from 0. Default: 200. */
  respond: (request: ReceivedWebhook, index: number) => WebhookAnswer;
  on(path: string): ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const counts = new Map<string, number>();
  const receiver: WebhookReceiver = {
    url: () => '',
    requests: [],
    respond: () => ({ status: 200 }),
    on: (path) => receiver.requests.filter((r) => r.path === path),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const received: ReceivedWebhook = { path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() };
      receiver.requests.push(received);
      const index = counts.get(path) ?? 0;
      counts.set(path, index + 1);
      const answer = receiver.respond(received, index);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? `answer ${answer.status}`);
      };
      if (answer.after) answer.after.then(send, send);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  receiver.url = (path = '/hook') => `http://127.0.0.1:${port}${path}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
