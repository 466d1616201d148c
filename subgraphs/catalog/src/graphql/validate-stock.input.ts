import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('StockCheckItemInput')
export class StockCheckItemInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int)
  quantity!: number;
}

@InputType('ValidateStockInput')
export class ValidateStockInput {
  @Field(() => [StockCheckItemInput])
  items!: StockCheckItemInput[];
}
