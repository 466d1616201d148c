import { useMutation, useQuery } from '@apollo/client';
import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { apiErrorMessage } from '../../errors/messages';
import { graphql } from '../../gql';
import type { DeadLetterStatus } from '../../gql/graphql';

const DeadLettersDocument = graphql(`
  query OpsDeadLetters($status: DeadLetterStatus, $reason: String, $first: Int!) {
    deadLetters(status: $status, reason: $reason, first: $first) {
      total
      letters {
        id
        topic
        reason
        detail
        consumer
        failedAt
        key
        value
        status
        actions {
          action
          reason
          by
          at
        }
      }
    }
  }
`);

graphql(`
  fragment DeadLetterOutcomeParts on DeadLetterOutcome {
    done {
      letterId
    }
    skipped {
      letterId
      why
    }
  }
`);

const ReplayDocument = graphql(`
  mutation OpsReplayDeadLetters($ids: [ID!], $reason: String) {
    replayDeadLetters(ids: $ids, reason: $reason) {
      ...DeadLetterOutcomeParts
    }
  }
`);

const DiscardDocument = graphql(`
  mutation OpsDiscardDeadLetters($ids: [ID!]!, $why: String!) {
    discardDeadLetters(ids: $ids, why: $why) {
      ...DeadLetterOutcomeParts
    }
  }
`);

const SHOWN = 50;
const POLL_MS = 5_000;
const STATUS_WORDS: Record<DeadLetterStatus, string> = {
  WAITING: 'waiting',
  REPLAYED: 'replayed',
  DISCARDED: 'discarded',
};

/** What a replay or discard answered, as the status line says it. */
interface Outcome {
  done: readonly unknown[];
  skipped: ReadonlyArray<{ letterId: string; why: string }>;
}

function outcomeText(verb: string, outcome: Outcome): string {
  const skipped = outcome.skipped.map((skip) => `${skip.letterId}: ${skip.why}`).join('; ');
  return `${outcome.done.length} ${verb}.${skipped ? ` Skipped ${skipped}.` : ''}`;
}

/**
 * Dead letters with operators' hands on them: choose letters and replay them (once their
 * cause is fixed) or discard them with a reason, or replay every waiting letter of a
 * reason. Discarding asks for a reason and a second press.
 */
export function DeadLetterDesk() {
  const [status, setStatus] = useState<DeadLetterStatus | ''>('WAITING');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [why, setWhy] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const { data, error, refetch } = useQuery(DeadLettersDocument, {
    variables: { first: SHOWN, ...(status ? { status } : {}) },
    pollInterval: POLL_MS,
    fetchPolicy: 'cache-and-network',
  });
  const [replay, replaying] = useMutation(ReplayDocument);
  const [discard, discarding] = useMutation(DiscardDocument);
  const letters = data?.deadLetters.letters ?? [];
  const ids = [...chosen].filter((id) => letters.some((letter) => letter.id === id));
  const busy = replaying.loading || discarding.loading;

  const act = async (run: () => Promise<string>) => {
    setOutcome(null);
    try {
      setOutcome(await run());
      setChosen(new Set());
      setConfirming(false);
    } catch (failure) {
      setOutcome(apiErrorMessage(failure as Error));
    }
    await refetch();
  };
  const onReplay = (variables: { ids: string[] } | { reason: string }) =>
    act(async () => {
      const answer = await replay({ variables });
      return answer.data ? outcomeText('replayed', answer.data.replayDeadLetters) : 'Nothing was replayed.';
    });
  const onDiscard = () =>
    act(async () => {
      const answer = await discard({ variables: { ids, why: why.trim() } });
      setWhy('');
      return answer.data ? outcomeText('discarded', answer.data.discardDeadLetters) : 'Nothing was discarded.';
    });
  const toggle = (id: string) =>
    setChosen((before) => {
      const after = new Set(before);
      if (after.has(id)) after.delete(id);
      else after.add(id);
      return after;
    });
  const reasons = [...new Set(letters.filter((l) => l.status === 'WAITING').map((l) => l.reason ?? ''))].filter(
    Boolean,
  );

  return (
    <section aria-labelledby="dead-letter-desk" className="panel panel--wide">
      <h2 id="dead-letter-desk">Dead letters</h2>
      <label className="field">
        <span>Show</span>
        <select value={status} onChange={(event) => setStatus(event.target.value as DeadLetterStatus | '')}>
          <option value="WAITING">Waiting</option>
          <option value="REPLAYED">Replayed</option>
          <option value="DISCARDED">Discarded</option>
          <option value="">All</option>
        </select>
      </label>
      <ErrorNote error={error} />
      {data ? (
        <p>
          {data.deadLetters.total} {data.deadLetters.total === 1 ? 'letter' : 'letters'}
          {data.deadLetters.total > letters.length ? `, the newest ${letters.length} shown` : ''}.
        </p>
      ) : null}
      <ul className="dead-letters" data-testid="dead-letter-desk">
        {letters.map((letter) => (
          <li key={letter.id} className="dead-letter">
            <label>
              <input
                type="checkbox"
                checked={chosen.has(letter.id)}
                onChange={() => toggle(letter.id)}
                aria-label={`Choose the ${letter.reason ?? 'letter'} of ${letter.key || 'no key'} (${letter.id})`}
              />{' '}
              <strong>{letter.reason ?? 'No reason given'}</strong> on {letter.topic.replace(/\.dlq$/, '')}
            </label>
            <p>
              {letter.detail} — key {letter.key || '∅'}
              {letter.consumer ? `, refused by ${letter.consumer}` : ''}
              {letter.failedAt ? (
                <>
                  {' '}
                  at <time dateTime={letter.failedAt}>{new Date(letter.failedAt).toLocaleString()}</time>
                </>
              ) : null}
              . <span className="muted">{STATUS_WORDS[letter.status]}</span>
              {letter.actions.length > 0
                ? ` (${letter.actions.map((done) => `${done.action.toLowerCase()} by ${done.by}: ${done.reason}`).join('; ')})`
                : ''}
            </p>
            {letter.value ? (
              <details>
                <summary>The event</summary>
                <pre className="dead-letter__value">{letter.value}</pre>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      {data && letters.length === 0 ? <p>No dead letters here.</p> : null}
      <div className="dead-letter-actions">
        <button
          type="button"
          className="button"
          disabled={busy || ids.length === 0}
          onClick={() => void onReplay({ ids })}
        >
          Replay {ids.length || ''} chosen
        </button>
        {reasons.map((reason) => (
          <button
            key={reason}
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => void onReplay({ reason })}
          >
            Replay every waiting {reason}
          </button>
        ))}
        <label className="field">
          <span>Why discard (recorded)</span>
          <input value={why} maxLength={500} onChange={(event) => setWhy(event.target.value)} />
        </label>
        {confirming ? (
          <>
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void onDiscard()}>
              Confirm: discard {ids.length} for good
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
              Keep them
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy || ids.length === 0 || why.trim().length === 0}
            onClick={() => setConfirming(true)}
          >
            Discard {ids.length || ''} chosen…
          </button>
        )}
      </div>
      <p role="status" aria-live="polite">
        {outcome}
      </p>
    </section>
  );
}
