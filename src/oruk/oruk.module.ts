import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { CatalogueReadModel } from '../catalogue/catalogue-read-model';
import { AppConfig } from '../config/app-config';
import { ReferenceModule } from '../reference/reference.module';
import { Geocoder, HttpPostcodeGeocoder, KnownVenuesGeocoder } from './geocoder';
import { OrukController } from './oruk.controller';
import { OrukService } from './oruk.service';

/** Any origin may read the feed; preflight requests are answered here, before routing. */
function corsForFeed(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Access-Control-Allow-Origin', '*');
  if (request.method === 'OPTIONS') {
    response.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
    response.setHeader('Access-Control-Allow-Headers', '*');
    response.setHeader('Access-Control-Max-Age', '86400');
    response.status(204).end();
    return;
  }
  next();
}

/** The Open Referral UK 3.0 feed, with its own rate limit (FeedRateLimitGuard) and CORS. */
@Module({
  imports: [CatalogueModule, ReferenceModule],
  controllers: [OrukController],
  providers: [
    OrukService,
    {
      provide: Geocoder,
      inject: [AppConfig, CatalogueReadModel],
      useFactory: (config: AppConfig, catalogue: CatalogueReadModel): Geocoder =>
        config.geocoderUrl
          ? new HttpPostcodeGeocoder(config.geocoderUrl)
          : new KnownVenuesGeocoder(catalogue),
    },
  ],
  exports: [Geocoder],
})
export class OrukModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(corsForFeed)
      .forRoutes(
        { path: 'oruk', method: RequestMethod.ALL },
        { path: 'oruk/*path', method: RequestMethod.ALL },
      );
  }
}
