import { DomainError, textProblem } from '@stockgraph/domain';

export type CashierErrorCode =
  'INVALID_CASHIER' | 'INVALID_PIN' | 'INVALID_CREDENTIALS' | 'CASHIER_LOCKED' | 'TILL_BUSY';

export const MAX_CASHIER_NAME_LENGTH = 64;
export const MIN_PIN_LENGTH = 4;
export const MAX_PIN_LENGTH = 64;

/** The name a cashier signs in with, as typed at the till: short text without control characters. */
export function requireCashierName(name: string, field = 'name'): string {
  const problem = textProblem(name, MAX_CASHIER_NAME_LENGTH);
  if (problem) throw new DomainError<CashierErrorCode>('INVALID_CASHIER', `a cashier's name ${problem}`, field);
  return name;
}

/**
 * A PIN or password: at least four characters (a four-digit PIN is what a till keypad
 * takes; the lock after a few wrong ones is what protects it), at most 64, no control characters.
 */
export function requirePinShape(pin: string, field = 'pin'): void {
  if (pin.length < MIN_PIN_LENGTH || pin.length > MAX_PIN_LENGTH || textProblem(pin, MAX_PIN_LENGTH) !== null)
    throw new DomainError<CashierErrorCode>(
      'INVALID_PIN',
      `a PIN or password is ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} characters, without line breaks or other control characters`,
      field,
    );
}
