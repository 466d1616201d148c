import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('WarehouseCountInput', { description: 'An absolute count: on hand as counted, not a change.' })
export class WarehouseCountInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => ID)
  locationId!: string;

  @Field(() => Int)
  onHand!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Your ordering of counts for this sku and location; higher is newer.',
  })
  sequence?: number | null;

  @Field(() => Date, { nullable: true, description: 'When the count was taken; now when omitted.' })
  observedAt?: Date | null;
}
