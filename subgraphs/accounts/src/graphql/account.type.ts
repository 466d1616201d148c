import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Account as AccountRecord } from '../domain/account';
import type { IssuedSession } from '../app/session-issuer';

export const AccountStatus = { ACTIVE: 'ACTIVE', DISABLED: 'DISABLED' } as const;
registerEnumType(AccountStatus, {
  name: 'AccountStatus',
  description: 'ACTIVE accounts sign in; DISABLED ones (by ops) cannot, and their sessions are ended.',
});

@ObjectType({
  description:
    'A customer account. Its id is the `sub` of every token issued for it, and the customer id of its orders.',
})
export class Account {
  @Field(() => ID)
  id!: string;

  @Field()
  email!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => AccountStatus)
  status!: AccountRecord['status'];

  @Field(() => String, { nullable: true, description: 'Why ops disabled the account; null while it is active.' })
  disabledReason!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: 'A signed-in session: a short-lived access token and the refresh token that renews it.' })
export class AccountSession {
  @Field({ description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string;

  @Field({ description: 'Always `Bearer`.' })
  tokenType!: string;

  @Field(() => Int, { description: 'Seconds the access token is accepted for.' })
  expiresIn!: number;

  @Field({
    description:
      'Spend with refreshSession for a new pair before the access token lapses; each works once (a reused one ends the session).',
  })
  refreshToken!: string;

  @Field({ description: 'When this sign-in ends however often it is refreshed.' })
  sessionExpiresAt!: Date;

  @Field(() => Account)
  account!: Account;
}

export function toAccount(account: AccountRecord): Account {
  return Object.assign(new Account(), { ...account, createdAt: new Date(account.createdAt) });
}

export function toSession(session: IssuedSession): AccountSession {
  return Object.assign(new AccountSession(), {
    accessToken: session.accessToken,
    tokenType: 'Bearer',
    expiresIn: session.accessTokenExpiresIn,
    refreshToken: session.refreshToken,
    sessionExpiresAt: new Date(session.sessionExpiresAt),
    account: toAccount(session.account),
  });
}
