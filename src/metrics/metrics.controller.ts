import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public } from '../auth/roles.decorator';
import { UnauthenticatedError } from '../common/errors';
import { HttpErrorsFilter } from '../common/http-errors.filter';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

/** Whether `given` is the expected token, in time that does not depend on where they differ. */
function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus metrics. Open outside production; in production only with
 * `Authorization: Bearer <METRICS_TOKEN>` (and closed to everyone when METRICS_TOKEN is unset):
 * 401 UNAUTHENTICATED otherwise. Not a user's route: the JWTs of the API are not accepted here.
 */
@Controller('metrics')
@UseFilters(HttpErrorsFilter)
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @SkipThrottle()
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (this.config.isProduction) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
      if (!match) {
        response.setHeader('www-authenticate', 'Bearer');
        throw new UnauthenticatedError('Metrics need the metrics token', 'NOT_SIGNED_IN');
      }
      const expected = this.config.operations.metricsToken;
      if (!expected || !sameToken(match[1], expected)) {
        response.setHeader('www-authenticate', 'Bearer');
        throw new UnauthenticatedError('Not the metrics token', 'INVALID_TOKEN');
      }
    }
    const { contentType, body } = await this.metrics.scrape();
    response.setHeader('content-type', contentType);
    response.setHeader('cache-control', 'no-store');
    response.send(body);
  }
}
