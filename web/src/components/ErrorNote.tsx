import type { ApolloError } from '@apollo/client';
import { apiErrorMessage } from '../errors/messages';

/**
 * What went wrong, announced at once (role="alert"): a sentence, or a failed request
 * turned into one. Renders nothing when there is nothing to say.
 */
export function ErrorNote({ message, error }: { message?: string | null; error?: ApolloError | Error | null }) {
  const text = message ?? (error ? apiErrorMessage(error) : null);
  if (!text) return null;
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}
