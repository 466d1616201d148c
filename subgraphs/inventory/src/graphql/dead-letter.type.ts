import type { DeadLetterAction, DeskLetter, DeskOutcome } from '@stockgraph/messaging';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum DeadLetterStatus {
  WAITING = 'waiting',
  REPLAYED = 'replayed',
  DISCARDED = 'discarded',
}
registerEnumType(DeadLetterStatus, {
  name: 'DeadLetterStatus',
  description: 'What was last done to a dead letter.',
});

@ObjectType('DeadLetterAction', { description: 'A replay or discard of a dead letter, as recorded.' })
export class DeadLetterActionType {
  @Field(() => ID, { description: 'The letter acted on.' })
  letterId!: string;

  @Field(() => DeadLetterStatus)
  action!: DeadLetterStatus;

  @Field({ description: "A replay's: the letter's reason; a discard's: why, as the operator wrote it." })
  reason!: string;

  @Field({ description: 'The operator.' })
  by!: string;

  @Field()
  at!: Date;

  @Field(() => String, { nullable: true, description: 'The CloudEvent id the replay carried.' })
  replayEventId!: string | null;

  static from(this: void, action: DeadLetterAction): DeadLetterActionType {
    return Object.assign(new DeadLetterActionType(), {
      letterId: action.letter,
      action: action.action as DeadLetterStatus,
      reason: action.reason,
      by: action.by,
      at: new Date(action.at),
      replayEventId: action.replayEventId ?? null,
    });
  }
}

@ObjectType('DeadLetter', { description: 'An event a consumer could not process, kept on `<topic>.dlq` with why.' })
export class DeadLetterType {
  @Field(() => ID, { description: '`<dlq topic>:<partition>:<offset>`: where it sits; `npm run dlq` names it so too.' })
  id!: string;

  @Field({ description: 'The dead-letter topic, such as warehouse.stock-updated.v1.dlq.' })
  topic!: string;

  @Field(() => String, { nullable: true, description: 'Why it was refused, such as UNKNOWN_LOCATION.' })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'What exactly was wrong (at most 1,000 characters).' })
  detail!: string | null;

  @Field(() => String, { nullable: true, description: 'The consumer that refused it.' })
  consumer!: string | null;

  @Field(() => Date, { nullable: true })
  failedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The event key (a sku, a reservation or order id), at most 200 characters.',
  })
  key!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The event as it was sent, whole; null when larger than 64 KiB (`npm run dlq -- show` reads it).',
  })
  value!: string | null;

  @Field(() => DeadLetterStatus)
  status!: DeadLetterStatus;

  @Field(() => [DeadLetterActionType], { description: 'Replays and discards, oldest first.' })
  actions!: DeadLetterActionType[];

  static from(this: void, letter: DeskLetter): DeadLetterType {
    return Object.assign(new DeadLetterType(), {
      id: letter.id,
      topic: letter.dlqTopic,
      reason: letter.reason,
      detail: letter.detail,
      consumer: letter.consumer,
      failedAt: letter.failedAt === null ? null : new Date(letter.failedAt),
      key: letter.key,
      value: letter.value,
      status: letter.status as DeadLetterStatus,
      actions: letter.actions.map(DeadLetterActionType.from),
    });
  }
}

@ObjectType('DeadLetterList', { description: 'The newest dead letters held by the inventory service, newest first.' })
export class DeadLetterListType {
  @Field(() => Int, { description: 'Letters that match, of those held (the newest 500 of each topic).' })
  total!: number;

  @Field(() => [DeadLetterType])
  letters!: DeadLetterType[];
}

@ObjectType('SkippedDeadLetter')
export class SkippedDeadLetterType {
  @Field(() => ID)
  letterId!: string;

  @Field({ description: 'Why nothing was done to it, such as "already replayed".' })
  why!: string;
}

@ObjectType('DeadLetterOutcome', { description: 'What a replay or discard did, letter by letter.' })
export class DeadLetterOutcomeType {
  @Field(() => [DeadLetterActionType])
  done!: DeadLetterActionType[];

  @Field(() => [SkippedDeadLetterType])
  skipped!: SkippedDeadLetterType[];

  static from(this: void, outcome: DeskOutcome): DeadLetterOutcomeType {
    return Object.assign(new DeadLetterOutcomeType(), {
      done: outcome.done.map(DeadLetterActionType.from),
      skipped: outcome.skipped.map(({ letter, why }) =>
        Object.assign(new SkippedDeadLetterType(), { letterId: letter, why }),
      ),
    });
  }
}
