// The webhook URL filter (issue 13, finding 8): loopback and private addresses hidden in IPv6 forms,
// port 0, refusals that named the resolved address, and the check at delivery time (IP literals never
// pass through DNS lookup; a name may resolve elsewhere after registration).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { NetworkError, postWebhook } from '../../activities/notifications/webhooks/http';
import { addressAllowed, assertTargetAllowed, classifyAddress, TargetRefusedError } from '../../activities/notifications/webhooks/targets';

const strict = { allowLoopback: false, allowPrivateNetworks: false };
const loopbackOnly = { allowLoopback: true, allowPrivateNetworks: false };

describe('addresses hidden in IPv6 forms are refused', () => {
  test.each([
    ['http://[::127.0.0.1]/hook', 'IPv4-compatible loopback'],
    ['http://[::ffff:127.0.0.1]/hook', 'IPv4-mapped loopback'],
    ['http://[::ffff:7f00:1]/hook', 'IPv4-mapped loopback, hex'],
    ['http://[::ffff:0:127.0.0.1]/hook', 'SIIT (RFC 6145) loopback'],
    ['http://[64:ff9b::127.0.0.1]/hook', 'NAT64 loopback'],
    ['http://[64:ff9b:1::a00:1]/hook', 'local-use NAT64'],
    ['http://[2002:7f00:1::]/hook', '6to4 of loopback'],
    ['http://[2002:a00:1::]/hook', '6to4 of 10.0.0.1'],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook', 'Teredo'],
    ['http://[fec0::1]/hook', 'deprecated site-local'],
    ['http://[fc00::1]/hook', 'unique local'],
    ['http://[fe80::1]/hook', 'link-local'],
    ['http://[::]/hook', 'unspecified'],
    ['http://[::ffff:169.254.169.254]/hook', 'IPv4-mapped cloud metadata'],
    ['http://[::ffff:a9fe:a9fe]/hook', 'IPv4-mapped cloud metadata, hex'],
    ['http://[2001:db8::1]/hook', 'documentation'],
    ['http://[4000::1]/hook', 'outside global unicast'],
    ['http://0.0.0.0/hook', 'this network'],
    ['http://2130706433/hook', 'loopback as one number'],
    ['http://0x7f.1/hook', 'loopback in hex shorthand'],
    ['http://100.64.0.1/hook', 'shared address space'],
    ['http://192.0.0.1/hook', 'IETF protocol assignments'],
    ['http://255.255.255.255/hook', 'broadcast'],
  ])('%s (%s)', async (url) => {
    await expect(assertTargetAllowed(url, strict)).rejects.toThrow(TargetRefusedError);
  });

  test('port 0 is refused, other ports are not', async () => {
    await expect(assertTargetAllowed('http://93.184.216.34:0/hook', strict)).rejects.toThrow(/port 0 is not allowed/);
    await expect(assertTargetAllowed('https://93.184.216.34:8443/hook', strict)).resolves.toBeInstanceOf(URL);
  });

  test('public addresses pass, in either family', async () => {
    for (const url of ['https://93.184.216.34/hook', 'https://[2606:2800:220:1:248:1893:25c8:1946]/hook', 'https://[::ffff:93.184.216.34]/hook']) {
      await expect(assertTargetAllowed(url, strict)).resolves.toBeInstanceOf(URL);
    }
  });

  test('a refusal names the class of address, never the address', async () => {
    for (const [url, kind, address] of [
      ['http://[::ffff:127.0.0.1]/', 'loopback', '127.0.0.1'],
      ['http://localhost/', 'loopback', '127.0.0.1'],
      ['http://[::ffff:10.1.2.3]/', 'private', '10.1.2.3'],
      ['http://[fec0::1]/', 'private', 'fec0'],
    ] as const) {
      const error = await assertTargetAllowed(url, strict).catch((e: Error) => e);
      expect(error).toBeInstanceOf(TargetRefusedError);
      expect((error as Error).message).toBe(`${kind} addresses are not allowed`);
      expect((error as Error).message).not.toContain(address);
    }
  });
});

// Every embedding of a non-public IPv4 address in an IPv6 form is refused (property over all of them).
const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255));
const nonPublicIpv4 = fc.oneof(
  octets.map(([b, c, d]) => [127, b, c, d]),
  octets.map(([b, c, d]) => [10, b, c, d]),
  octets.map(([, c, d]) => [192, 168, c, d]),
  octets.map(([b, c, d]) => [172, 16 + (b % 16), c, d]),
  octets.map(([, c, d]) => [169, 254, c, d]),
  octets.map(([b, c, d]) => [0, b, c, d]),
  octets.map(([b, c, d]) => [100, 64 + (b % 64), c, d]),
);
const hex = (a: number, b: number) => ((a << 8) | b).toString(16);

test('property: a non-public IPv4 address is refused in every IPv6 disguise', () => {
  fc.assert(
    fc.property(nonPublicIpv4, ([a, b, c, d]) => {
      const dotted = `${a}.${b}.${c}.${d}`;
      const forms = [
        dotted,
        `::ffff:${dotted}`,
        `::ffff:${hex(a!, b!)}:${hex(c!, d!)}`,
        `::${dotted}`,
        `::ffff:0:${dotted}`,
        `64:ff9b::${dotted}`,
        `2002:${hex(a!, b!)}:${hex(c!, d!)}::1`,
      ];
      for (const form of forms) {
        if (addressAllowed(form, strict)) throw new Error(`${form} was allowed`);
        // Loopback allowed does not open the private ranges, nor tunnelled forms of loopback.
        if (a !== 127 && addressAllowed(form, loopbackOnly)) throw new Error(`${form} was allowed with loopback on`);
      }
    }),
    { numRuns: 500 },
  );
});

test('property: any fec0::/10 address is refused', () => {
  fc.assert(
    fc.property(fc.nat(0x3f), fc.array(fc.nat(0xffff), { minLength: 7, maxLength: 7 }), (low, rest) => {
      const address = [(0xfec0 | low).toString(16), ...rest.map((g) => g.toString(16))].join(':');
      return classifyAddress(address) === 'private';
    }),
  );
});

describe('the check holds at delivery time', () => {
  let server: Server;
  let port: number;
  let received = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      received++;
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (url: string, policy: typeof strict) => postWebhook(new URL(url), {}, '{}', { timeoutMs: 5000, policy });

  test('an IP literal disguising loopback is refused by the request itself, nothing sent', async () => {
    const before = received;
    for (const url of [`http://[::ffff:127.0.0.1]:${port}/`, `http://127.0.0.1:${port}/`]) {
      const error = await send(url, strict).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).code).toBe('ETARGETREFUSED');
      expect((error as Error).message).not.toContain('127.0.0.1');
    }
    expect(received).toBe(before);
  });

  test('a name resolving to loopback at delivery (rebinding) is refused before connecting', async () => {
    const before = received;
    const error = await send(`http://localhost:${port}/`, strict).catch((e: unknown) => e);
    expect((error as NetworkError).code).toBe('ETARGETREFUSED');
    expect(received).toBe(before);
    // The receiver is reachable when the policy allows it: the refusals above were the policy's.
    await expect(send(`http://localhost:${port}/`, loopbackOnly)).resolves.toMatchObject({ statusCode: 204 });
    expect(received).toBe(before + 1);
  });
});
