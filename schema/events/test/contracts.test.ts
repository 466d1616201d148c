import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  CATEGORY_UPSERTED,
  type CategoryUpsertedData,
  EVENT_SCHEMA_DIR,
  orderEventType,
  PRODUCT_UPSERTED,
  RESERVATION_EVENT_TYPES,
  STOCK_CHANGED,
  TOPICS,
  WAREHOUSE_STOCK_UPDATED,
  type OrderStatusChangedData,
  type OrderStatusData,
  type ProductUpsertedData,
  type ReservationEventData,
  type StockChangedData,
  type WarehouseStockUpdatedData,
} from '../src';

interface TopicSchema {
  properties: { type: { const?: string; enum?: string[] }; data: { properties: Record<string, unknown> } };
}

const schemaOf = (topic: string): TopicSchema =>
  JSON.parse(fs.readFileSync(path.join(EVENT_SCHEMA_DIR, `${topic}.schema.json`), 'utf8')) as TopicSchema;

const typesOf = (topic: string): string[] => {
  const type = schemaOf(topic).properties.type;
  return type.const === undefined ? (type.enum ?? []) : [type.const];
};

describe('event contracts', () => {
  it('has exactly one JSON Schema per topic', () => {
    const files = fs
      .readdirSync(EVENT_SCHEMA_DIR)
      .filter((file) => file.endsWith('.schema.json') && file !== 'cloudevent.schema.json')
      .map((file) => file.replace(/\.schema\.json$/, ''))
      .sort();
    expect(files).toEqual(Object.values(TOPICS).sort());
  });

  it('names the same event types as the schemas', () => {
    expect(typesOf(TOPICS.inventoryStock)).toEqual([STOCK_CHANGED]);
    expect(typesOf(TOPICS.inventoryReservations).sort()).toEqual(Object.values(RESERVATION_EVENT_TYPES).sort());
    expect(typesOf(TOPICS.warehouseStockUpdated)).toEqual([WAREHOUSE_STOCK_UPDATED]);
    expect(typesOf(TOPICS.catalogProducts)).toEqual([PRODUCT_UPSERTED]);
    expect(typesOf(TOPICS.catalogCategories)).toEqual([CATEGORY_UPSERTED]);
    const statuses: OrderStatusData[] = ['PENDING', 'RESERVED', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED'];
    expect(typesOf(TOPICS.orderEvents).sort()).toEqual(statuses.map(orderEventType).sort());
  });

  describe('a payload built from each type passes its schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema(
      JSON.parse(fs.readFileSync(path.join(EVENT_SCHEMA_DIR, 'cloudevent.schema.json'), 'utf8')) as object,
      'cloudevent.schema.json',
    );
    const envelope = (type: string, data: object) => ({
      specversion: '1.0',
      id: 'e-1',
      source: '/test',
      type,
      time: '2026-12-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      data,
    });
    const check = (topic: string, type: string, data: object) => {
      const validate = ajv.compile(schemaOf(topic));
      expect(validate(envelope(type, data)) ? [] : validate.errors).toEqual([]);
    };

    it.each([
      [
        TOPICS.inventoryStock,
        STOCK_CHANGED,
        {
          sku: 'SG-1',
          locationId: 'wh-1',
          region: 'eu',
          onHand: 5,
          reserved: 1,
          safetyStock: 0,
          available: 4,
          version: 3,
          delta: { onHand: 0, reserved: 1, safetyStock: 0 },
          cause: 'RESERVE',
          flags: [],
          reservationId: 'r-1',
          sourceEventId: null,
          sourceTime: null,
          changedAt: 1,
        } satisfies StockChangedData,
      ],
      [
        TOPICS.inventoryReservations,
        RESERVATION_EVENT_TYPES.CREATED,
        {
          reservationId: 'r-1',
          status: 'ACTIVE',
          reference: null,
          expiresAt: 1,
          lines: [{ sku: 'SG-1', locationId: 'wh-1', quantity: 1 }],
        } satisfies ReservationEventData,
      ],
      [
        TOPICS.warehouseStockUpdated,
        WAREHOUSE_STOCK_UPDATED,
        {
          sku: 'SG-1',
          locationId: 'wh-1',
          onHand: 5,
          sequence: 2,
          observedAt: '2026-12-01T00:00:00Z',
        } satisfies WarehouseStockUpdatedData,
      ],
      [
        TOPICS.catalogProducts,
        PRODUCT_UPSERTED,
        {
          sku: 'SG-1',
          name: 'Mug',
          description: null,
          categoryId: null,
          priceAmount: 900,
          priceCurrency: 'EUR',
          active: true,
          updatedAt: 1,
        } satisfies ProductUpsertedData,
      ],
      [
        TOPICS.catalogCategories,
        CATEGORY_UPSERTED,
        { id: 'mugs', name: 'Mugs', updatedAt: 1 } satisfies CategoryUpsertedData,
      ],
      [
        TOPICS.orderEvents,
        orderEventType('RESERVED'),
        {
          orderId: 'o-1',
          customerId: 'c-1',
          status: 'RESERVED',
          previousStatus: 'PENDING',
          reference: null,
          cause: 'stock held',
          reservationId: 'r-1',
          holdExpiresAt: 2,
          paymentReference: null,
          failure: null,
          totalAmount: 900,
          currency: 'EUR',
          lines: [{ sku: 'SG-1', quantity: 1, unitPrice: 900 }],
          createdAt: 1,
          changedAt: 2,
        } satisfies OrderStatusChangedData,
      ],
    ])('%s', (topic, type, data) => check(topic, type, data));
  });
});
