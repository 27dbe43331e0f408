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
import { BadUserInputError } from '../common/errors';
import { requestLoader } from '../common/request-loaders';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles, SignedIn } from '../auth/roles.decorator';
import { Organisation } from '../catalogue/catalogue.models';
import { OrganisationsService } from '../catalogue/organisations.service';
import { ComplianceService } from './compliance.service';
import { DeclarationKind } from './framework.enums';
import {
  ApplyToJoinInput,
  DeclarationInput,
  ExpiringDeclarationsArgs,
  FrameworkApplicationsArgs,
} from './framework.inputs';
import {
  Declaration,
  ExpiringDeclarationConnection,
  FrameworkApplication,
  FrameworkApplicationConnection,
} from './framework.models';
import { FrameworkService } from './framework.service';

const ID_ARG = { type: () => ID, description: 'The application.' };

@Resolver(() => FrameworkApplication)
export class FrameworkResolver {
  constructor(
    private readonly framework: FrameworkService,
    private readonly compliance: ComplianceService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Mutation(() => FrameworkApplication, {
    description:
      'Applies to join the framework as a supplier. Any signed-in user who does not yet act for an organisation; one open application at a time.',
  })
  @SignedIn()
  applyToJoin(
    @CurrentCaller() caller: Caller,
    @Args('input', { description: 'The organisation, its reach and its declarations.' })
    input: ApplyToJoinInput,
  ): Promise<FrameworkApplication> {
    return this.framework.apply(caller, input);
  }

  @Mutation(() => FrameworkApplication, {
    description:
      'The applicant replaces the details of an application sent back for changes, which resubmits it.',
  })
  @SignedIn()
  amendApplication(
    @CurrentCaller() caller: Caller,
    @Args('id', ID_ARG) id: string,
    @Args('input', { description: 'The amended application, in full.' }) input: ApplyToJoinInput,
  ): Promise<FrameworkApplication> {
    return this.framework.amend(caller, id, input);
  }

  @Mutation(() => FrameworkApplication, {
    description:
      "Approves a SUBMITTED application (COMMISSIONER or ADMIN): creates the organisation with the applicant as its first member and its declarations. The answer's organisationId is what the identity provider puts in the applicant's claims.",
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  approveApplication(
    @CurrentCaller() caller: Caller,
    @Args('id', ID_ARG) id: string,
  ): Promise<FrameworkApplication> {
    return this.framework.decide(caller, id, 'approve');
  }

  @Mutation(() => FrameworkApplication, {
    description:
      'Sends a SUBMITTED application back to the applicant for changes (COMMISSIONER or ADMIN).',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  requestApplicationChanges(
    @CurrentCaller() caller: Caller,
    @Args('id', ID_ARG) id: string,
    @Args('note', { description: 'What to change (2-1000 characters).' }) note: string,
  ): Promise<FrameworkApplication> {
    return this.framework.decide(caller, id, 'requestChanges', checkedNote(note, 'note'));
  }

  @Mutation(() => FrameworkApplication, {
    description: 'Rejects an open application, for good (COMMISSIONER or ADMIN).',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  rejectApplication(
    @CurrentCaller() caller: Caller,
    @Args('id', ID_ARG) id: string,
    @Args('reason', { description: 'Why (2-1000 characters).' }) reason: string,
  ): Promise<FrameworkApplication> {
    return this.framework.decide(caller, id, 'reject', checkedNote(reason, 'reason'));
  }

  @Query(() => [FrameworkApplication], {
    description: "The caller's own applications to join, newest first.",
  })
  @SignedIn()
  myApplications(@CurrentCaller() caller: Caller): Promise<FrameworkApplication[]> {
    return this.framework.mine(caller);
  }

  @Query(() => FrameworkApplication, {
    nullable: true,
    description:
      'One application: its applicant, or any COMMISSIONER or ADMIN. An unknown id answers null with a NOT_FOUND error.',
  })
  @SignedIn()
  frameworkApplication(
    @CurrentCaller() caller: Caller,
    @Args('id', ID_ARG) id: string,
  ): Promise<FrameworkApplication | null> {
    return this.framework.application(caller, id);
  }

  @Query(() => FrameworkApplicationConnection, {
    description:
      'Applications to join, oldest (re)submission first: the queue to work through (COMMISSIONER or ADMIN).',
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  frameworkApplications(
    @Args() args: FrameworkApplicationsArgs,
  ): Promise<FrameworkApplicationConnection> {
    return this.framework.list(args);
  }

  @Query(() => ExpiringDeclarationConnection, {
    description:
      "Providers' declarations that have expired or expire within the given days, soonest first (COMMISSIONER or ADMIN).",
  })
  @Roles(Role.COMMISSIONER, Role.ADMIN)
  async expiringDeclarations(
    @Args() args: ExpiringDeclarationsArgs,
  ): Promise<ExpiringDeclarationConnection> {
    checkedDays(args.withinDays);
    const page = await this.compliance.expiring(args);
    const organisations = await this.organisations.organisationsByIds(
      page.nodes.map((node) => node.organisationId),
    );
    const edges = page.edges.map((edge, i) => ({
      ...edge,
      node: { ...edge.node, organisation: organisations[i]! },
    }));
    return { ...page, edges, nodes: edges.map((edge) => edge.node) };
  }

  @Mutation(() => Declaration, {
    description:
      "Renews one of an organisation's declarations (its own SUPPLIER, or ADMIN). An expired safeguarding declaration blocks publishing and accepting referrals until renewed.",
  })
  @Roles(Role.SUPPLIER, Role.ADMIN)
  renewDeclaration(
    @CurrentCaller() caller: Caller,
    @Args('organisationId', { type: () => ID, description: 'The organisation.' })
    organisationId: string,
    @Args('kind', { type: () => DeclarationKind, description: 'Which declaration.' })
    kind: DeclarationKind,
    @Args('declaration', { description: 'Whether it is held, and until when.' })
    declaration: DeclarationInput,
  ): Promise<Declaration> {
    return this.framework.renewDeclaration(caller, organisationId, kind, declaration);
  }
}

@Resolver(() => Organisation)
export class OrganisationDeclarationsResolver {
  constructor(private readonly compliance: ComplianceService) {}

  @ResolveField(() => [Declaration], {
    description:
      'What the organisation has declared (providers that joined through the framework).',
  })
  async declarations(
    @Parent() organisation: Organisation,
    @Context('req') req: object,
  ): Promise<Declaration[]> {
    // One query for every organisation of a response.
    const loader = requestLoader(
      req,
      'declarationsByOrganisation',
      async (ids: readonly string[]) => {
        const byOrganisation = await this.compliance.declarationsOf(ids);
        return ids.map((id) => byOrganisation.get(id) ?? []);
      },
    );
    return loader.load(organisation.id);
  }
}

function checkedNote(text: string, field: string): string {
  const trimmed = text.trim();
  if (trimmed.length < 2 || trimmed.length > 1000) {
    throw new BadUserInputError('The text is not valid', [
      { field, message: `${field} must be 2 to 1000 characters` },
    ]);
  }
  return trimmed;
}

function checkedDays(days: number): number {
  if (days < 0 || days > 366) {
    throw new BadUserInputError('The period is not valid', [
      { field: 'withinDays', message: 'withinDays must be 0 to 366' },
    ]);
  }
  return days;
}
