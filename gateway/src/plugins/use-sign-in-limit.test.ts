import { Kind, parse } from 'graphql';
import { credentialAttempts } from './use-sign-in-limit';

const attemptsIn = (source: string) => {
  const document = parse(source);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('no operation');
  return credentialAttempts(operation.selectionSet, document);
};

describe('credentialAttempts', () => {
  it('counts every signIn, register and refreshSession at the root, aliases one each', () => {
    expect(attemptsIn('mutation { a: signIn(input: $i) { tokenType } b: signIn(input: $j) { tokenType } }')).toBe(2);
    expect(
      attemptsIn('mutation { register(input: $i) { tokenType } refreshSession(refreshToken: "x") { tokenType } }'),
    ).toBe(2);
  });

  it('looks through fragments and inline fragments, each fragment once', () => {
    expect(
      attemptsIn(
        'mutation { ...F ...F ... on Mutation { c: signIn(input: $i) { tokenType } } } fragment F on Mutation { signIn(input: $i) { tokenType } d: signIn(input: $i) { tokenType } }',
      ),
    ).toBe(3);
  });

  it('leaves other mutations alone, sign-out included (it proves nothing)', () => {
    expect(attemptsIn('mutation { signOut(refreshToken: "x") placeOrder { id } }')).toBe(0);
  });
});
