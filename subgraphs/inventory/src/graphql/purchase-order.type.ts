import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { PurchaseOrderResult } from '../app/purchase-order.service';
import { outstanding, type PurchaseOrder } from '../domain/purchase-order';
import { TransferLineInput } from './transfer.type';
import { InventoryUserErrorType } from './user-error.type';

export const PurchaseOrderStatus = { OPEN: 'OPEN', RECEIVED: 'RECEIVED', CLOSED: 'CLOSED' } as const;
registerEnumType(PurchaseOrderStatus, {
  name: 'PurchaseOrderStatus',
  description: 'OPEN until every expected unit is received (RECEIVED), or closed short with a reason (CLOSED).',
});

@ObjectType('PurchaseOrderLine')
export class PurchaseOrderLineType {
  @Field(() => ID)
  sku!: string;

  @Field(() => Int)
  expected!: number;

  @Field(() => Int)
  received!: number;

  @Field(() => Int, { description: 'Expected and not yet received: counted as incoming while the order is open.' })
  outstanding!: number;
}

@ObjectType('PurchaseOrder', { description: 'Stock expected from a supplier at one location.' })
export class PurchaseOrderType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  locationId!: string;

  @Field()
  supplierReference!: string;

  @Field({ description: 'When the supplier said it would arrive.' })
  expectedAt!: Date;

  @Field(() => PurchaseOrderStatus)
  status!: PurchaseOrder['status'];

  @Field(() => String, { nullable: true })
  closeReason!: string | null;

  @Field(() => [PurchaseOrderLineType])
  lines!: PurchaseOrderLineType[];

  @Field()
  createdAt!: Date;

  static from(this: void, order: PurchaseOrder): PurchaseOrderType {
    const open = order.status === 'OPEN';
    return Object.assign(new PurchaseOrderType(), {
      ...order,
      expectedAt: new Date(order.expectedAt),
      createdAt: new Date(order.createdAt),
      lines: order.lines.map((line) =>
        Object.assign(new PurchaseOrderLineType(), { ...line, outstanding: open ? outstanding(line) : 0 }),
      ),
    });
  }
}

@ObjectType('PurchaseOrderPayload')
export class PurchaseOrderPayload {
  @Field(() => PurchaseOrderType, { nullable: true })
  purchaseOrder!: PurchaseOrderType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];

  static from(this: void, result: PurchaseOrderResult): PurchaseOrderPayload {
    return Object.assign(new PurchaseOrderPayload(), {
      purchaseOrder: result.purchaseOrder ? PurchaseOrderType.from(result.purchaseOrder) : null,
      userErrors: result.userErrors,
    });
  }
}

@InputType('CreatePurchaseOrderInput')
export class CreatePurchaseOrderInput {
  @Field(() => ID)
  locationId!: string;

  @Field({ description: "The supplier's order or delivery reference, 1 to 200 characters." })
  supplierReference!: string;

  @Field()
  expectedAt!: Date;

  @Field(() => [TransferLineInput], { description: '1 to 100 lines, one per sku, 1 to 1,000,000 units each.' })
  lines!: TransferLineInput[];
}
