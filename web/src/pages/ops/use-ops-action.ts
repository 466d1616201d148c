import { useCallback, useState } from 'react';
import { apiErrorMessage } from '../../errors/messages';

/** What an ops mutation answers: its business refusals, if any. */
type Outcome = { userErrors: ReadonlyArray<{ message: string }> } | undefined;

/**
 * Runs one ops mutation and says how it went in one status line: `done`, the first refusal
 * ("Nothing changed: …"), or the request's failure; then reads the panel's data again.
 */
export function useOpsAction(refetch: () => Promise<unknown>) {
  const [status, setStatus] = useState<string | null>(null);
  const act = useCallback(
    async (done: string, run: () => Promise<Outcome>) => {
      setStatus(null);
      try {
        const refused = (await run())?.userErrors[0];
        setStatus(refused ? `Nothing changed: ${refused.message}.` : done);
      } catch (failure) {
        setStatus(apiErrorMessage(failure as Error));
      }
      await refetch();
    },
    [refetch],
  );
  return { status, act };
}
