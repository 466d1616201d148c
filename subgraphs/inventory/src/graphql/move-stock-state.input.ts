import { Field, ID, InputType, Int } from 'type-graphql';
import type { StateMoveReason as Reason, StockStateName as State } from '../domain/stock-state-move';
import { StateMoveReason, StockStateName } from './enums';

@InputType('MoveStockStateInput', {
  description: 'Moves units on hand between states, or writes damaged or quality-control units off.',
})
export class MoveStockStateInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => ID)
  locationId!: string;

  @Field(() => Int, { description: '1 to 1,000,000,000.' })
  quantity!: number;

  @Field(() => StockStateName, { description: 'SELLABLE, DAMAGED or QUALITY_CONTROL.' })
  from!: Exclude<State, 'WRITTEN_OFF'>;

  @Field(() => StockStateName)
  to!: State;

  @Field(() => StateMoveReason)
  reason!: Reason;

  @Field(() => String, { nullable: true, description: 'A URI for the source document, such as an inspection report.' })
  reference?: string | null;
}
