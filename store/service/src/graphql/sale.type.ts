import { ConnectionType } from '@stockgraph/graphql-service';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ReturnResult, SellResult, SyncStatus } from '../app/till.service';
import type { DeadLetter } from '../infra/sync-outbox.repository';
import type { Sale, SaleReturn } from '../domain/sale';

export const SaleStatus = { PENDING: 'PENDING', SYNCED: 'SYNCED', REJECTED: 'REJECTED' } as const;
registerEnumType(SaleStatus, {
  name: 'SaleStatus',
  description:
    'PENDING: not yet recorded centrally; SYNCED: recorded; REJECTED: refused by the centre (in the store dead letters).',
});

export const TillUserErrorCode = {
  ALLOWANCE_EXCEEDED: 'ALLOWANCE_EXCEEDED',
  OFFLINE_ALLOWANCE_EXCEEDED: 'OFFLINE_ALLOWANCE_EXCEEDED',
  SALE_UNKNOWN: 'SALE_UNKNOWN',
  RETURN_EXCEEDS_SALE: 'RETURN_EXCEEDS_SALE',
} as const;
registerEnumType(TillUserErrorCode, {
  name: 'TillUserErrorCode',
  description: 'Why the till refused a sale; nothing was recorded.',
});

@ObjectType('TillUserError')
export class TillUserErrorType {
  @Field(() => TillUserErrorCode)
  code!: keyof typeof TillUserErrorCode;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: 'The input field concerned, such as lines.0.quantity.' })
  field!: string | null;
}

@ObjectType('SaleLine')
export class SaleLineType {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int, {
    nullable: true,
    description: "Units the centre took from the shop's allowance; null until synced.",
  })
  fromAllowance!: number | null;
}

@ObjectType('Sale')
export class SaleType {
  @Field(() => ID, { description: "The till's own id for the sale." })
  id!: string;

  @Field(() => SaleStatus)
  status!: keyof typeof SaleStatus;

  @Field({ description: 'Made while the centre could not be reached.' })
  offline!: boolean;

  @Field(() => [SaleLineType])
  lines!: SaleLineType[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  syncedAt!: Date | null;

  static from(this: void, sale: Sale): SaleType {
    return Object.assign(new SaleType(), {
      ...sale,
      createdAt: new Date(sale.createdAt),
      syncedAt: sale.syncedAt === null ? null : new Date(sale.syncedAt),
    });
  }
}

@ObjectType('SaleConnection')
export class SaleConnection extends ConnectionType(SaleType, 'Sale') {}

@InputType('SaleLineInput')
export class SaleLineInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int, { description: 'Units sold, 1 to 100,000.' })
  quantity!: number;
}

@ObjectType('SellPayload')
export class SellPayload {
  @Field(() => SaleType, {
    nullable: true,
    description: 'The sale (as first made, when its id was sent again); null when refused.',
  })
  sale!: SaleType | null;

  @Field(() => [TillUserErrorType])
  userErrors!: TillUserErrorType[];

  static from(this: void, result: SellResult): SellPayload {
    return { sale: result.sale ? SaleType.from(result.sale) : null, userErrors: result.userErrors };
  }
}

@ObjectType('SyncStatus', { description: "The shop's link with the centre." })
export class SyncStatusType {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the centre answered the last call; null before the first.',
  })
  online!: boolean | null;

  @Field(() => Int, { description: 'Sales not yet recorded centrally.' })
  backlog!: number;

  @Field(() => Date, { nullable: true, description: 'When the oldest of them was made.' })
  oldestPendingAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastSyncedAt!: Date | null;

  @Field(() => Int, { description: 'Units the till may still sell without the centre, over all skus.' })
  allowance!: number;

  static from(this: void, status: SyncStatus): SyncStatusType {
    const date = (ms: number | null) => (ms === null ? null : new Date(ms));
    return Object.assign(new SyncStatusType(), {
      ...status,
      oldestPendingAt: date(status.oldestPendingAt),
      lastSyncedAt: date(status.lastSyncedAt),
    });
  }
}

@ObjectType('SaleReturnLine')
export class SaleReturnLineType {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType('SaleReturn', { description: 'A return at this till of (some of) one of its sales.' })
export class SaleReturnType {
  @Field(() => ID, { description: "The till's own id for the return." })
  id!: string;

  @Field(() => ID)
  saleId!: string;

  @Field(() => SaleStatus)
  status!: keyof typeof SaleStatus;

  @Field(() => [SaleReturnLineType])
  lines!: SaleReturnLineType[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  syncedAt!: Date | null;

  static from(this: void, entry: SaleReturn): SaleReturnType {
    return Object.assign(new SaleReturnType(), {
      ...entry,
      createdAt: new Date(entry.createdAt),
      syncedAt: entry.syncedAt === null ? null : new Date(entry.syncedAt),
    });
  }
}

@ObjectType('ReturnSalePayload')
export class ReturnSalePayload {
  @Field(() => SaleReturnType, {
    nullable: true,
    description: 'The return (as first made, when its id was sent again); null when refused.',
  })
  saleReturn!: SaleReturnType | null;

  @Field(() => [TillUserErrorType])
  userErrors!: TillUserErrorType[];

  static from(this: void, result: ReturnResult): ReturnSalePayload {
    return {
      saleReturn: result.saleReturn ? SaleReturnType.from(result.saleReturn) : null,
      userErrors: result.userErrors,
    };
  }
}

@ObjectType('SyncDeadLetter', {
  description: 'A sale or return the centre refused for good: it needs a person to settle it.',
})
export class SyncDeadLetterType {
  @Field({ description: 'SALE or RETURN.' })
  kind!: string;

  @Field(() => ID, { description: 'The sale or return id.' })
  id!: string;

  @Field({ description: "The centre's code, such as INSUFFICIENT_STOCK or SALE_UNKNOWN." })
  code!: string;

  @Field()
  reason!: string;

  @Field()
  createdAt!: Date;

  static from(this: void, letter: DeadLetter): SyncDeadLetterType {
    return Object.assign(new SyncDeadLetterType(), {
      kind: letter.kind,
      id: letter.refId,
      code: letter.code,
      reason: letter.reason,
      createdAt: new Date(letter.createdAt),
    });
  }
}
