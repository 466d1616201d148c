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
  @Field({ description: 'true when every item is available.' })
  ok!: boolean;

  @Field(() => [StockValidationItemType])
  items!: StockValidationItemType[];
}
