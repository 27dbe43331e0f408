import { ResolvedAddress } from './host-resolver';
import { judgeAddresses } from './webhook-address';

const at = (...addresses: string[]): ResolvedAddress[] =>
  addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('judging the addresses a receiver resolved to', () => {
  it('allows a public address, and connects to the first one checked', () => {
    const check = judgeAddresses(
      new URL('https://hooks.example.org/x'),
      at('93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'),
      [],
    );
    expect(check).toEqual({ ok: true, address: { address: '93.184.215.14', family: 4 } });
  });

  it.each([
    ['https://localhost/x', ['127.0.0.1']],
    ['https://localhost./x', ['127.0.0.1', '::1']],
    ['https://wildcard.10.0.0.1.nip.example/x', ['10.0.0.1']],
    ['https://split.example.org/x', ['93.184.215.14', '192.168.1.1']],
    ['https://mapped.example.org/x', ['::ffff:127.0.0.1']],
    ['https://[::7f00:1]/x', ['::7f00:1']],
    ['https://[fec0::1]/x', ['fec0::1']],
    ['https://metadata.example.org/x', ['169.254.169.254']],
  ])('refuses %s when ANY address (%j) is internal', (url, addresses) => {
    expect(judgeAddresses(new URL(url), at(...addresses), [])).toEqual({
      ok: false,
      refusal: 'ADDRESS_NOT_ALLOWED',
    });
  });

  it('refuses a name with no address', () => {
    expect(judgeAddresses(new URL('https://nowhere.example/'), [], ['nowhere.example'])).toEqual({
      ok: false,
      refusal: 'NOT_RESOLVED',
    });
  });

  it('allows internal addresses only when the address or the host name is listed', () => {
    const local = new URL('http://receiver.test:4000/x');
    expect(judgeAddresses(local, at('127.0.0.1'), ['127.0.0.1']).ok).toBe(true);
    expect(judgeAddresses(local, at('127.0.0.1'), ['receiver.test']).ok).toBe(true);
    expect(judgeAddresses(local, at('127.0.0.1', '::1'), ['127.0.0.1'])).toEqual({
      ok: false,
      refusal: 'ADDRESS_NOT_ALLOWED',
    });
    expect(judgeAddresses(local, at('127.0.0.2'), ['127.0.0.1']).ok).toBe(false);
    expect(judgeAddresses(new URL('http://[::1]:4000/'), at('::1'), ['::1']).ok).toBe(true);
    expect(judgeAddresses(new URL('http://[::1]:4000/'), at('::1'), ['0:0::1']).ok).toBe(true);
  });

  it('allows plain http only to a listed host', () => {
    expect(judgeAddresses(new URL('http://hooks.example.org/'), at('93.184.215.14'), [])).toEqual({
      ok: false,
      refusal: 'PLAIN_HTTP',
    });
    expect(
      judgeAddresses(new URL('http://hooks.example.org/'), at('93.184.215.14'), [
        'hooks.example.org',
      ]).ok,
    ).toBe(true);
  });
});
