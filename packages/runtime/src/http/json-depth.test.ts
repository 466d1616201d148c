import { jsonNestsDeeperThan } from './json-depth';

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonNestsDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"q":"[[[[[[[[{{{{"}', 1)).toBe(false);
    expect(jsonNestsDeeperThan('{"q":"a\\"[[[[","r":1}', 1)).toBe(false);
    expect(jsonNestsDeeperThan('"just a string"', 0)).toBe(false);
  });

  it('finds a bomb of 300,000 levels without parsing it', () => {
    const bomb = `{"query":"{ __typename }","extensions":${'['.repeat(300_000)}${']'.repeat(300_000)}}`;
    expect(jsonNestsDeeperThan(bomb, 32)).toBe(true);
  });
});
