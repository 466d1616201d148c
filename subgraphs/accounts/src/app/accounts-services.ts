import type { AccountQuery } from './account-query';
import type { AccountStatusChange } from './account-status';
import type { RefreshSession } from './refresh-session';
import type { Register } from './register';
import type { SignIn } from './sign-in';
import type { SignOut } from './sign-out';

/** The accounts service's use cases, as its composition root builds them; null when an external identity provider owns accounts. */
export interface AccountsServices {
  register: Register;
  signIn: SignIn;
  refresh: RefreshSession;
  signOut: SignOut;
  status: AccountStatusChange;
  query: AccountQuery;
}
