export const ACCOUNT_STATUSES = ['ACTIVE', 'DISABLED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** A customer account; its id is the `sub` of every token issued for it. */
export interface Account {
  id: string;
  email: string;
  displayName: string | null;
  status: AccountStatus;
  /** Why ops disabled it; null while active. */
  disabledReason: string | null;
  createdAt: number;
}

/** Display names and reasons: short text a person typed, stored and shown back. */
export const MAX_DISPLAY_NAME_LENGTH = 100;
export const MAX_REASON_LENGTH = 500;
