import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('StockValidationItem')
export class StockValidationItemType {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int)
  requested!: number;

  @Field({ description: 'Whether the requested units can be sold right now.' })
  available!: boolean;

  @Field(() => Int, { description: 'Units that can be sold right now, over all locations.' })
  currentStock!: number;
}

@ObjectType('StockValidation', { description: "A checkout's stock check against inventory, the source of truth." })
export class StockValidationType {
  @Field({
    description: 'true when the checkout may go on: every item available (and, if degraded, DEGRADED_MODE allows it).',
  })
  ok!: boolean;

  @Field({ description: "true when inventory could not answer in time and the catalog's projected view was used." })
  degraded!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the answer is degraded and what that means, for people.' })
  warning!: string | null;

  @Field(() => [StockValidationItemType])
  items!: StockValidationItemType[];
}
