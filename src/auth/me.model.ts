import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from './role';

@ObjectType('Me', { description: 'The signed-in user, as their token describes them.' })
export class MeModel {
  @Field(() => ID, {
    description: "The token's subject: a stable identifier from the identity provider.",
  })
  id!: string;

  @Field({ description: 'Display name from the token.' })
  name!: string;

  @Field(() => [Role], { description: 'What the user may do.' })
  roles!: Role[];

  @Field(() => ID, {
    nullable: true,
    description: 'The supplier organisation a SUPPLIER acts for.',
  })
  organisationId?: string;

  @Field({
    nullable: true,
    description: 'The NPS division a PURCHASER buys for, or a COMMISSIONER is limited to.',
  })
  divisionCode?: string;
}
