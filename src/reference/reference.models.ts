import { Field, Float, ObjectType } from '@nestjs/graphql';
import { FactorCode } from './factor-code';

@ObjectType('Factor', { description: 'A need an intervention addresses (an OASys section).' })
export class Factor {
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
  description: 'One of the seven NPS divisions: the unit that holds a purchasing budget.',
})
export class Division {
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
  description: 'A contract package area (CPA): the patch of one Community Rehabilitation Company.',
})
export class ContractPackageArea {
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
  description: 'A police force / Police and Crime Commissioner area: the finest geography used.',
})
export class PccArea {
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
