import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_FILTER } from '@nestjs/core';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrukModule } from '../oruk/oruk.module';
import { ReferenceModule } from '../reference/reference.module';
import { DeliveryController } from './delivery/delivery.controller';
import { CommissioningController } from './commissioning/commissioning.controller';
import { FindController } from './find/find.controller';
import { ListingController } from './listing/listing.controller';
import { HomeController } from './home/home.controller';
import { ListingsController } from './listings/listings.controller';
import { RateCardImportController } from './listings/rate-card-import.controller';
import { OidcSignIn } from './sign-in/oidc-sign-in';
import { SignInController } from './sign-in/sign-in.controller';
import { BuyController } from './referrals/buy.controller';
import { ReferralsController } from './referrals/referrals.controller';
import { PageNotFoundFilter } from './web-errors.filter';
import { WebGraphql } from './web-graphql';
import { ReviewController } from './review/review.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { SupplyChainsController } from './supply-chains/supply-chains.controller';
import { ApplicationsController } from './framework/applications.controller';
import { DeclarationsController } from './framework/declarations.controller';
import { JoinController } from './framework/join.controller';
import { EmailsController } from './emails/emails.controller';

/** The web pages: server-rendered GOV.UK pages that run the API's own operations in-process. */
@Module({
  imports: [ReferenceModule, CatalogueModule, OrukModule, AuthModule, NotificationsModule],
  controllers: [
    SignInController,
    HomeController,
    FindController,
    ListingController,
    // Suppliers' listings: the import's and the review's fixed paths before /listings/:id.
    RateCardImportController,
    ReviewController,
    ListingsController,
    DeliveryController,
    // Joining: webhooks, applying to join, declarations, the applications to decide.
    WebhooksController,
    JoinController,
    ApplicationsController,
    DeclarationsController,
    // Purchasers: buy a place, my referrals, a referral.
    BuyController,
    ReferralsController,
    // Commissioners' pages (issue 17).
    CommissioningController,
    // Emails: each person's settings, and the development mailbox (issue 20).
    EmailsController,
    // The supply-chain manager's view (issue 19).
    SupplyChainsController,
  ],
  providers: [WebGraphql, OidcSignIn, { provide: APP_FILTER, useClass: PageNotFoundFilter }],
})
export class WebModule {}
