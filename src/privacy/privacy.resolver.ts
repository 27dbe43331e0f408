import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { AccessLogService } from './access-log.service';
import { CrnArgs, ErasePersonArgs, PersonalDataAccessArgs } from './privacy.inputs';
import { ErasureResult, PersonalDataAccessConnection } from './privacy.models';
import { SubjectAccessExport, SubjectAccessService } from './subject-access.service';

@Resolver()
export class PrivacyResolver {
  constructor(
    private readonly subjectAccess: SubjectAccessService,
    private readonly accessLog: AccessLogService,
  ) {}

  @Query(() => GraphQLJSONObject, {
    description:
      'Everything held about a person (ADMIN): `{ content: { crn, referrals: [...] } }` as the HMPPS subject access request service expects of each service, each referral with its person, status history, timeline, action plans, sessions and feedback, case notes, end-of-service report and outcome. No referrals: an empty list. Audited, and recorded as a read of each referral. Also `GET /admin/subject-access/<crn>.json`.',
  })
  @Roles(Role.ADMIN)
  subjectAccessExport(
    @CurrentCaller() caller: Caller,
    @Args() { crn }: CrnArgs,
    @Context('req') req: object,
  ): Promise<SubjectAccessExport> {
    return this.subjectAccess.export(caller, crn, req);
  }

  @Mutation(() => ErasureResult, {
    description:
      'Lawful erasure of a person (ADMIN): anonymises every referral of the CRN as the retention job does (CRN, person, notes, case notes, free-text feedback replaced; money, status, outcomes and scores kept). Refused (CONFLICT, REFERRAL_STILL_OPEN) while one is open; NOT_FOUND when none. Audited with the reason.',
  })
  @Roles(Role.ADMIN)
  erasePerson(
    @CurrentCaller() caller: Caller,
    @Args() { crn, reason }: ErasePersonArgs,
  ): Promise<ErasureResult> {
    return this.subjectAccess.erase(caller, crn, reason);
  }

  @Query(() => PersonalDataAccessConnection, {
    description:
      "Who read personal data (ADMIN): reads of a person's referrals (crn), by a user (userId), or both, newest first. Never the data itself.",
  })
  @Roles(Role.ADMIN)
  personalDataAccess(@Args() args: PersonalDataAccessArgs): Promise<PersonalDataAccessConnection> {
    return this.accessLog.page(args);
  }
}
