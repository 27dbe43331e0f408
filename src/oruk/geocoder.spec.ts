import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { GeocoderUnavailableError, HttpPostcodeGeocoder } from './geocoder';

describe('HttpPostcodeGeocoder (postcodes.io-compatible)', () => {
  let server: Server;
  let base: string;
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url === '/postcodes/LS14AP') {
        res.end(JSON.stringify({ status: 200, result: { latitude: 53.7965, longitude: -1.5478 } }));
      } else if (req.url === '/postcodes/BROKEN1') {
        res.statusCode = 500;
        res.end('{}');
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ status: 404, error: 'Postcode not found' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('places a postcode it knows, asking for it without spaces', async () => {
    await expect(new HttpPostcodeGeocoder(base).locate('ls1 4ap')).resolves.toEqual({
      lat: 53.7965,
      lng: -1.5478,
    });
    expect(asked).toContain('/postcodes/LS14AP');
  });

  it('answers null for a postcode it does not know', async () => {
    await expect(new HttpPostcodeGeocoder(base).locate('ZZ9 9ZZ')).resolves.toBeNull();
  });

  it('says the service is unavailable when it fails or cannot be reached', async () => {
    await expect(new HttpPostcodeGeocoder(base).locate('BROKEN1')).rejects.toThrow(
      GeocoderUnavailableError,
    );
    await expect(new HttpPostcodeGeocoder('http://127.0.0.1:1').locate('LS1 4AP')).rejects.toThrow(
      GeocoderUnavailableError,
    );
  });
});
