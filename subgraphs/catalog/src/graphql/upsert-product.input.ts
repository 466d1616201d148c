import { Field, ID, InputType, Int } from 'type-graphql';

@InputType('MoneyInput')
export class MoneyInput {
  @Field(() => Int, { description: 'Minor units.' })
  amount!: number;

  @Field({ description: 'ISO 4217 code.' })
  currency!: string;
}

@InputType('UpsertProductInput')
export class UpsertProductInput {
  @Field(() => ID)
  sku!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  @Field(() => MoneyInput)
  price!: MoneyInput;

  @Field(() => Boolean, { nullable: true, description: 'true when omitted.' })
  active?: boolean | null;
}
