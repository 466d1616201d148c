import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { StoreSaleResult } from '../app/store-sale.service';
import type { StoreReturnResult } from '../app/store-return.service';
import type { StoreReturn, StoreSale } from '../domain/store-sale';
import { InventoryUserErrorType } from './user-error.type';

@ObjectType('StoreSaleLine')
export class StoreSaleLineType {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int, {
    description: "Units taken from the store's allowance; the rest came from the location's free stock.",
  })
  fromAllowance!: number;
}

@ObjectType('StoreSale', { description: "A sale made at a store's till, recorded centrally once per sale id." })
export class StoreSaleType {
  @Field(() => ID, { description: "The till's own id for the sale." })
  id!: string;

  @Field(() => ID)
  locationId!: string;

  @Field(() => [StoreSaleLineType])
  lines!: StoreSaleLineType[];

  @Field({ description: 'Who recorded it, as the ledger names them.' })
  actor!: string;

  @Field()
  recordedAt!: Date;

  static from(this: void, sale: StoreSale): StoreSaleType {
    return Object.assign(new StoreSaleType(), { ...sale, recordedAt: new Date(sale.recordedAt) });
  }
}

@InputType('StoreSaleLineInput')
export class StoreSaleLineInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int, { description: 'Units sold, 1 to 100,000.' })
  quantity!: number;
}

@ObjectType('RecordStoreSalePayload')
export class RecordStoreSalePayload {
  @Field(() => StoreSaleType, {
    nullable: true,
    description: 'The sale as recorded (the first time, when it was sent again); null when refused.',
  })
  sale!: StoreSaleType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];

  static from(this: void, result: StoreSaleResult): RecordStoreSalePayload {
    return { sale: result.sale ? StoreSaleType.from(result.sale) : null, userErrors: result.userErrors };
  }
}

@ObjectType('StoreReturn', {
  description: "A return at a store's till of (some of) a recorded sale; recorded centrally once per return id.",
})
export class StoreReturnType {
  @Field(() => ID, { description: "The till's own id for the return." })
  id!: string;

  @Field(() => ID)
  saleId!: string;

  @Field(() => ID)
  locationId!: string;

  @Field(() => [StoreReturnLineType])
  lines!: StoreReturnLineType[];

  @Field()
  actor!: string;

  @Field()
  recordedAt!: Date;

  static from(this: void, entry: StoreReturn): StoreReturnType {
    return Object.assign(new StoreReturnType(), { ...entry, recordedAt: new Date(entry.recordedAt) });
  }
}

@ObjectType('StoreReturnLine')
export class StoreReturnLineType {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType('RecordStoreReturnPayload')
export class RecordStoreReturnPayload {
  @Field(() => StoreReturnType, {
    nullable: true,
    description: 'The return as recorded (the first time, when it was sent again); null when refused.',
  })
  storeReturn!: StoreReturnType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];

  static from(this: void, result: StoreReturnResult): RecordStoreReturnPayload {
    return {
      storeReturn: result.storeReturn ? StoreReturnType.from(result.storeReturn) : null,
      userErrors: result.userErrors,
    };
  }
}
