import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { PurchaseOrderService } from '../app/purchase-order.service';
import type { InventoryContext } from './context';
import {
  CreatePurchaseOrderInput,
  PurchaseOrderPayload,
  PurchaseOrderStatus,
  PurchaseOrderType,
} from './purchase-order.type';
import { TransferLineInput } from './transfer.type';

/** Incoming stock: purchase orders at a location, operations anywhere, store staff at their own. */
@Resolver()
export class PurchaseOrderResolver {
  constructor(private readonly service: PurchaseOrderService) {}

  @Authorized('store', 'service')
  @Query(() => [PurchaseOrderType], {
    description: "The newest purchase orders at the caller's locations (any, for operations). first: 1 to 100 (20).",
  })
  async purchaseOrders(
    @Arg('status', () => PurchaseOrderStatus, { nullable: true }) status: PurchaseOrderType['status'] | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() { caller }: InventoryContext,
  ): Promise<PurchaseOrderType[]> {
    return (await this.service.list(status, first, caller)).map(PurchaseOrderType.from);
  }

  @Authorized('store')
  @Mutation(() => PurchaseOrderPayload, {
    description: "Expects stock from a supplier at a location: its units count as the location's incoming.",
  })
  async createPurchaseOrder(
    @Arg('input') input: CreatePurchaseOrderInput,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<PurchaseOrderPayload> {
    const request = { ...input, expectedAt: input.expectedAt.getTime() };
    return PurchaseOrderPayload.from(await this.service.create(request, idempotencyKey, caller));
  }

  @Authorized('store')
  @Mutation(() => PurchaseOrderPayload, {
    description:
      'Receives units against an open purchase order: on hand rises, incoming drops by what was expected. More than expected needs overReason (at most 32 characters), kept in the ledger.',
  })
  async receivePurchaseOrder(
    @Arg('id', () => ID) id: string,
    @Arg('lines', () => [TransferLineInput]) lines: TransferLineInput[],
    @Arg('overReason', () => String, { nullable: true }) overReason: string | null,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<PurchaseOrderPayload> {
    return PurchaseOrderPayload.from(await this.service.receive(id, lines, overReason ?? null, idempotencyKey, caller));
  }

  @Authorized('store')
  @Mutation(() => PurchaseOrderPayload, {
    description:
      'Closes an open purchase order short: what has not arrived is no longer expected, and why (1 to 200 characters).',
  })
  async closePurchaseOrder(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<PurchaseOrderPayload> {
    return PurchaseOrderPayload.from(await this.service.close(id, reason, idempotencyKey, caller));
  }
}
