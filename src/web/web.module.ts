import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ReferenceModule } from '../reference/reference.module';
import { HomeController } from './home/home.controller';
import { SignInController } from './sign-in/sign-in.controller';
import { PageNotFoundFilter } from './web-errors.filter';
import { WebGraphql } from './web-graphql';

/** The web pages: server-rendered GOV.UK pages that run the API's own operations in-process. */
@Module({
  imports: [ReferenceModule, CatalogueModule],
  controllers: [SignInController, HomeController],
  providers: [WebGraphql, { provide: APP_FILTER, useClass: PageNotFoundFilter }],
})
export class WebModule {}
