import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { unauthenticated } from '@stockgraph/domain';
import type { TillSignIn } from '../app/till-sign-in';
import type { StoreContext } from './context';

@ObjectType({ description: "A till's session at this store: send `token` as `Authorization: Bearer <token>`." })
export class TillSessionType {
  @Field()
  token!: string;

  @Field()
  cashier!: string;

  @Field({ description: 'When the till must sign in again (the end of a shift).' })
  expiresAt!: Date;
}

/**
 * Cashiers and till sessions. `tillSignIn` needs no token (the PIN is the credential, checked
 * here, offline too); `tillSignOut` ends the caller's own session; cashiers are managed by the
 * shop's staff with a central store token for this location, or by ops.
 */
@Resolver()
export class CashierResolver {
  constructor(private readonly tills: TillSignIn) {}

  @Mutation(() => TillSessionType, { description: 'Signs a cashier in at this till with their PIN or password.' })
  async tillSignIn(@Arg('cashier') cashier: string, @Arg('pin') pin: string): Promise<TillSessionType> {
    const session = await this.tills.signIn(cashier, pin);
    return Object.assign(new TillSessionType(), { ...session, expiresAt: new Date(session.expiresAt) });
  }

  @Authorized('store')
  @Mutation(() => Boolean, { description: "Ends this till's session; true if it was open." })
  async tillSignOut(@Ctx() { tillToken }: StoreContext): Promise<boolean> {
    if (!tillToken) throw unauthenticated('tillSignOut ends a till session: send the one tillSignIn gave');
    return this.tills.signOut(tillToken);
  }

  @Authorized('store')
  @Query(() => [String], { description: "This shop's cashiers, by name (its staff with a central token, or ops)." })
  cashiers(@Ctx() { caller }: StoreContext): Promise<string[]> {
    return this.tills.cashierNames(caller);
  }

  @Authorized('store')
  @Mutation(() => Boolean, {
    description: 'Adds a cashier or sets a new PIN (its staff with a central token, or ops).',
  })
  async setCashier(
    @Arg('name') name: string,
    @Arg('pin') pin: string,
    @Ctx() { caller }: StoreContext,
  ): Promise<boolean> {
    await this.tills.setCashier(caller, name, pin);
    return true;
  }

  @Authorized('store')
  @Mutation(() => Boolean, { description: 'Removes a cashier and ends their sessions; false if there was none.' })
  removeCashier(@Arg('name') name: string, @Ctx() { caller }: StoreContext): Promise<boolean> {
    return this.tills.removeCashier(caller, name);
  }
}
