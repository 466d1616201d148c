import { RateGate } from '../src/subscriptions/sharing/rate-gate';

describe('RateGate', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const gate = () => {
    const sent: string[] = [];
    const replaced: string[] = [];
    const rate = new RateGate<string>(
      100,
      (item) => sent.push(item),
      (item) => replaced.push(item),
      () => Date.now(),
    );
    return { rate, sent, replaced };
  };

  it('sends the first result at once, holds a sooner one for its turn, and lets the newest replace what waits', () => {
    const { rate, sent, replaced } = gate();
    rate.offer('SG-1@madrid', 'v1');
    expect(sent).toEqual(['v1']);
    jest.advanceTimersByTime(10);
    rate.offer('SG-1@madrid', 'v2');
    jest.advanceTimersByTime(10);
    rate.offer('SG-1@madrid', 'v3');
    expect(sent).toEqual(['v1']);
    expect(replaced).toEqual(['v2']);
    jest.advanceTimersByTime(79);
    expect(sent).toEqual(['v1']);
    jest.advanceTimersByTime(1);
    // The latest value, exactly one interval after the last one sent.
    expect(sent).toEqual(['v1', 'v3']);
    // Its turn now counts from then.
    rate.offer('SG-1@madrid', 'v4');
    jest.advanceTimersByTime(99);
    expect(sent).toEqual(['v1', 'v3']);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual(['v1', 'v3', 'v4']);
  });

  it('holds each key to its own turn', () => {
    const { rate, sent } = gate();
    rate.offer('SG-1@madrid', 'a1');
    rate.offer('SG-2@madrid', 'b1');
    rate.offer('SG-1@berlin', 'c1');
    rate.offer('SG-1@madrid', 'a2');
    expect(sent).toEqual(['a1', 'b1', 'c1']);
    jest.advanceTimersByTime(100);
    expect(sent).toEqual(['a1', 'b1', 'c1', 'a2']);
  });

  it('sends a result at once when its key has been quiet for an interval', () => {
    const { rate, sent } = gate();
    rate.offer('SG-1@madrid', 'v1');
    jest.advanceTimersByTime(100);
    rate.offer('SG-1@madrid', 'v2');
    expect(sent).toEqual(['v1', 'v2']);
  });

  it('sends nothing that waits once closed', () => {
    const { rate, sent } = gate();
    rate.offer('SG-1@madrid', 'v1');
    rate.offer('SG-1@madrid', 'v2');
    rate.close();
    jest.advanceTimersByTime(1000);
    expect(sent).toEqual(['v1']);
  });

  it('forgets keys whose turn has passed, however many it has seen', () => {
    const { rate, sent } = gate();
    for (let i = 0; i < 10_000; i += 1) {
      rate.offer(`SG-${i}`, `v${i}`);
      jest.advanceTimersByTime(1);
    }
    expect(sent).toHaveLength(10_000);
    expect((rate as unknown as { sentAt: Map<string, number> }).sentAt.size).toBeLessThan(8192);
  });
});
