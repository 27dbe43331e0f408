import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { CatalogueReadModel } from '../catalogue/catalogue-read-model';
import { Intervention, Organisation } from '../catalogue/catalogue.models';
import { DateScalar } from '../common/scalars';
import {
  CreateSubcontractInput,
  SupplyChainArgs,
  UpdateSubcontractInput,
} from './supply-chains.inputs';
import { Subcontract, SupplyChain, SupplyChainMember } from './supply-chains.models';
import { SupplyChainsService } from './supply-chains.service';

const READERS = [Role.SUPPLIER, Role.COMMISSIONER, Role.ADMIN];
const idArg = { type: () => ID, description: 'The subcontract.' };

@Resolver(() => Subcontract)
export class SubcontractResolver {
  constructor(
    private readonly supplyChains: SupplyChainsService,
    private readonly catalogue: CatalogueReadModel,
  ) {}

  @Query(() => Subcontract, {
    nullable: true,
    description:
      'One subcontract: for the suppliers of either party, commissioners and admins. An unknown id, or one you may not see, answers null with a NOT_FOUND error.',
  })
  @Roles(...READERS)
  subcontract(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
  ): Promise<Subcontract | null> {
    return this.supplyChains.subcontract(caller, id);
  }

  @Query(() => [Subcontract], {
    description:
      "The subcontracts an organisation is a party to, as prime or subcontractor, newest first: its own suppliers', commissioners' and admins'.",
  })
  @Roles(...READERS)
  subcontracts(
    @CurrentCaller() caller: Caller,
    @Args('organisationId', { type: () => ID, description: 'The organisation.' })
    organisationId: string,
  ): Promise<Subcontract[]> {
    return this.supplyChains.subcontractsOf(caller, organisationId);
  }

  @Query(() => SupplyChain, {
    description:
      "A prime's supply chain (the supply-chain manager's view): each member's listings, referrals, income passed through and outcomes, and subcontracts ending within 90 days. For the prime's suppliers; read-only for commissioners and admins.",
  })
  @Roles(...READERS)
  supplyChain(
    @CurrentCaller() caller: Caller,
    @Args() args: SupplyChainArgs,
  ): Promise<SupplyChain> {
    return this.supplyChains.supplyChain(caller, args);
  }

  @Mutation(() => Subcontract, {
    description:
      "Records a subcontract of the caller's organisation (the prime) with a subcontractor. BAD_USER_INPUT, nothing written, for a subcontract to itself, end before start, an unknown area or dates overlapping another subcontract of the same pair.",
  })
  @Roles(Role.SUPPLIER)
  createSubcontract(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'The subcontract.' }) input: CreateSubcontractInput,
  ): Promise<Subcontract> {
    return this.supplyChains.create(caller, input);
  }

  @Mutation(() => Subcontract, {
    description:
      "Changes a subcontract (the prime's suppliers only); only the fields given change.",
  })
  @Roles(Role.SUPPLIER)
  updateSubcontract(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
    @Args('input', { description: 'The changes.' }) input: UpdateSubcontractInput,
  ): Promise<Subcontract> {
    return this.supplyChains.update(caller, id, input);
  }

  @Mutation(() => Subcontract, {
    description:
      "Ends a subcontract early (the prime's suppliers only): from endedOn it is ENDED, and the listings it carried cannot be bought (live referrals' delivery carries on).",
  })
  @Roles(Role.SUPPLIER)
  endSubcontract(
    @CurrentCaller() caller: Caller,
    @Args('id', idArg) id: string,
    @Args('endedOn', {
      type: () => DateScalar,
      nullable: true,
      description:
        'The first day it no longer runs: today (the default) or later, not after its end date.',
    })
    endedOn?: string,
  ): Promise<Subcontract> {
    return this.supplyChains.end(caller, id, endedOn ?? undefined);
  }

  @Mutation(() => Intervention, {
    description:
      "Sets the subcontractor delivering one of the prime's listings, under a subcontract in force covering the listing's needs and areas; or clears it (subcontractId null). The prime's suppliers only.",
  })
  @Roles(Role.SUPPLIER)
  setListingDeliverer(
    @CurrentCaller() caller: Caller,
    @Args('interventionId', { type: () => ID, description: 'The listing.' })
    interventionId: string,
    @Args('subcontractId', {
      type: () => ID,
      nullable: true,
      description: 'The subcontract whose subcontractor delivers it; null for the prime itself.',
    })
    subcontractId?: string | null,
  ): Promise<Intervention> {
    return this.supplyChains.setListingDeliverer(caller, interventionId, subcontractId ?? null);
  }

  @ResolveField(() => Organisation, { description: 'The prime.' })
  async prime(@Parent() row: Subcontract, @Context('req') req: object): Promise<Organisation> {
    return (await this.catalogue.organisationLoader(req).load(row.primeId))!;
  }

  @ResolveField(() => Organisation, { description: 'The subcontractor.' })
  async subcontractor(
    @Parent() row: Subcontract,
    @Context('req') req: object,
  ): Promise<Organisation> {
    return (await this.catalogue.organisationLoader(req).load(row.subcontractorId))!;
  }
}

@Resolver(() => SupplyChain)
export class SupplyChainResolver {
  constructor(private readonly catalogue: CatalogueReadModel) {}

  @ResolveField(() => Organisation, { description: 'The prime.' })
  async prime(@Parent() chain: SupplyChain, @Context('req') req: object): Promise<Organisation> {
    return (await this.catalogue.organisationLoader(req).load(chain.primeId))!;
  }
}

@Resolver(() => SupplyChainMember)
export class SupplyChainMemberResolver {
  constructor(private readonly catalogue: CatalogueReadModel) {}

  @ResolveField(() => Organisation, { description: 'The member organisation.' })
  async organisation(
    @Parent() member: SupplyChainMember,
    @Context('req') req: object,
  ): Promise<Organisation> {
    return (await this.catalogue.organisationLoader(req).load(member.organisationId))!;
  }
}
