import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Looks a host name up as the operating system does (`/etc/hosts`, then DNS), every address it
 * has. A provider of its own so tests can stand in for DNS (a public name, a name that later
 * rebinds to 127.0.0.1) without an internet connection.
 */
@Injectable()
export class HostResolver {
  async lookup(hostname: string): Promise<ResolvedAddress[]> {
    const found = await lookup(hostname, { all: true, verbatim: true });
    return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  }
}
