import { NO_STATES, type StockLevel, available } from './stock-level';
import { planStateMove, stateMoveDelta, type StateMoveRequest, validateStateMove } from './stock-state-move';

const level = (over: Partial<StockLevel> = {}): StockLevel => ({
  sku: 'SG-1',
  locationId: 'madrid',
  onHand: 10,
  reserved: 3,
  safetyStock: 2,
  ...NO_STATES,
  version: 1,
  updatedAt: 0,
  ...over,
});
const move = (over: Partial<StateMoveRequest>): StateMoveRequest => ({
  sku: 'SG-1',
  locationId: 'madrid',
  quantity: 2,
  from: 'SELLABLE',
  to: 'DAMAGED',
  reason: 'inspection',
  ...over,
});

describe('stock states', () => {
  it('sells only what is neither held, kept back, damaged nor in quality control', () => {
    expect(available(level())).toBe(5);
    expect(available(level({ damaged: 2, qualityControl: 1 }))).toBe(2);
    expect(available(level({ damaged: 9 }))).toBe(0);
  });

  it('moves units between states, and writes damaged or quality-control units off on hand', () => {
    expect(stateMoveDelta(move({}))).toEqual({ onHand: 0, reserved: 0, safetyStock: 0, damaged: 2 });
    expect(stateMoveDelta(move({ from: 'DAMAGED', to: 'QUALITY_CONTROL' }))).toEqual({
      onHand: 0,
      reserved: 0,
      safetyStock: 0,
      damaged: -2,
      qualityControl: 2,
    });
    expect(stateMoveDelta(move({ from: 'QUALITY_CONTROL', to: 'WRITTEN_OFF' }))).toEqual({
      onHand: -2,
      reserved: 0,
      safetyStock: 0,
      qualityControl: -2,
    });
    expect(stateMoveDelta(move({ from: 'DAMAGED', to: 'SELLABLE' }))).toEqual({
      onHand: 0,
      reserved: 0,
      safetyStock: 0,
      damaged: -2,
    });
  });

  it('never marks a held unit damaged, nor moves more out of a state than it holds', () => {
    // 10 on hand, 3 held: 7 sound units may become damaged (the safety buffer is no shelf).
    expect(planStateMove(level(), move({ quantity: 7 })).ok).toBe(true);
    expect(planStateMove(level(), move({ quantity: 8 }))).toMatchObject({
      ok: false,
      error: { code: 'INSUFFICIENT_STOCK', message: expect.stringContaining('only 7 units') as unknown },
    });
    expect(planStateMove(level({ damaged: 1 }), move({ from: 'DAMAGED', to: 'SELLABLE' }))).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('only 1 units of SG-1 at madrid are damaged') as unknown },
    });
  });

  it('refuses a move to the same state, sellable units written off, and bad quantities, with a code', () => {
    const code = (request: StateMoveRequest) => {
      try {
        validateStateMove(request);
        return null;
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(code(move({ to: 'SELLABLE' }))).toBe('INVALID_STATE_MOVE');
    expect(code(move({ to: 'WRITTEN_OFF' }))).toBe('INVALID_STATE_MOVE');
    expect(code(move({ quantity: 0 }))).toBe('INVALID_QUANTITY');
    expect(code(move({ quantity: 1.5 }))).toBe('INVALID_QUANTITY');
    expect(code(move({}))).toBeNull();
  });
});
