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
  @Field(() => ID, {
    nullable: true,
    description:
      "Operations only: the customer the order is for. A customer's orders are always their own (from the token).",
  })
  customerId?: string | null;

  @Field(() => [OrderLineInput])
  lines!: OrderLineInput[];

  @Field(() => String, { nullable: true, description: 'Your reference, such as a cart id.' })
  reference?: string | null;
}
