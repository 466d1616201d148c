import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { DeadLetterService } from '../app/dead-letter.service';
import type { InventoryContext } from './context';
import { DeadLetterListType, DeadLetterOutcomeType, DeadLetterStatus, DeadLetterType } from './dead-letter.type';

const SELECTION =
  'Name the letters by ids (1 to 100), or every letter of a reason (optionally of one dead-letter topic), not both.';

/**
 * Dead letters, for operations only: the inventory service hosts the desk for every topic's
 * `.dlq` (it owns the stock pipeline, where warehouse counts are dead-lettered), read
 * through the event bus like any consumer.
 */
@Resolver()
export class DeadLetterResolver {
  constructor(private readonly desk: DeadLetterService) {}

  @Authorized('ops')
  @Query(() => DeadLetterListType, {
    description:
      'For operations: the dead letters of every topic, newest first, with why each was refused and what was done to it. topic and reason: at most 200 characters; first: 1 to 200 (50).',
  })
  deadLetters(
    @Arg('topic', () => String, { nullable: true }) topic: string | null,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('status', () => DeadLetterStatus, { nullable: true }) status: DeadLetterStatus | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
  ): DeadLetterListType {
    const { total, letters } = this.desk.list({ topic, reason, status, first });
    return Object.assign(new DeadLetterListType(), { total, letters: letters.map(DeadLetterType.from) });
  }

  @Authorized('ops')
  @Mutation(() => DeadLetterOutcomeType, {
    description: `For operations, once the cause is fixed: sends dead letters back to their source topic with a fresh event id, and records it. Letters already replayed or discarded are skipped unless again. ${SELECTION}`,
  })
  async replayDeadLetters(
    @Arg('ids', () => [ID], { nullable: true }) ids: string[] | null,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('topic', () => String, { nullable: true }) topic: string | null,
    @Arg('again', () => Boolean, { defaultValue: false }) again: boolean,
    @Ctx() { caller }: InventoryContext,
  ): Promise<DeadLetterOutcomeType> {
    return DeadLetterOutcomeType.from(await this.desk.replay({ ids, reason, topic }, again, caller));
  }

  @Authorized('ops')
  @Mutation(() => DeadLetterOutcomeType, {
    description: `For operations: records that dead letters are not to be replayed, and why (1 to 500 characters). ${SELECTION}`,
  })
  async discardDeadLetters(
    @Arg('why') why: string,
    @Arg('ids', () => [ID], { nullable: true }) ids: string[] | null,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('topic', () => String, { nullable: true }) topic: string | null,
    @Ctx() { caller }: InventoryContext,
  ): Promise<DeadLetterOutcomeType> {
    return DeadLetterOutcomeType.from(await this.desk.discard({ ids, reason, topic }, why, caller));
  }
}
