import { useEffect, useRef } from 'react';

/**
 * Asks again after a failed load, waiting longer each time (1 s, 2 s, 4 s … up to 30 s), until
 * it succeeds: a busy gateway or a restarting service is a moment, and a shopper should not
 * have to reload the page to get past it. The wait starts over once a load succeeds.
 */
export function useRetryAfterError(error: unknown, retry: () => unknown): void {
  const failures = useRef(0);
  const again = useRef(retry);
  again.current = retry;
  useEffect(() => {
    if (!error) {
      failures.current = 0;
      return undefined;
    }
    const waitMs = Math.min(30_000, 1000 * 2 ** failures.current);
    failures.current += 1;
    const timer = setTimeout(() => void Promise.resolve(again.current()).catch(() => undefined), waitMs);
    return () => clearTimeout(timer);
  }, [error]);
}
