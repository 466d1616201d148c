import { Field, Int, ObjectType } from 'type-graphql';
import { LocationType } from './location.type';

@ObjectType('LocationAvailability', {
  description:
    'What one location can still sell of a sku; the quantities behind it are for store staff and operations.',
})
export class LocationAvailabilityType {
  @Field(() => LocationType)
  location!: LocationType;

  @Field(() => Int, {
    description: 'onHand − reserved − safetyStock at this location, never below 0; expired holds count as released.',
  })
  available!: number;

  @Field(() => Int, {
    description: "The stock level's version: of two figures for one location, the higher version is the newer.",
  })
  version!: number;
}
