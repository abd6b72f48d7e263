// Which webhook URLs may be called. Only http(s), no credentials in the URL, and no loopback or
// private-range address unless configuration allows it: a webhook must not become a way to reach the
// worker's own network (cloud metadata at 169.254.169.254, databases on 10.x, the Temporal frontend).
// The check runs at registration and again at every attempt, on the addresses the connection will
// actually use (guardedLookup), so a DNS name that later resolves to a private address is refused too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface TargetPolicy {
  allowLoopback: boolean;
  allowPrivateNetworks: boolean;
}

/**
 * loopback: this machine. private: every address that is not public unicast (RFC 1918, shared, link-local,
 * documentation, multicast, reserved, site-local, and IPv6 transition forms that carry an IPv4 address:
 * IPv4-compatible, SIIT, NAT64, 6to4, Teredo), whose destination is not what it looks like.
 */
export type AddressClass = 'loopback' | 'private' | 'public';

// Public IPv6 unicast is 2000::/3 (RFC 4291 global unicast); everything outside it (::/96
// IPv4-compatible, fec0::/10, unassigned space) is not a place a webhook receiver lives.
const globalUnicast = ipaddr.IPv6.parse('2000::');

/**
 * The address class by ipaddr.js's range tables (a maintained library rather than our own list).
 * IPv4-mapped IPv6 (::ffff:127.0.0.1) is the IPv4 address itself to the kernel, so it is classified
 * as that; other ranges embedding IPv4 (ipaddr's rfc6145, rfc6052, 6to4, teredo) are private.
 * Anything that does not parse as an IP address is private: refused unless private networks are allowed.
 */
export function classifyAddress(address: string): AddressClass {
  if (!ipaddr.isValid(address)) return 'private';
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range === 'loopback') return 'loopback';
  if (range !== 'unicast') return 'private';
  if (ip.kind() === 'ipv6' && !(ip as ipaddr.IPv6).match(globalUnicast, 3)) return 'private';
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
  // Port 0 is no service: connecting to it fails or, on some stacks, means "any port".
  if (url.port === '0') throw new TargetRefusedError('port 0 is not allowed');
  return url;
}

/**
 * The refusal for an address. It names the class only: the address a name resolves to is the
 * operator's network layout, which the caller registering a URL has no business learning.
 */
function refusal(kind: AddressClass): TargetRefusedError {
  return Object.assign(new TargetRefusedError(`${kind} addresses are not allowed`), { code: 'ETARGETREFUSED' });
}

/** The URL's host when it is an IP literal and the policy refuses it; checked again at delivery. */
export function refusedLiteralHost(url: URL, policy: TargetPolicy): TargetRefusedError | null {
  const host = hostOf(url);
  if (!isIP(host) || addressAllowed(host, policy)) return null;
  return refusal(classifyAddress(host));
}

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets.
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

async function resolveAll(host: string): Promise<LookupAddress[]> {
  if (isIP(host)) return [{ address: host, family: isIP(host) }];
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
}

/**
 * Refuses a URL whose host is, or resolves to, an address the policy does not allow (any one of its
 * addresses is enough to refuse). A name that does not resolve is refused at registration only.
 */
export async function assertTargetAllowed(text: string, policy: TargetPolicy): Promise<URL> {
  const url = parseWebhookUrl(text);
  const host = hostOf(url);
  if (host === 'localhost' || host.endsWith('.localhost')) {
    if (!policy.allowLoopback) throw refusal('loopback');
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    throw new TargetRefusedError(`the host ${host} does not resolve`);
  }
  const refused = addresses.find((a) => !addressAllowed(a.address, policy));
  if (refused) throw refusal(classifyAddress(refused.address));
  return url;
}

/**
 * A `lookup` for http(s).request that refuses disallowed addresses at connection time: the socket
 * connects only to addresses this function returned, all of which it checked, so a name re-pointed at
 * a private address after the registration check (DNS rebinding) is refused, not connected to. Node
 * skips `lookup` for IP literals: postWebhook checks those itself (refusedLiteralHost).
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => !addressAllowed(a.address, policy));
      if (refused) return callback(refusal(classifyAddress(refused.address)), '', 0);
      if (list.length === 0) {
        return callback(Object.assign(new TargetRefusedError(`${hostname} has no address`), { code: 'ETARGETREFUSED' }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
