import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Location } from '../domain/location';
import { LocationKind } from './enums';

@Directive('@key(fields: "id")')
@ObjectType('Location', { description: 'A warehouse or store that holds stock.' })
export class LocationType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => LocationKind)
  kind!: Location['kind'];

  @Field({ description: 'Region code used by allocation filters and regional availability, such as eu-south.' })
  region!: string;

  @Field(() => Int, { description: 'Allocation order when a reservation line names no location: lower first.' })
  priority!: number;
}
