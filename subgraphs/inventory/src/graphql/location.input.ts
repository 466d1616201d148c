import { Field, ID, InputType, Int } from 'type-graphql';
import type { LocationKind as Kind } from '../domain/location';
import { LocationKind } from './enums';

@InputType('LocationInput')
export class LocationInput {
  @Field(() => ID, { description: 'Lower-case letters, digits and -.' })
  id!: string;

  @Field()
  name!: string;

  @Field(() => LocationKind)
  kind!: Kind;

  @Field({ description: 'Region code, such as eu-south.' })
  region!: string;

  @Field(() => Int, { description: 'Allocation order, lower first.' })
  priority!: number;
}
