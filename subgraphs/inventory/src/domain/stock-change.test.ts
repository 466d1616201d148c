import { stockChange } from './stock-change';
import { NO_STATES, type StockLevel } from './stock-level';

const level: StockLevel = {
  sku: 'SG-1',
  locationId: 'madrid',
  onHand: 10,
  reserved: 2,
  safetyStock: 1,
  ...NO_STATES,
  version: 7,
  updatedAt: 1_000,
};

describe('stockChange', () => {
  it('leaves the row as the guarded UPDATE does: quantities moved, version bumped, updated now', () => {
    // Arrange
    const delta = { onHand: -2, reserved: -2, safetyStock: 0 };

    // Act
    const change = stockChange(level, delta, 5_000);

    // Assert
    expect(change).toEqual({
      before: level,
      after: { ...level, onHand: 8, reserved: 0, version: 8, updatedAt: 5_000 },
      delta,
    });
    expect('source' in change).toBe(false);
  });

  it('carries the warehouse event a count change applied', () => {
    const change = stockChange(level, { onHand: 5, reserved: 0, safetyStock: 0 }, 5_000, {
      eventId: 'e-1',
      time: 4_000,
    });

    expect(change.source).toEqual({ eventId: 'e-1', time: 4_000 });
  });
});
