import { availabilityByLocation } from './location-availability';

const berlin = { id: 'berlin', priority: 2 };
const lisbon = { id: 'lisbon', priority: 1 };
const madrid = { id: 'madrid', priority: 1 };

describe('availabilityByLocation', () => {
  it('orders locations by priority, then id, and keeps only what each can sell', () => {
    // Arrange
    const stocked = [
      { location: berlin, level: { onHand: 10, reserved: 2, safetyStock: 1, version: 4 } },
      { location: madrid, level: { onHand: 5, reserved: 0, safetyStock: 0, version: 1 } },
      { location: lisbon, level: { onHand: 3, reserved: 4, safetyStock: 0, version: 9 } },
    ];

    // Act
    const result = availabilityByLocation(stocked);

    // Assert
    expect(result).toEqual([
      { location: lisbon, available: 0, version: 9 },
      { location: madrid, available: 5, version: 1 },
      { location: berlin, available: 7, version: 4 },
    ]);
  });

  it('answers an empty list for a sku stocked nowhere', () => {
    expect(availabilityByLocation([])).toEqual([]);
  });
});
