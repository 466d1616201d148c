import { ConnectionCap } from './connection-cap';

describe('ConnectionCap', () => {
  it('admits up to the cap per key and refuses the next, keys apart', () => {
    // Arrange
    const cap = new ConnectionCap(2);
    // Act
    const a = [cap.admit('ip:a'), cap.admit('ip:a'), cap.admit('ip:a')];
    const b = cap.admit('ip:b');
    // Assert
    expect(a.map((release) => release !== null)).toEqual([true, true, false]);
    expect(b).not.toBeNull();
    expect([cap.count('ip:a'), cap.count('ip:b')]).toEqual([2, 1]);
  });

  it('frees a place on release, once however often the release is called', () => {
    const cap = new ConnectionCap(2);
    const first = cap.admit('ip:a');
    cap.admit('ip:a');

    first?.();
    first?.();

    expect(cap.count('ip:a')).toBe(1);
    expect(cap.admit('ip:a')).not.toBeNull();
    expect(cap.admit('ip:a')).toBeNull();
  });

  it('counts but never refuses with a cap of 0', () => {
    const cap = new ConnectionCap(0);
    const releases = Array.from({ length: 1000 }, () => cap.admit('ip:a'));
    expect(releases.every((release) => release !== null)).toBe(true);
    expect(cap.count('ip:a')).toBe(1000);
  });
});
