import { Logger } from '@nestjs/common';
import { CatalogueReadModel } from '../catalogue/catalogue-read-model';
import { DomainError } from '../common/errors';

export interface GeoPoint {
  lat: number;
  lng: number;
}

/** The geocoding service did not answer: not the caller's fault (503). */
export class GeocoderUnavailableError extends DomainError {
  readonly code = 'INTERNAL_SERVER_ERROR';

  constructor(message: string) {
    super(message, 'GEOCODER_UNAVAILABLE');
  }
}

/** Port: where a UK postcode is, or null when it cannot be placed. */
export abstract class Geocoder {
  abstract locate(postcode: string): Promise<GeoPoint | null>;
}

/**
 * A postcodes.io-compatible API (`GET {base}/postcodes/{postcode}` answers
 * `{ result: { latitude, longitude } }`, 404 for an unknown postcode), set by GEOCODER_URL.
 */
export class HttpPostcodeGeocoder extends Geocoder {
  private readonly logger = new Logger(HttpPostcodeGeocoder.name);

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 3000,
  ) {
    super();
  }

  async locate(postcode: string): Promise<GeoPoint | null> {
    const compact = postcode.replace(/\s+/g, '').toUpperCase();
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/postcodes/${encodeURIComponent(compact)}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      this.logger.warn(
        `Geocoder unreachable: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw new GeocoderUnavailableError(
        'The postcode lookup service is not answering; try again later',
      );
    }
    if (response.status === 404) return null;
    if (!response.ok) {
      this.logger.warn(`Geocoder answered ${response.status}`);
      throw new GeocoderUnavailableError(
        'The postcode lookup service is not answering; try again later',
      );
    }
    const body = (await response.json().catch(() => null)) as {
      result?: { latitude?: unknown; longitude?: unknown } | null;
    } | null;
    const { latitude, longitude } = body?.result ?? {};
    return typeof latitude === 'number' && typeof longitude === 'number'
      ? { lat: latitude, lng: longitude }
      : null;
  }
}

/** Without a geocoding service: the postcodes of venues already in the catalogue. */
export class KnownVenuesGeocoder extends Geocoder {
  constructor(private readonly catalogue: CatalogueReadModel) {
    super();
  }

  locate(postcode: string): Promise<GeoPoint | null> {
    return this.catalogue.knownPostcodeLocation(postcode);
  }
}
