import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString } from 'class-validator';
import { PagingArgs } from '../common/paging';

@ArgsType()
export class AuditTrailArgs extends PagingArgs({ size: 100, max: 500 }) {
  @Field(() => ID, { description: 'The entity, e.g. an intervention id.' })
  @IsString()
  entityId!: string;
}
