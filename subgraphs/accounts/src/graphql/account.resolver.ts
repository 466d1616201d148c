import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { AccountsServices } from '../app/accounts-services';
import { AccountError } from '../domain/errors';
import { Account, AccountSession, toAccount, toSession } from './account.type';
import { RegisterInput, SignInInput } from './account.inputs';
import type { AccountsContext } from './context';

/**
 * Sign-up, sign-in, refresh and sign-out are open to anyone (the password or refresh
 * token is the credential; the gateway bounds attempts per address); disabling accounts
 * is for ops; `me` is a customer's own account.
 */
@Resolver()
export class AccountResolver {
  constructor(private readonly services: AccountsServices | null) {}

  @Authorized('customer')
  @Query(() => Account, {
    nullable: true,
    description: 'The signed-in customer account; null for a token with no account behind it.',
  })
  async me(@Ctx() { caller }: AccountsContext): Promise<Account | null> {
    if (!caller.subject) return null;
    const account = await this.use().query.byId(caller.subject);
    return account ? toAccount(account) : null;
  }

  @Mutation(() => AccountSession, { description: 'Creates a customer account and signs it in.' })
  async register(@Arg('input') input: RegisterInput): Promise<AccountSession> {
    return toSession(
      await this.use().register.execute({
        email: input.email,
        password: input.password,
        displayName: input.displayName ?? null,
      }),
    );
  }

  @Mutation(() => AccountSession, { description: 'Signs in with email and password.' })
  async signIn(@Arg('input') input: SignInInput): Promise<AccountSession> {
    return toSession(await this.use().signIn.execute(input));
  }

  @Mutation(() => AccountSession, { description: 'Spends a refresh token for a new token pair (rotation).' })
  async refreshSession(@Arg('refreshToken') refreshToken: string): Promise<AccountSession> {
    return toSession(await this.use().refresh.execute(refreshToken));
  }

  @Mutation(() => Boolean, {
    description: 'Ends the session of this refresh token everywhere; true if it was still open.',
  })
  async signOut(@Arg('refreshToken') refreshToken: string): Promise<boolean> {
    return this.use().signOut.execute(refreshToken);
  }

  @Authorized('ops')
  @Mutation(() => Account, { description: 'Disables an account and ends all its sessions (ops).' })
  async disableAccount(@Arg('email') email: string, @Arg('reason') reason: string): Promise<Account> {
    return toAccount(await this.use().status.disable(email, reason));
  }

  @Authorized('ops')
  @Mutation(() => Account, { description: 'Lets a disabled account sign in again (ops).' })
  async enableAccount(@Arg('email') email: string): Promise<Account> {
    return toAccount(await this.use().status.enable(email));
  }

  private use(): AccountsServices {
    if (!this.services)
      throw new AccountError(
        'ACCOUNTS_EXTERNAL',
        'accounts are kept by the identity provider this installation is configured with: sign up and sign in there',
        undefined,
        'FORBIDDEN',
      );
    return this.services;
  }
}
