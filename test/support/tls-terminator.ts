// A TLS terminator on loopback that demands a client certificate signed by the given CA and pipes the
// decrypted bytes to a plain TCP port: in front of the dev server's frontend it stands for a Temporal
// cluster configured for mTLS (gRPC is HTTP/2 inside TLS, so a TCP-level terminator passes it through).
import net from 'node:net';
import tls from 'node:tls';

export interface TlsTerminator {
  address: string;
  /** Handshakes refused (no certificate, or one the CA did not sign). */
  refused: number;
  close(): Promise<void>;
}

export async function startTlsTerminator(options: { ca: string; cert: string; key: string; target: { host: string; port: number } }): Promise<TlsTerminator> {
  const sockets = new Set<net.Socket>();
  const state = { refused: 0 };
  const server = tls.createServer(
    { ca: options.ca, cert: options.cert, key: options.key, requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] },
    (client) => {
      const upstream = net.connect(options.target.port, options.target.host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    },
  );
  server.on('tlsClientError', () => {
    state.refused += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    get refused() {
      return state.refused;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
