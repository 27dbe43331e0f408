import { Node } from '../common/node';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Role } from '../auth/role';
import { Connection } from '../common/paging';
import { DateTimeScalar } from '../common/scalars';

@ObjectType('AuditActor', { description: 'Who made a change, as their token described them then.' })
export class AuditActor {
  @Field(() => ID, { description: "The token's subject." })
  id!: string;

  @Field({ description: 'Display name.' })
  name!: string;

  @Field(() => [Role], { description: 'Roles held at the time.' })
  roles!: Role[];
}

@ObjectType('AuditEvent', {
  implements: () => [Node],
  description: 'One change to an entity: who, what, when, and the state before and after.',
})
export class AuditEvent {
  @Field(() => ID, { description: 'Stable identifier.' })
  id!: string;

  @Field(() => DateTimeScalar, { description: 'When the change was committed.' })
  at!: Date;

  @Field({ description: 'What kind of entity changed, e.g. Intervention, InterventionPrice.' })
  entityType!: string;

  @Field(() => ID, { description: 'The entity that changed.' })
  entityId!: string;

  @Field({ description: 'What was done, e.g. CREATED, UPDATED, PRICE_SET, PUBLISHED.' })
  action!: string;

  @Field(() => AuditActor, { description: 'Who did it.' })
  actor!: AuditActor;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The state before (null when created).',
  })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The state after.' })
  after!: Record<string, unknown> | null;
}

export const AuditEventConnection = Connection(AuditEvent, {
  name: 'AuditEvent',
  description: 'A page of an entity’s audit trail, oldest first.',
  edge: 'One change in a page.',
  node: 'The change.',
  edges: 'The changes on this page.',
});
export type AuditEventConnection = InstanceType<typeof AuditEventConnection>;
