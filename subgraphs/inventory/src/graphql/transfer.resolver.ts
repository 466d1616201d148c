import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { TransferService } from '../app/transfer.service';
import type { InventoryContext } from './context';
import { CreateTransferInput, TransferLineInput, TransferPayload, TransferStatus, TransferType } from './transfer.type';

/** Transfers between locations: operations anywhere, store staff from their own locations (and receiving at them). */
@Resolver()
export class TransferResolver {
  constructor(private readonly service: TransferService) {}

  @Authorized('store', 'service')
  @Query(() => TransferType, { nullable: true, description: "A transfer from or to one of the caller's locations." })
  async transfer(@Arg('id', () => ID) id: string, @Ctx() { caller }: InventoryContext): Promise<TransferType | null> {
    const transfer = await this.service.get(id, caller);
    return transfer && TransferType.from(transfer);
  }

  @Authorized('store', 'service')
  @Query(() => [TransferType], {
    description: "The newest transfers from or to the caller's locations (any, for operations). first: 1 to 100 (20).",
  })
  async transfers(
    @Arg('status', () => TransferStatus, { nullable: true }) status: TransferType['status'] | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() { caller }: InventoryContext,
  ): Promise<TransferType[]> {
    return (await this.service.list(status, first, caller)).map(TransferType.from);
  }

  @Authorized('store')
  @Mutation(() => TransferPayload, {
    description: 'Drafts a transfer from the source (yours) to another location. Nothing moves yet.',
  })
  async createTransfer(
    @Arg('input') input: CreateTransferInput,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<TransferPayload> {
    return TransferPayload.from(await this.service.create(input, idempotencyKey, caller));
  }

  @Authorized('store')
  @Mutation(() => TransferPayload, {
    description:
      "Ships a draft: its units leave the source's on hand and become the destination's incoming. Only available units ship (INSUFFICIENT_STOCK otherwise, and nothing moves).",
  })
  async shipTransfer(
    @Arg('id', () => ID) id: string,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<TransferPayload> {
    return TransferPayload.from(await this.service.ship(id, idempotencyKey, caller));
  }

  @Authorized('store')
  @Mutation(() => TransferPayload, {
    description:
      'At the destination: takes in units of a shipped transfer (incoming becomes on hand), and writes off units lost on the way; in full or in part, never more than is still on the way.',
  })
  async receiveTransfer(
    @Arg('id', () => ID) id: string,
    @Arg('received', () => [TransferLineInput], { defaultValue: [] }) received: TransferLineInput[],
    @Arg('writtenOff', () => [TransferLineInput], { defaultValue: [] }) writtenOff: TransferLineInput[],
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<TransferPayload> {
    return TransferPayload.from(await this.service.receive(id, { received, writtenOff }, idempotencyKey, caller));
  }

  @Authorized('store')
  @Mutation(() => TransferPayload, {
    description: 'Cancels a draft. A shipped transfer is received or written off instead.',
  })
  async cancelTransfer(
    @Arg('id', () => ID) id: string,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<TransferPayload> {
    return TransferPayload.from(await this.service.cancel(id, idempotencyKey, caller));
  }
}
