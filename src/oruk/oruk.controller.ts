import {
  Controller,
  Get,
  Param,
  Query,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Public } from '../auth/roles.decorator';
import { AppConfig } from '../config/app-config';
import openapi from './data/openapi.json';
import { FeedCacheInterceptor } from './feed-cache.interceptor';
import { FeedRateLimitGuard } from './feed-rate-limit.guard';
import { OrukExceptionFilter } from './oruk-exception.filter';
import { parseId, parseLocationQuery, parsePaging, parseServiceQuery } from './oruk-params';
import { OrukService } from './oruk.service';

type Json = Record<string, unknown>;
type QueryParams = Record<string, unknown>;

/**
 * The public, read-only Open Referral UK 3.0 feed of published interventions: no token, rate
 * limited per client address, readable from any origin, cacheable for a few minutes. Its links
 * start at PUBLIC_URL, never at the request's Host header (which anyone can forge, and a shared
 * cache would keep and serve to others).
 */
@Controller('oruk')
@Public()
@UseGuards(FeedRateLimitGuard)
@UseFilters(OrukExceptionFilter)
@UseInterceptors(FeedCacheInterceptor)
export class OrukController {
  private readonly feedUrl: string;

  constructor(
    private readonly oruk: OrukService,
    config: AppConfig,
  ) {
    this.feedUrl = `${config.publicUrl}/oruk`;
  }

  @Get()
  root(): Json {
    const base = this.feedUrl;
    return {
      version: 'HSDS-UK-3.0',
      profile: 'https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md',
      openapi_url: `${base}/openapi.json`,
    };
  }

  @Get('openapi.json')
  openapi(): Json {
    return { ...openapi, servers: [{ url: this.feedUrl, description: 'This feed' }] };
  }

  @Get('services')
  services(@Query() query: QueryParams): Promise<Json> {
    return this.oruk.services(parseServiceQuery(query), this.feedUrl);
  }

  @Get('services/:id')
  service(@Param('id') id: string): Promise<Json> {
    return this.oruk.service(parseId(id), this.feedUrl);
  }

  @Get('service_at_locations')
  serviceAtLocations(@Query() query: QueryParams): Promise<Json> {
    return this.oruk.serviceAtLocations(parseLocationQuery(query), this.feedUrl);
  }

  @Get('service_at_locations/:id')
  serviceAtLocation(@Param('id') id: string): Promise<Json> {
    return this.oruk.serviceAtLocation(parseId(id), this.feedUrl);
  }

  @Get('taxonomies')
  taxonomies(@Query() query: QueryParams): Promise<Json> {
    return this.oruk.taxonomies(parsePaging(query), this.feedUrl);
  }

  @Get('taxonomies/:id')
  taxonomy(@Param('id') id: string): Promise<Json> {
    return this.oruk.taxonomy(parseId(id), this.feedUrl);
  }

  @Get('taxonomy_terms')
  taxonomyTerms(@Query() query: QueryParams): Promise<Json> {
    return this.oruk.taxonomyTerms(parsePaging(query), this.feedUrl);
  }

  @Get('taxonomy_terms/:id')
  taxonomyTerm(@Param('id') id: string): Promise<Json> {
    return this.oruk.taxonomyTerm(parseId(id), this.feedUrl);
  }
}
