import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ImportOutcome, ImportResult } from '../app/stock-import.service';

export const StockImportOutcome = {
  APPLIED: 'APPLIED',
  WOULD_APPLY: 'WOULD_APPLY',
  REFUSED: 'REFUSED',
  INVALID: 'INVALID',
  NOT_APPLIED: 'NOT_APPLIED',
} as const;
registerEnumType(StockImportOutcome, {
  name: 'StockImportOutcome',
  description:
    "A row's fate: APPLIED (WOULD_APPLY in a dry run); REFUSED by a stock rule or bad input; INVALID as CSV; NOT_APPLIED because another row was refused (all or nothing).",
});

@ObjectType('StockImportRow')
export class StockImportRowType {
  @Field(() => Int, { description: 'The line in the file (the header is line 1).' })
  line!: number;

  @Field(() => String, { nullable: true })
  sku!: string | null;

  @Field(() => String, { nullable: true })
  locationId!: string | null;

  @Field(() => StockImportOutcome)
  outcome!: ImportOutcome['outcome'];

  @Field(() => String, { nullable: true, description: 'Why a row was refused or unreadable.' })
  code!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => Int, { nullable: true })
  onHandBefore!: number | null;

  @Field(() => Int, { nullable: true })
  onHandAfter!: number | null;

  @Field(() => Int, { nullable: true })
  safetyStockAfter!: number | null;
}

@ObjectType('StockImportResult')
export class StockImportResultType {
  @Field()
  dryRun!: boolean;

  @Field({ description: 'True when every row was applied; a dry run never applies.' })
  applied!: boolean;

  @Field(() => [StockImportRowType])
  rows!: StockImportRowType[];

  static from(this: void, result: ImportResult): StockImportResultType {
    return Object.assign(new StockImportResultType(), {
      ...result,
      rows: result.rows.map((row) => Object.assign(new StockImportRowType(), row)),
    });
  }
}
