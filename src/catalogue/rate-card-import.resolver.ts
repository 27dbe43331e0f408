import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { RateCardImportReport } from './rate-card-import.models';
import { RateCardImportService } from './rate-card-import.service';

@Resolver(() => RateCardImportReport)
export class RateCardImportResolver {
  constructor(private readonly imports: RateCardImportService) {}

  @Mutation(() => RateCardImportReport, {
    description:
      'Creates and updates listings from a CSV rate card (one row per listing; columns in the README). All or nothing: any problem writes nothing and every problem is listed by row and column. At most 2,000 rows and 5 MB.',
  })
  @Roles(Role.SUPPLIER, Role.ADMIN)
  importRateCard(
    @CurrentCaller() caller: Caller,
    @Args('csv', {
      description:
        'The rate card as CSV text: a header naming the columns, then one row per listing. A blank id creates a DRAFT listing; an existing id updates it. ADMIN gives provider_id on every row.',
    })
    csv: string,
    @Args('dryRun', {
      type: () => Boolean,
      nullable: true,
      description:
        'Only check the file and report what would be created and updated (default false).',
    })
    dryRun?: boolean,
  ): Promise<RateCardImportReport> {
    return this.imports.importRateCard(caller, csv, dryRun ?? false);
  }
}
