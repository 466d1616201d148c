import { Arg, Authorized, ID, Mutation, Resolver } from 'type-graphql';
import type { WarehouseWatermarkService } from '../app/warehouse-watermark.service';
import { WarehouseWatermarkType } from './warehouse-watermark.type';

/** Operations' repair of warehouse ingestion. */
@Resolver()
export class WarehouseWatermarkResolver {
  constructor(private readonly watermarks: WarehouseWatermarkService) {}

  @Authorized('ops')
  @Mutation(() => WarehouseWatermarkType, {
    nullable: true,
    description:
      'For operations: removes the watermark (newest applied count) of a sku at a location, so the next warehouse count applies ' +
      'even if a mis-dated count (such as one observed in the far future) made every real count look stale. ' +
      'Returns the watermark removed, or null when there was none.',
  })
  clearWarehouseWatermark(
    @Arg('sku', () => ID) sku: string,
    @Arg('locationId', () => ID) locationId: string,
  ): Promise<WarehouseWatermarkType | null> {
    return this.watermarks
      .clear(sku, locationId)
      .then((cleared) => (cleared ? WarehouseWatermarkType.from(cleared) : null));
  }
}
