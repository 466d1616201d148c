import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { StoreAllowance } from '../domain/store-allowance';

@ObjectType('StoreAllowance', {
  description:
    "Units of a sku set aside at a store's own location for it to sell when offline; online orders cannot take them.",
})
export class StoreAllowanceType {
  @Field(() => ID)
  sku!: string;

  @Field(() => ID)
  locationId!: string;

  @Field(() => Int, { description: 'Units set aside now (they count in the stock level’s reserved).' })
  quantity!: number;

  @Field(() => Int, { description: 'Bumped on every change.' })
  version!: number;

  @Field()
  updatedAt!: Date;

  static from(this: void, allowance: StoreAllowance): StoreAllowanceType {
    return Object.assign(new StoreAllowanceType(), { ...allowance, updatedAt: new Date(allowance.updatedAt) });
  }
}

@InputType('StoreAllowanceInput')
export class StoreAllowanceInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int, { description: 'The allowance wanted, 0 to 1,000,000; it grows only by units that are free.' })
  quantity!: number;
}

@ObjectType('SetStoreAllowancesPayload')
export class SetStoreAllowancesPayload {
  @Field(() => [StoreAllowanceType], {
    description: 'The allowances of the skus asked for, as they now are (less than asked when stock was short).',
  })
  allowances!: StoreAllowanceType[];
}
