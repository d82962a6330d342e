import { BlockList, isIP } from 'node:net';

/**
 * Which receivers a webhook may be sent to (server-side request forgery guard). `https` to a public
 * address always; `http` only to loopback and only with `allowHttpLoopback` (local development);
 * loopback addresses only with `allowHttpLoopback`; private, shared (CGNAT), link-local (cloud
 * metadata at 169.254.169.254) and unique-local addresses only with `allowPrivateNetworks`;
 * unspecified, multicast, broadcast and reserved addresses never.
 */
export interface WebhookUrlPolicy {
  allowHttpLoopback: boolean;
  allowPrivateNetworks: boolean;
}

export type AddressClass = 'public' | 'loopback' | 'private' | 'forbidden';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const privateNets = new BlockList();
for (const [net, prefix] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['192.0.0.0', 24],
  ['198.18.0.0', 15],
] as const) {
  privateNets.addSubnet(net, prefix, 'ipv4');
}
privateNets.addSubnet('fc00::', 7, 'ipv6');
privateNets.addSubnet('fe80::', 10, 'ipv6');

const forbidden = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv4');
}
forbidden.addAddress('::', 'ipv6');
forbidden.addSubnet('ff00::', 8, 'ipv6');

/** The class of one IP address (an IPv4-mapped IPv6 address is classed as its IPv4 address). */
export function classifyAddress(address: string): AddressClass {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (isIP(ip) === 0 || forbidden.check(ip, family)) {
    return 'forbidden';
  }
  if (loopback.check(ip, family)) {
    return 'loopback';
  }
  return privateNets.check(ip, family) ? 'private' : 'public';
}

/** Why `address` may not be used for a webhook URL of `protocol`, or undefined if it may. */
export function refuseAddress(protocol: string, address: string, policy: WebhookUrlPolicy): string | undefined {
  const kind = classifyAddress(address);
  if (protocol === 'http:' && !(kind === 'loopback' && policy.allowHttpLoopback)) {
    return policy.allowHttpLoopback
      ? `http is allowed to loopback only; ${address} is not loopback: use https`
      : 'use https (http is only allowed to loopback, with WEBHOOK_ALLOW_HTTP_LOOPBACK)';
  }
  switch (kind) {
    case 'public':
      return undefined;
    case 'loopback':
      return policy.allowHttpLoopback ? undefined : `resolves to loopback address ${address}, which is not allowed`;
    case 'private':
      return policy.allowPrivateNetworks
        ? undefined
        : `resolves to private or link-local address ${address}, which is not allowed`;
    case 'forbidden':
      return `resolves to ${address}, which is not a unicast address`;
  }
}

/** Why the URL's form (before any lookup) is refused, or undefined: scheme, credentials. */
export function refuseUrlForm(url: URL, policy: WebhookUrlPolicy): string | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'must be an https URL';
  }
  if (url.protocol === 'http:' && !policy.allowHttpLoopback) {
    return 'must be an https URL (http is only allowed to loopback, with WEBHOOK_ALLOW_HTTP_LOOPBACK)';
  }
  if (url.username || url.password) {
    return 'must not carry credentials; sign requests with the endpoint secret instead';
  }
  if (url.hash) {
    return 'must not have a fragment';
  }
  return undefined;
}
