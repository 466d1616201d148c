import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('ReserveLineInput')
export class ReserveLineInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int, { description: 'Units to hold, at least 1.' })
  quantity!: number;

  @Field(() => ID, { nullable: true, description: 'Hold at this location; omit to let allocation choose (and split).' })
  locationId?: string | null;
}

@InputType('ReserveStockInput')
export class ReserveStockInput {
  @Field(() => [ReserveLineInput], { description: 'All lines are held, or none.' })
  lines!: ReserveLineInput[];

  @Field(() => Int, {
    nullable: true,
    description: 'Seconds until the hold expires; the service default when omitted.',
  })
  ttlSeconds?: number | null;

  @Field(() => String, { nullable: true, description: 'Your reference for the hold, such as an order id.' })
  reference?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Allocate only from locations in this region (lines without a location).',
  })
  region?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The customer the hold is for, so they can see it through their order; services and operations only.',
  })
  customerId?: string | null;
}
