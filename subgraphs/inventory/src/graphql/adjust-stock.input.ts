import { Field, ID, InputType, Int } from 'type-graphql';
import type { AdjustedQuantity as AdjustedQuantityValue, AdjustmentReason as Reason } from '../domain/adjust-stock';
import { AdjustedQuantity, AdjustmentReason } from './enums';

@InputType('AdjustStockInput', { description: 'Give exactly one of delta and set.' })
export class AdjustStockInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => ID)
  locationId!: string;

  @Field(() => AdjustedQuantity, { nullable: true, description: 'ON_HAND when omitted.' })
  quantity?: AdjustedQuantityValue | null;

  @Field(() => Int, { nullable: true, description: 'Change by this many units (non-zero).' })
  delta?: number | null;

  @Field(() => Int, { nullable: true, description: 'Change to exactly this many units.' })
  set?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Compare-and-set: apply only if the quantity is still this value, else CHANGE_FROM_STALE.',
  })
  changeFrom?: number | null;

  @Field(() => AdjustmentReason)
  reason!: Reason;

  @Field(() => String, { nullable: true, description: 'A URI for the source document, such as a receiving note.' })
  reference?: string | null;
}
