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

  @Field(() => ID, { nullable: true, description: 'Who is checking out, for the audit.' })
  customerId?: string | null;
}
