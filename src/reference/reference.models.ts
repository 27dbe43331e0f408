import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { derivedIdOf, Node } from '../common/node';
import { DateScalar } from '../common/scalars';
import { FactorCode } from './factor-code';

@ObjectType('Factor', {
  implements: () => [Node],
  description: 'A need an intervention addresses (an OASys section).',
})
export class Factor {
  @Field(() => ID, {
    description: 'Globally unique id, derived from the code: `Factor:ACCOMMODATION`.',
    // Derived from the code by a middleware, wherever the type is answered.
    middleware: [derivedIdOf<Factor>('Factor', (f) => [f.code])],
  })
  id?: string;

  @Field(() => FactorCode, { description: 'Stable code used across the API.' })
  code!: FactorCode;

  @Field({ description: 'Name as the inspectorate prints it.' })
  name!: string;
}

@ObjectType('GeoPoint', { description: 'A point on the map (WGS84 degrees).' })
export class GeoPoint {
  @Field(() => Float, { description: 'Latitude in degrees.' })
  lat!: number;

  @Field(() => Float, { description: 'Longitude in degrees.' })
  lng!: number;
}

@ObjectType('Division', {
  implements: () => [Node],
  description: 'One of the seven NPS divisions: the unit that holds a purchasing budget.',
})
export class Division {
  @Field(() => ID, {
    description: 'Globally unique id, derived from the code: `Division:LDN`.',
    // Derived from the code by a middleware, wherever the type is answered.
    middleware: [derivedIdOf<Division>('Division', (x) => [x.code])],
  })
  id?: string;

  @Field({ description: 'Short code, e.g. LDN for London.' })
  code!: string;

  @Field({ description: 'Name of the division.' })
  name!: string;

  @Field(() => [ContractPackageArea], {
    description: 'The contract package areas within the division.',
  })
  contractPackageAreas!: ContractPackageArea[];

  @Field(() => [PccArea], { description: 'Every police force / PCC area within the division.' })
  pccAreas!: PccArea[];
}

@ObjectType('ContractPackageArea', {
  implements: () => [Node],
  description: 'A contract package area (CPA): the patch of one Community Rehabilitation Company.',
})
export class ContractPackageArea {
  @Field(() => ID, {
    description: 'Globally unique id, derived from the code: `ContractPackageArea:<code>`.',
    // Derived from the code by a middleware, wherever the type is answered.
    middleware: [derivedIdOf<ContractPackageArea>('ContractPackageArea', (x) => [x.code])],
  })
  id?: string;

  @Field({ description: 'Stable code (slug of the name).' })
  code!: string;

  @Field({ description: 'Name of the CPA.' })
  name!: string;

  @Field({ description: "Owner of the CPA's CRC (as at 2017)." })
  crcOwner!: string;

  @Field(() => Division, { description: 'The NPS division the CPA lies in.' })
  division!: Division;

  @Field(() => [PccArea], { description: 'The police force / PCC areas making up the CPA.' })
  pccAreas!: PccArea[];
}

@ObjectType('PccArea', {
  implements: () => [Node],
  description: 'A police force / Police and Crime Commissioner area: the finest geography used.',
})
export class PccArea {
  @Field(() => ID, {
    description: 'Globally unique id, derived from the code: `PccArea:<code>`.',
    // Derived from the code by a middleware, wherever the type is answered.
    middleware: [derivedIdOf<PccArea>('PccArea', (x) => [x.code])],
  })
  id?: string;

  @Field({ description: 'Stable code (slug of the name).' })
  code!: string;

  @Field({ description: 'Name of the area.' })
  name!: string;

  @Field(() => GeoPoint, {
    description: 'Approximate centre of the area (fit for distances, not for geocoding).',
  })
  centroid!: GeoPoint;

  @Field(() => ContractPackageArea, { description: 'The CPA the area belongs to.' })
  contractPackageArea!: ContractPackageArea;

  @Field(() => Division, { description: 'The NPS division the area belongs to.' })
  division!: Division;
}

@ObjectType('DesiredOutcome', {
  description:
    'What a referral aims to achieve on one factor, in plain words. A referral names at least one per target factor; the end-of-service report says how far each was achieved.',
  implements: () => [Node],
})
export class DesiredOutcome implements Node {
  @Field(() => ID, { description: 'Stable identifier (pass it in createReferral).' })
  id!: string;

  @Field(() => FactorCode, { description: 'The factor it belongs to.' })
  factor!: FactorCode;

  @Field({ description: 'The outcome in plain words.' })
  description!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'When it stopped being offered to new referrals; null while current.',
  })
  retiredOn!: string | null;
}
