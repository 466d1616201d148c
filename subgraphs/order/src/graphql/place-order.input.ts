import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('OrderLineInput')
export class OrderLineInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int)
  quantity!: number;
}

@InputType('PlaceOrderInput')
export class PlaceOrderInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => [OrderLineInput])
  lines!: OrderLineInput[];

  @Field(() => String, { nullable: true, description: 'Your reference, such as a cart id.' })
  reference?: string | null;
}
