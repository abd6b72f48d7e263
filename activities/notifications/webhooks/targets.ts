// Which webhook URLs may be called. Only http(s), no credentials in the URL, and no loopback or
// private-range address unless configuration allows it: a webhook must not become a way to reach the
// worker's own network (cloud metadata at 169.254.169.254, databases on 10.x, the Temporal frontend).
// The check runs at registration and again at every attempt, on the addresses the connection will
// actually use (guardedLookup), so a DNS name that later resolves to a private address is refused too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface TargetPolicy {
  allowLoopback: boolean;
  allowPrivateNetworks: boolean;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

// Everything that is not a public unicast address: private, shared, link-local, documentation,
// benchmarking, multicast, reserved, "this network".
const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
  ['100::', 64],
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv6');
}

export type AddressClass = 'loopback' | 'private' | 'public';

export function classifyAddress(address: string): AddressClass {
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 address in disguise.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (loopback.check(ip, family)) return 'loopback';
  if (nonPublic.check(ip, family)) return 'private';
  return 'public';
}

export function addressAllowed(address: string, policy: TargetPolicy): boolean {
  const kind = classifyAddress(address);
  return kind === 'public' || (kind === 'loopback' && policy.allowLoopback) || (kind === 'private' && policy.allowPrivateNetworks);
}

export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

/** Checks what can be checked without the network; returns the parsed URL. */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetRefusedError('not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefusedError('only http and https URLs are allowed');
  if (url.username || url.password) throw new TargetRefusedError('credentials in the URL are not allowed');
  if (url.hash) throw new TargetRefusedError('a URL fragment is not allowed');
  return url;
}

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets.
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

async function resolveAll(host: string): Promise<LookupAddress[]> {
  if (isIP(host)) return [{ address: host, family: isIP(host) }];
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/**
 * Refuses a URL whose host is, or resolves to, an address the policy does not allow (any one of its
 * addresses is enough to refuse). A name that does not resolve is refused at registration only.
 */
export async function assertTargetAllowed(text: string, policy: TargetPolicy): Promise<URL> {
  const url = parseWebhookUrl(text);
  const host = hostOf(url);
  if (host === 'localhost' || host.endsWith('.localhost')) {
    if (!policy.allowLoopback) throw new TargetRefusedError('loopback targets are not allowed');
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    throw new TargetRefusedError(`the host ${host} does not resolve`);
  }
  const refused = addresses.find((a) => !addressAllowed(a.address, policy));
  if (refused) {
    throw new TargetRefusedError(`the host ${host} resolves to a ${classifyAddress(refused.address)} address (${refused.address}), which is not allowed`);
  }
  return url;
}

/** A `lookup` for http(s).request that refuses disallowed addresses at connection time. */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => !addressAllowed(a.address, policy));
      if (refused || list.length === 0) {
        const reason = refused
          ? `${hostname} resolves to a ${classifyAddress(refused.address)} address (${refused.address}), which is not allowed`
          : `${hostname} has no address`;
        return callback(Object.assign(new TargetRefusedError(reason), { code: 'ETARGETREFUSED' }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
