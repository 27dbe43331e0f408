import { Args, Query, Resolver } from '@nestjs/graphql';
import { Caller } from '../auth/caller';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { AuditTrailArgs } from './audit.inputs';
import { AuditEvent, AuditEventConnection } from './audit.models';
import { AuditService } from './audit.service';

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEventConnection, {
    description:
      'Who changed an entity, what and when (oldest first). ADMIN, COMMISSIONER, and the owning supplier.',
  })
  @Roles(Role.ADMIN, Role.COMMISSIONER, Role.SUPPLIER)
  auditTrail(
    @CurrentCaller() caller: Caller,
    @Args() args: AuditTrailArgs,
  ): Promise<AuditEventConnection> {
    return this.audit.trail(caller, args);
  }
}
