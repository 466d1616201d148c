import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { TransferResult } from '../app/transfer.service';
import { inTransit, type Transfer, type TransferLine } from '../domain/transfer';
import { InventoryUserErrorType } from './user-error.type';

export const TransferStatus = {
  DRAFT: 'DRAFT',
  SHIPPED: 'SHIPPED',
  RECEIVED: 'RECEIVED',
  CANCELLED: 'CANCELLED',
} as const;
registerEnumType(TransferStatus, {
  name: 'TransferStatus',
  description: 'DRAFT → SHIPPED → RECEIVED (every unit received or written off), or DRAFT → CANCELLED.',
});

@ObjectType('TransferLine')
export class TransferLineType {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int, { description: 'Units received at the destination so far.' })
  received!: number;

  @Field(() => Int, { description: 'Units written off as lost on the way.' })
  writtenOff!: number;

  @Field(() => Int, { description: 'Units shipped and still on the way (0 before shipping).' })
  inTransit!: number;

  static from(this: void, line: TransferLine, shipped: boolean): TransferLineType {
    return Object.assign(new TransferLineType(), { ...line, inTransit: shipped ? inTransit(line) : 0 });
  }
}

@ObjectType('Transfer', { description: 'Stock moving from one location to another.' })
export class TransferType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  sourceId!: string;

  @Field(() => ID)
  destinationId!: string;

  @Field(() => TransferStatus)
  status!: Transfer['status'];

  @Field(() => String, { nullable: true })
  reference!: string | null;

  @Field(() => [TransferLineType])
  lines!: TransferLineType[];

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  static from(this: void, transfer: Transfer): TransferType {
    const shipped = transfer.status === 'SHIPPED' || transfer.status === 'RECEIVED';
    return Object.assign(new TransferType(), {
      ...transfer,
      lines: transfer.lines.map((line) => TransferLineType.from(line, shipped)),
      createdAt: new Date(transfer.createdAt),
      updatedAt: new Date(transfer.updatedAt),
    });
  }
}

@ObjectType('TransferPayload')
export class TransferPayload {
  @Field(() => TransferType, { nullable: true })
  transfer!: TransferType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];

  static from(this: void, result: TransferResult): TransferPayload {
    return Object.assign(new TransferPayload(), {
      transfer: result.transfer ? TransferType.from(result.transfer) : null,
      userErrors: result.userErrors,
    });
  }
}

@InputType('TransferLineInput')
export class TransferLineInput {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int, { description: '1 to 1,000,000.' })
  quantity!: number;
}

@InputType('CreateTransferInput')
export class CreateTransferInput {
  @Field(() => ID)
  sourceId!: string;

  @Field(() => ID)
  destinationId!: string;

  @Field(() => [TransferLineInput], { description: '1 to 100 lines, one per sku.' })
  lines!: TransferLineInput[];

  @Field(() => String, { nullable: true, description: 'A URI for the source document, such as a picking list.' })
  reference?: string | null;
}
