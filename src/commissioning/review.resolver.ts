import { Args, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { RateCardReviewArgs, ServicesAtRiskArgs } from './reports.inputs';
import { RateCardReviewRow, ServiceAtRisk } from './review.models';
import { ReviewService } from './review.service';

@Resolver()
export class ReviewResolver {
  constructor(private readonly review: ReviewService) {}

  @Query(() => [RateCardReviewRow], {
    description:
      'The rate card review: every listing on a provider’s rate card (PUBLISHED or SUSPENDED) with its rationale, the demand for its needs in its areas, purchases, places used and offered, outcomes, and a verdict (USED, UNDERUSED, UNUSED, UNMET; thresholds in docs/rate-card-review.md). Commissioners and admins for any provider; suppliers for their own. An unknown provider is NOT_FOUND. CSV: GET /reports/rateCardReview.csv.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN, Role.SUPPLIER)
  rateCardReview(
    @CurrentCaller() caller: Caller,
    @Args() args: RateCardReviewArgs,
  ): Promise<RateCardReviewRow[]> {
    return this.review.rateCardReview(caller, args);
  }

  @Query(() => [ServiceAtRisk], {
    description:
      'Stewardship of specialist services: listings that are the only one of their kind for a need in a PCC area (the only one with a specialist adaptation such as women-only, or whose provider is the only one offering the need there) and at risk (no purchase in 6 months, suspended, stale, or a subcontract ending within 90 days). One row per listing, area and need. Division commissioners see their division only. CSV: GET /reports/servicesAtRisk.csv.',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  servicesAtRisk(
    @CurrentCaller() caller: Caller,
    @Args() args: ServicesAtRiskArgs,
  ): Promise<ServiceAtRisk[]> {
    return this.review.servicesAtRisk(caller, args);
  }
}
