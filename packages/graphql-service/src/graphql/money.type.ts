import { Directive, Field, Int, ObjectType } from 'type-graphql';

/** An amount in minor units (cents), never a float. Shared by every subgraph that shows prices. */
@Directive('@shareable')
@ObjectType({ description: 'An amount of money in minor units (e.g. cents) of an ISO 4217 currency.' })
export class Money {
  @Field(() => Int, { description: 'Minor units: 1999 with currency EUR is €19.99.' })
  amount!: number;

  @Field({ description: 'ISO 4217 code, such as EUR.' })
  currency!: string;

  static of(amount: number, currency: string): Money {
    return Object.assign(new Money(), { amount, currency });
  }
}
