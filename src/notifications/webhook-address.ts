import { Injectable } from '@nestjs/common';
import { AppConfig, normaliseHostName } from '../config/app-config';
import { HostResolver, ResolvedAddress } from './host-resolver';
import { canonicalIp, isInternalAddress } from './internal-address';

/** Why a webhook's receiver may not be reached now. */
export type AddressRefusal =
  /** Its host is, or resolves to, an internal address (loopback, private...). */
  | 'ADDRESS_NOT_ALLOWED'
  /** Plain http to a host that is not listed in WEBHOOK_ALLOWED_HOSTS. */
  | 'PLAIN_HTTP'
  /** Its host name has no address (or the lookup failed). */
  | 'NOT_RESOLVED'
  /** Looking its host name up took too long. */
  | 'TIMED_OUT';

export type AddressCheck =
  { ok: true; address: ResolvedAddress } | { ok: false; refusal: AddressRefusal };

/** The host of a URL without the brackets of an IPv6 literal, as the resolver and TLS take it. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function listed(host: string, allowedHosts: readonly string[]): boolean {
  const ip = canonicalIp(host);
  return allowedHosts.some((allowed) =>
    ip ? canonicalIp(allowed) === ip : allowed === normaliseHostName(host),
  );
}

/**
 * Whether a receiver may be reached at the addresses its host resolved to, and at which one:
 * refused if ANY of them is internal, unless the host name or that address is listed in
 * `allowedHosts` (tests and local development; always empty in production). Plain http only to
 * listed hosts. Pure: the caller resolves, and then connects only to the address returned.
 */
export function judgeAddresses(
  url: URL,
  addresses: readonly ResolvedAddress[],
  allowedHosts: readonly string[],
): AddressCheck {
  if (addresses.length === 0) return { ok: false, refusal: 'NOT_RESOLVED' };
  const nameListed = listed(hostOf(url), allowedHosts);
  const allListed = addresses.every((a) => listed(a.address, allowedHosts));
  if (
    !nameListed &&
    addresses.some((a) => isInternalAddress(a.address) && !listed(a.address, allowedHosts))
  ) {
    return { ok: false, refusal: 'ADDRESS_NOT_ALLOWED' };
  }
  if (url.protocol !== 'https:' && !nameListed && !allListed) {
    return { ok: false, refusal: 'PLAIN_HTTP' };
  }
  return { ok: true, address: addresses[0] };
}

/**
 * Resolves a webhook's host once and judges every address ({@link judgeAddresses}): at
 * registration, and again before every attempt, whose connection then goes to the address
 * checked here and nowhere else (no second lookup: a name that rebinds meanwhile changes nothing).
 */
@Injectable()
export class WebhookAddressGuard {
  constructor(
    private readonly resolver: HostResolver,
    private readonly config: AppConfig,
  ) {}

  async check(url: URL, timeoutMs: number, signal?: AbortSignal): Promise<AddressCheck> {
    const host = hostOf(url);
    const literal = canonicalIp(host);
    let addresses: ResolvedAddress[];
    if (literal) {
      addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
    } else {
      // `localhost.` is `localhost`: the name is looked up without its trailing dot.
      const name = host.replace(/\.+$/, '');
      if (name === '') return { ok: false, refusal: 'NOT_RESOLVED' };
      const found = await this.lookupWithin(name, timeoutMs, signal);
      if (found === 'TIMED_OUT' || found === 'NOT_RESOLVED') return { ok: false, refusal: found };
      addresses = found;
    }
    return judgeAddresses(url, addresses, this.config.webhooks.allowedHosts);
  }

  /** The system resolver cannot be cancelled: a slow lookup is abandoned, not awaited. */
  private lookupWithin(
    name: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<ResolvedAddress[] | 'TIMED_OUT' | 'NOT_RESOLVED'> {
    return new Promise((resolve) => {
      const timedOut = () => finish('TIMED_OUT');
      const timer = setTimeout(timedOut, timeoutMs);
      signal?.addEventListener('abort', timedOut, { once: true });
      function finish(result: ResolvedAddress[] | 'TIMED_OUT' | 'NOT_RESOLVED') {
        clearTimeout(timer);
        signal?.removeEventListener('abort', timedOut);
        resolve(result);
      }
      if (signal?.aborted) return finish('TIMED_OUT');
      this.resolver.lookup(name).then(
        (found) => finish(found),
        () => finish('NOT_RESOLVED'),
      );
    });
  }
}
