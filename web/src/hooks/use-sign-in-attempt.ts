import { useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { SignInError } from '../auth/session';
import { safeNextPath } from './safe-next-path';

/** Why the last attempt of one of a page's forms failed. */
export interface SignInProblem {
  /** Which form it was, so the sentence shows beside it. */
  form: string;
  message: string;
  /** The API's code, so a page can offer a way on (sign in instead of signing up, …). */
  code: string | null;
}

/**
 * One sign-in or sign-up attempt at a time for a page's forms: while one runs the forms
 * are busy; a refusal is kept as a sentence for the form that made it; success goes on to
 * the page's `next` (a path on this site only).
 */
export function useSignInAttempt() {
  const [, navigate] = useLocation();
  const search = new URLSearchParams(useSearch());
  const next = safeNextPath(search.get('next'));
  const [problem, setProblem] = useState<SignInProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (form: string, signIn: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await signIn();
      navigate(next);
    } catch (caught) {
      const known = caught instanceof SignInError;
      setProblem({
        form,
        message: known ? caught.message : 'Sign-in failed. Try again.',
        code: known ? caught.code : null,
      });
    } finally {
      setBusy(false);
    }
  };
  return {
    /** Where success leads. */
    next,
    /** The `email` the page was opened with (from sign-up's "sign in instead"), to start the form with. */
    email: search.get('email') ?? '',
    busy,
    run,
    problemOf: (form: string): SignInProblem | null => (problem?.form === form ? problem : null),
  };
}
