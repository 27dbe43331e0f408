import { request as httpRequest, OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { LookupFunction } from 'node:net';
import { ResolvedAddress } from './host-resolver';
import { hostOf } from './webhook-address';

/**
 * POSTs `body` to `url`, connecting to `address` (the one already checked) and nowhere else: the
 * socket's lookup answers with it instead of asking DNS again, while the Host header and TLS
 * (SNI, certificate) still use the URL's host name. A fresh connection each time (no pooled
 * socket chosen by name). Resolves with the HTTP status once the answer's head arrives; the
 * answer's body is read and dropped.
 */
export function postToAddress(
  url: URL,
  address: ResolvedAddress,
  headers: OutgoingHttpHeaders,
  body: string,
  signal: AbortSignal,
): Promise<number> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)({
      protocol: url.protocol,
      hostname: hostOf(url),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      lookup: pinned,
      agent: false,
      signal,
    });
    request.on('response', (response) => {
      response.on('error', () => undefined);
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end(body);
  });
}
