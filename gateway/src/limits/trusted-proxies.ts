import net from 'node:net';

/**
 * The balancers in front of the gateway (TRUSTED_PROXIES: addresses and CIDR ranges). Behind
 * one, every connection comes from the balancer: without this, every anonymous shopper would
 * share one rate limit and one connection cap. A connection from a trusted proxy is counted
 * against the right-most address in its X-Forwarded-For that is not itself a trusted proxy
 * (the one the last trusted hop saw); from anywhere else the header is ignored, so a client
 * cannot pick the address it is counted against.
 */
export class TrustedProxies {
  private readonly list = new net.BlockList();
  readonly any: boolean;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address, prefix] = entry.split('/') as [string, string | undefined];
      const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(prefix), type);
    }
    this.any = entries.length > 0;
  }

  /** The client's address: the peer, or, from a trusted proxy, what it forwarded. */
  clientOf(peer: string, forwardedFor: string | string[] | undefined): string {
    const address = unmapped(peer);
    if (!this.any || !this.trusts(address) || forwardedFor === undefined) return address;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((hop) => unmapped(hop.trim()))
      .filter((hop) => net.isIP(hop) !== 0);
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      const hop = hops[i];
      if (!this.trusts(hop)) return hop;
    }
    return hops[0] ?? address;
  }

  private trusts(address: string): boolean {
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    return net.isIP(address) !== 0 && this.list.check(address, type);
  }
}

/** Checks a TRUSTED_PROXIES entry: an IPv4 or IPv6 address, optionally with a /prefix. */
export function validTrustedProxy(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !address || net.isIP(address) === 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return Number.isInteger(bits) && bits >= 0 && bits <= (net.isIPv6(address) ? 128 : 32);
}

/** An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; it is the same client as a.b.c.d. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
