import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('StockLevelKey')
export class StockLevelKeyType {
  @Field(() => ID)
  sku!: string;

  @Field(() => ID)
  locationId!: string;
}

@ObjectType('StockLedgerCheck')
export class StockLedgerCheckType {
  @Field({ description: 'true when every level equals the sum of its ledger and no quantity breaks an invariant.' })
  consistent!: boolean;

  @Field(() => [StockLevelKeyType], { description: 'Levels that do not: always empty unless something is broken.' })
  mismatches!: StockLevelKeyType[];
}
