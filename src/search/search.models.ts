import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { OrganisationKind } from '../catalogue/catalogue.enums';
import { Intervention } from '../catalogue/catalogue.models';
import { ConnectionFields, EdgeFields } from '../common/paging';
import { FactorCode } from '../reference/factor-code';

@ObjectType('InterventionSearchEdge', { description: 'One search result.' })
export class InterventionSearchEdge extends EdgeFields(Intervention, 'The listing.') {
  @Field(() => Float, {
    nullable: true,
    description: 'Km from the point searched around to the nearest venue (with `near`).',
  })
  distanceKm!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "The provider's contribution score for the listing's best matching factor (the baseline when never judged): ContributionScore.score, whose denominator is the factor judgements made on referrals the provider delivered plus the prior strength.",
  })
  contributionScore!: number | null;

  @Field(() => Int, { description: 'Judgements behind contributionScore: the evidence.' })
  contributionJudged!: number;

  @Field(() => FactorCode, { nullable: true, description: 'The factor contributionScore is for.' })
  contributionFactor!: FactorCode | null;
}

@ObjectType('FactorFacet', { description: 'How many results address a factor.' })
export class FactorFacet {
  @Field(() => FactorCode, { description: 'The factor.' })
  factor!: FactorCode;

  @Field(() => Int, { description: 'Results addressing it.' })
  count!: number;
}

@ObjectType('ProviderKindFacet', { description: 'How many results come from a kind of provider.' })
export class ProviderKindFacet {
  @Field(() => OrganisationKind, { description: 'The kind.' })
  kind!: OrganisationKind;

  @Field(() => Int, { description: 'Results from providers of that kind.' })
  count!: number;
}

@ObjectType('SearchFacets', {
  description: 'Counts over every result of the search, not just this page.',
})
export class SearchFacets {
  @Field(() => [FactorFacet], { description: 'Results per factor.' })
  factors!: FactorFacet[];

  @Field(() => [ProviderKindFacet], { description: 'Results per kind of provider.' })
  providerKinds!: ProviderKindFacet[];
}

@ObjectType('InterventionSearchConnection', {
  description: 'A page of search results with totals and facets.',
})
export class InterventionSearchConnection extends ConnectionFields(
  InterventionSearchEdge,
  Intervention,
  {
    description: 'A page of search results with totals and facets.',
    edges: 'Results on this page.',
    totalCount: 'Results over all pages.',
  },
) {
  @Field(() => SearchFacets, {
    description: 'Counts by factor and provider kind over all results.',
  })
  facets!: SearchFacets;
}
