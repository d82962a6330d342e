import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

import { WebhookError } from '../domain/webhook-errors';
import { refuseAddress, refuseUrlForm, type WebhookUrlPolicy } from '../domain/webhook-url-policy';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address of a host name (injectable for tests). */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithDns: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });

const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks a webhook URL at registration: its form, then every address its host resolves to (all must
 * be allowed: a name with one public and one private address is refused). Throws URL_NOT_ALLOWED
 * naming `field`. The same check runs again at every delivery (`createGuardedLookup`), since DNS can
 * change after registration.
 */
export async function checkWebhookUrl(
  raw: string,
  policy: WebhookUrlPolicy,
  resolveHost: ResolveHost = resolveWithDns,
  field = 'url',
): Promise<URL> {
  const refuse = (reason: string) => new WebhookError('URL_NOT_ALLOWED', `${raw}: ${reason}`, field);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('not a URL');
  }
  const formIssue = refuseUrlForm(url, policy);
  if (formIssue) {
    throw refuse(formIssue);
  }
  const host = hostOf(url);
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolveHost(host).catch(() => []);
  if (addresses.length === 0) {
    throw refuse(`host ${host} does not resolve`);
  }
  for (const { address } of addresses) {
    const issue = refuseAddress(url.protocol, address, policy);
    if (issue) {
      throw refuse(issue);
    }
  }
  return url;
}

/**
 * A `lookup` for `http.request` that resolves with `dns.lookup` and refuses disallowed addresses:
 * the connection goes to the address that was checked, so a DNS answer that changes between the
 * check and the connect (rebinding) cannot reach an internal address. IP-literal hosts skip
 * `lookup` in Node, so the sender checks those with `checkWebhookUrl` first.
 */
export function createGuardedLookup(protocol: string, policy: WebhookUrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const refused = addresses.map(({ address }) => refuseAddress(protocol, address, policy)).find(Boolean);
      if (refused || addresses.length === 0) {
        callback(new Error(`${hostname} ${refused ?? 'does not resolve'}`), '', 0);
        return;
      }
      const wanted = addresses.filter(({ family }) => !options.family || family === options.family);
      const usable = wanted.length > 0 ? wanted : addresses;
      if (options.all) {
        (callback as unknown as (err: null, all: ResolvedAddress[]) => void)(null, usable);
        return;
      }
      const [first] = usable;
      callback(null, first?.address ?? '', first?.family ?? 4);
    });
  };
}
