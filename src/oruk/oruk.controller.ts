import { Controller, Get, Param, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { Request } from 'express';
import { Public } from '../auth/roles.decorator';
import openapi from './data/openapi.json';
import { FeedRateLimitGuard } from './feed-rate-limit.guard';
import { OrukExceptionFilter } from './oruk-exception.filter';
import { parseId, parseLocationQuery, parsePaging, parseServiceQuery } from './oruk-params';
import { OrukService } from './oruk.service';

type Json = Record<string, unknown>;
type QueryParams = Record<string, unknown>;

/** Where the feed is served, as the client reached it. */
function feedUrl(request: Request): string {
  return `${request.protocol}://${request.get('host')}/oruk`;
}

/**
 * The public, read-only Open Referral UK 3.0 feed of published interventions: no token, rate
 * limited per client address, readable from any origin.
 */
@Controller('oruk')
@Public()
@UseGuards(FeedRateLimitGuard)
@UseFilters(OrukExceptionFilter)
export class OrukController {
  constructor(private readonly oruk: OrukService) {}

  @Get()
  root(@Req() request: Request): Json {
    const base = feedUrl(request);
    return {
      version: 'HSDS-UK-3.0',
      profile: 'https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md',
      openapi_url: `${base}/openapi.json`,
    };
  }

  @Get('openapi.json')
  openapi(@Req() request: Request): Json {
    return { ...openapi, servers: [{ url: feedUrl(request), description: 'This feed' }] };
  }

  @Get('services')
  services(@Query() query: QueryParams, @Req() request: Request): Promise<Json> {
    return this.oruk.services(parseServiceQuery(query), feedUrl(request));
  }

  @Get('services/:id')
  service(@Param('id') id: string, @Req() request: Request): Promise<Json> {
    return this.oruk.service(parseId(id), feedUrl(request));
  }

  @Get('service_at_locations')
  serviceAtLocations(@Query() query: QueryParams, @Req() request: Request): Promise<Json> {
    return this.oruk.serviceAtLocations(parseLocationQuery(query), feedUrl(request));
  }

  @Get('service_at_locations/:id')
  serviceAtLocation(@Param('id') id: string, @Req() request: Request): Promise<Json> {
    return this.oruk.serviceAtLocation(parseId(id), feedUrl(request));
  }

  @Get('taxonomies')
  taxonomies(@Query() query: QueryParams, @Req() request: Request): Promise<Json> {
    return this.oruk.taxonomies(parsePaging(query), feedUrl(request));
  }

  @Get('taxonomies/:id')
  taxonomy(@Param('id') id: string, @Req() request: Request): Promise<Json> {
    return this.oruk.taxonomy(parseId(id), feedUrl(request));
  }

  @Get('taxonomy_terms')
  taxonomyTerms(@Query() query: QueryParams, @Req() request: Request): Promise<Json> {
    return this.oruk.taxonomyTerms(parsePaging(query), feedUrl(request));
  }

  @Get('taxonomy_terms/:id')
  taxonomyTerm(@Param('id') id: string, @Req() request: Request): Promise<Json> {
    return this.oruk.taxonomyTerm(parseId(id), feedUrl(request));
  }
}
