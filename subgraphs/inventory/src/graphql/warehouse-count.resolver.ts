import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { InventoryContext } from './context';
import type { WarehouseCountSubmissionService } from '../app/warehouse-count-submission.service';
import { WarehouseCountInput } from './warehouse-count.input';

/** Warehouse systems without Kafka send their counts here. */
@Resolver()
export class WarehouseCountResolver {
  constructor(private readonly counts: WarehouseCountSubmissionService) {}

  @Authorized('store')
  @Mutation(() => Int, {
    description:
      'Submits warehouse counts as warehouse.stock-updated.v1 events (for systems without Kafka); returns how many were accepted. ' +
      'Nothing is submitted when a count is dated ahead of the clock (OBSERVED_IN_FUTURE) or would take a sku past 2147483647 units over all locations (QUANTITY_OUT_OF_RANGE).',
  })
  submitWarehouseCounts(
    @Arg('counts', () => [WarehouseCountInput]) counts: WarehouseCountInput[],
    @Arg('source') source: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<number> {
    return this.counts.submit(
      counts.map((c) => ({ ...c, observedAt: c.observedAt ? c.observedAt.getTime() : null })),
      source,
      caller,
    );
  }
}
