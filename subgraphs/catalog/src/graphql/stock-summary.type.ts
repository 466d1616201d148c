import { Field, Int, ObjectType } from 'type-graphql';
import type { StockSummary } from '../domain/stock-summary';

@ObjectType('RegionAvailability')
export class RegionAvailabilityType {
  @Field()
  region!: string;

  @Field(() => Int)
  available!: number;
}

@ObjectType('StockSummary', {
  description:
    'Availability as the catalog last heard it from inventory: fast, filterable, eventually consistent. Checkout asks inventory itself (validateStock).',
})
export class StockSummaryType {
  @Field(() => Int)
  available!: number;

  @Field()
  inStock!: boolean;

  @Field(() => [RegionAvailabilityType])
  byRegion!: RegionAvailabilityType[];

  @Field(() => Date, {
    nullable: true,
    description: 'When the newest change behind these figures happened; null before the first.',
  })
  asOf!: Date | null;

  static from(this: void, summary: StockSummary): StockSummaryType {
    return Object.assign(new StockSummaryType(), {
      ...summary,
      asOf: summary.asOf === null ? null : new Date(summary.asOf),
    });
  }
}

@ObjectType('ReconciliationReport')
export class ReconciliationReportType {
  @Field(() => Int, { description: 'Skus compared with inventory.' })
  checked!: number;

  @Field(() => Int, { description: 'Projected rows that differed from inventory.' })
  mismatched!: number;

  @Field(() => Int, { description: 'Rows written or removed to match inventory (0 on a dry run).' })
  repaired!: number;
}
