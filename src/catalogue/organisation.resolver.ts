import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ContractPackageArea } from '../reference/reference.models';
import { ReferenceService } from '../reference/reference.service';
import { CreateOrganisationInput, OrganisationsArgs } from './catalogue.inputs';
import { Organisation, OrganisationConnection } from './catalogue.models';
import { OrganisationsService } from './organisations.service';

@Resolver(() => Organisation)
export class OrganisationResolver {
  constructor(
    private readonly organisationsService: OrganisationsService,
    private readonly reference: ReferenceService,
  ) {}

  @Query(() => OrganisationConnection, { description: 'Providers on the marketplace, by name.' })
  @AnyRole()
  organisations(@Args() args: OrganisationsArgs): Promise<OrganisationConnection> {
    return this.organisationsService.organisations(args);
  }

  @Query(() => Organisation, {
    nullable: true,
    description: 'One provider. An unknown id answers null with a NOT_FOUND error.',
  })
  @AnyRole()
  organisation(
    @Args('id', { type: () => ID, description: 'Organisation id.' }) id: string,
  ): Promise<Organisation | null> {
    return this.organisationsService.organisation(id);
  }

  @Mutation(() => Organisation, { description: 'Adds an organisation to the marketplace (ADMIN).' })
  @Roles(Role.ADMIN)
  createOrganisation(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'The organisation.' }) input: CreateOrganisationInput,
  ): Promise<Organisation> {
    return this.organisationsService.createOrganisation(caller, input);
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
    return this.organisationsService.setPublishPricesOpenly(caller, organisationId, publish);
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
