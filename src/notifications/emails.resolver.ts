import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { AnyRole, Roles } from '../auth/roles.decorator';
import {
  EmailsArgs,
  OrganisationEmailArgs,
  SetEmailPreferenceArgs,
  SetOrganisationEmailArgs,
} from './emails.inputs';
import {
  EmailBacklog,
  EmailConnection,
  EmailPreferences,
  EmailRecord,
  OrganisationEmail,
} from './emails.models';
import { EmailsService } from './emails.service';

@Resolver(() => EmailRecord)
export class EmailsResolver {
  constructor(private readonly emailsService: EmailsService) {}

  @Query(() => EmailPreferences, {
    description: 'The emails you get (see docs/emails.md), and the address they go to.',
  })
  @AnyRole()
  emailPreferences(@CurrentCaller() caller: Caller): Promise<EmailPreferences> {
    return this.emailsService.preferences(caller);
  }

  @Mutation(() => EmailPreferences, {
    description:
      'Turns one kind of email on or off for you. Only optional kinds can be turned off (the ones asking you to act cannot: BAD_USER_INPUT on `kind`).',
  })
  @AnyRole()
  setEmailPreference(
    @CurrentCaller() caller: Caller,
    @Args() args: SetEmailPreferenceArgs,
  ): Promise<EmailPreferences> {
    return this.emailsService.setPreference(caller, args.kind, args.enabled);
  }

  @Query(() => OrganisationEmail, {
    description: 'The address a provider organisation’s emails go to: its suppliers, or an admin.',
  })
  @Roles(Role.SUPPLIER, Role.ADMIN)
  organisationEmail(
    @CurrentCaller() caller: Caller,
    @Args() args: OrganisationEmailArgs,
  ): Promise<OrganisationEmail> {
    return this.emailsService.organisationEmail(caller, args.organisationId);
  }

  @Mutation(() => OrganisationEmail, {
    description:
      'Sets the address a provider organisation’s emails go to (null removes it): its suppliers, or an admin. Audited.',
  })
  @Roles(Role.SUPPLIER, Role.ADMIN)
  setOrganisationEmail(
    @CurrentCaller() caller: Caller,
    @Args() args: SetOrganisationEmailArgs,
  ): Promise<OrganisationEmail> {
    return this.emailsService.setOrganisationEmail(caller, args.organisationId, args.email ?? null);
  }

  @Query(() => EmailConnection, {
    description:
      'Emails the service owes or sent, newest first: admins look here for FAILED ones (given up after a permanent refusal or the last attempt).',
  })
  @Roles(Role.ADMIN)
  emails(@Args() args: EmailsArgs): Promise<EmailConnection> {
    return this.emailsService.emails(args);
  }

  @Query(() => EmailBacklog, {
    description: 'How the email queue stands: pending (and the oldest one’s age), failed, sent.',
  })
  @Roles(Role.ADMIN)
  emailBacklog(): Promise<EmailBacklog> {
    return this.emailsService.backlog();
  }
}
