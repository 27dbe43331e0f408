import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { OrukModule } from '../oruk/oruk.module';
import { ReferenceModule } from '../reference/reference.module';
import { FindController } from './find/find.controller';
import { ListingController } from './listing/listing.controller';
import { HomeController } from './home/home.controller';
import { SignInController } from './sign-in/sign-in.controller';
import { PageNotFoundFilter } from './web-errors.filter';
import { WebGraphql } from './web-graphql';

/** The web pages: server-rendered GOV.UK pages that run the API's own operations in-process. */
@Module({
  imports: [ReferenceModule, CatalogueModule, OrukModule],
  controllers: [SignInController, HomeController, FindController, ListingController],
  providers: [WebGraphql, { provide: APP_FILTER, useClass: PageNotFoundFilter }],
})
export class WebModule {}
