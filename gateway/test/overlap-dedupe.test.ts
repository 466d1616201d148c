import { OverlapDedupe } from '../src/subscriptions/sharing/overlap-dedupe';

const event = (n: number) => ({ tick: { n } });

describe('OverlapDedupe', () => {
  it('passes everything, without looking, while one upstream sends', () => {
    const dedupe = new OverlapDedupe(1000);
    expect([1, 1, 2].map((n) => dedupe.pass(1, event(n)))).toEqual([true, true, true]);
  });

  it('passes an event both upstreams send once, and two equal events twice', () => {
    const dedupe = new OverlapDedupe(1000);
    dedupe.begin();
    expect(dedupe.pass(1, event(1))).toBe(true);
    expect(dedupe.pass(2, event(1))).toBe(false);
    // Two genuinely equal events: each upstream sends both copies.
    expect([
      dedupe.pass(1, event(5)),
      dedupe.pass(1, event(5)),
      dedupe.pass(2, event(5)),
      dedupe.pass(2, event(5)),
    ]).toEqual([true, true, false, false]);
    dedupe.reset();
  });

  it('after the older upstream goes, still holds back the newer one’s late copies of what the older passed, then only those', () => {
    const dedupe = new OverlapDedupe(60_000);
    dedupe.begin();
    // The older (1) is ahead of the newer (2) by two events when it is released.
    [1, 2, 3].forEach((n) => expect(dedupe.pass(1, event(n))).toBe(true));
    expect(dedupe.pass(2, event(1))).toBe(false);
    dedupe.retire(2);
    expect(dedupe.pass(2, event(2))).toBe(false);
    expect(dedupe.pass(2, event(3))).toBe(false);
    expect(dedupe.pass(2, event(4))).toBe(true);
    // Everything held back has come: an event equal to an earlier one is new again.
    expect(dedupe.pass(2, event(2))).toBe(true);
  });
});
