import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ContractPackageArea } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import { OrganisationKind } from './catalogue.enums';
import { CreateOrganisationInput } from './catalogue.inputs';
import { Organisation } from './catalogue.models';
import { CatalogueService } from './catalogue.service';

@Resolver(() => Organisation)
export class OrganisationResolver {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly reference: ReferenceService,
  ) {}

  @Query(() => [Organisation], { description: 'Providers on the marketplace, by name.' })
  @AnyRole()
  organisations(
    @Args('kind', { type: () => OrganisationKind, nullable: true, description: 'Only this kind.' })
    kind?: OrganisationKind,
  ): Promise<Organisation[]> {
    return this.catalogue.organisations(kind);
  }

  @Query(() => Organisation, { description: 'One provider.' })
  @AnyRole()
  organisation(
    @Args('id', { type: () => ID, description: 'Organisation id.' }) id: string,
  ): Promise<Organisation> {
    return this.catalogue.organisation(id);
  }

  @Mutation(() => Organisation, { description: 'Adds an organisation to the marketplace (ADMIN).' })
  @Roles(Role.ADMIN)
  createOrganisation(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'The organisation.' }) input: CreateOrganisationInput,
  ): Promise<Organisation> {
    return this.catalogue.createOrganisation(caller, input);
  }

  @Mutation(() => Organisation, {
    description:
      "Whether the organisation's prices in force appear in the public Open Referral UK feed (its own SUPPLIER, or ADMIN). Off by default.",
  })
  @Roles(Role.SUPPLIER, Role.ADMIN)
  setPublishPricesOpenly(
    @CurrentCaller() caller: Caller,
    @Args('organisationId', { type: () => ID, description: 'The organisation.' })
    organisationId: string,
    @Args('publish', { description: 'True to publish its prices openly, false to stop.' })
    publish: boolean,
  ): Promise<Organisation> {
    return this.catalogue.setPublishPricesOpenly(caller, organisationId, publish);
  }

  @ResolveField(() => ContractPackageArea, {
    nullable: true,
    description: 'The contract package area a CRC holds.',
  })
  async contractPackageArea(
    @Parent() organisation: Organisation,
  ): Promise<ContractPackageArea | null> {
    if (!organisation.contractPackageAreaCode) return null;
    return (
      (await this.reference.data()).contractPackageAreaByCode.get(
        organisation.contractPackageAreaCode,
      ) ?? null
    );
  }
}
