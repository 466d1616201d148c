import { ScrollRegion } from '../../components/ScrollRegion';
import { useMutation } from '@apollo/client';
import { useId, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { apiErrorMessage } from '../../errors/messages';
import { graphql } from '../../gql';
import type { StockImportOutcome } from '../../gql/graphql';

const ImportDocument = graphql(`
  mutation OpsImportStock($csv: String!, $key: String!, $dryRun: Boolean!) {
    importStockAdjustments(csv: $csv, idempotencyKey: $key, dryRun: $dryRun) {
      dryRun
      applied
      rows {
        line
        sku
        locationId
        outcome
        code
        message
        onHandBefore
        onHandAfter
      }
    }
  }
`);

const OUTCOME_WORDS: Record<StockImportOutcome, string> = {
  WOULD_APPLY: 'would apply',
  APPLIED: 'applied',
  REFUSED: 'refused',
  INVALID: 'unreadable',
  NOT_APPLIED: 'not applied (another row was refused)',
};

const EXAMPLE = 'sku,locationId,set,reason\nSG-0001,madrid-dc,40,cycle_count';

/**
 * Counts and adjustments from a CSV file or pasted text: checked first (a dry run shows
 * what every row would do and changes nothing), then applied all together or not at all.
 * Apply is offered only for the text just checked, and only when every row would apply.
 */
export function StockImport() {
  const [text, setText] = useState({ csv: '', key: '' });
  const { csv, key } = text;
  // One key per text: pressing Apply twice applies it once; a changed text is a new import.
  const setCsv = (next: string) => setText({ csv: next, key: `ops-import-${crypto.randomUUID()}` });
  const [checked, setChecked] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [run, running] = useMutation(ImportDocument);
  const help = useId();
  const result = running.data?.importStockAdjustments;
  const submit = async (dryRun: boolean) => {
    setProblem(null);
    try {
      await run({ variables: { csv, key, dryRun } });
      setChecked(dryRun ? csv : null);
    } catch (error) {
      setProblem(apiErrorMessage(error as Error));
    }
  };
  const ready = checked === csv && result?.dryRun === true && result.rows.every((row) => row.outcome === 'WOULD_APPLY');
  return (
    <section aria-labelledby="stock-import" className="panel panel--wide">
      <h2 id="stock-import">Import counts and adjustments</h2>
      <label className="field">
        <span>A CSV file</span>
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void file.text().then(setCsv);
          }}
        />
      </label>
      <label className="field">
        <span>Or the rows themselves</span>
        <textarea
          rows={5}
          value={csv}
          maxLength={256 * 1024}
          placeholder={EXAMPLE}
          aria-describedby={help}
          onChange={(event) => setCsv(event.target.value)}
        />
      </label>
      <p id={help} className="muted">
        A header naming sku, locationId, reason and set or delta (optional: quantity, changeFrom, reference); at most
        1,000 rows. Every row applies, or none does.
      </p>
      <div className="inline-form">
        <button
          type="button"
          className="button button--secondary"
          disabled={!csv.trim() || running.loading}
          onClick={() => void submit(true)}
        >
          Check
        </button>
        <button
          type="button"
          className="button"
          disabled={!ready || running.loading}
          onClick={() => void submit(false)}
        >
          Apply all
        </button>
      </div>
      <ErrorNote message={problem} />
      {result ? (
        <div aria-live="polite">
          <p role="status">
            {result.applied
              ? `Applied all ${result.rows.length} rows.`
              : result.dryRun && ready
                ? `All ${result.rows.length} rows would apply: nothing has changed yet.`
                : 'Nothing was applied: see the rows below.'}
          </p>
          <ScrollRegion label="Import rows">
            <table className="table" data-testid="import-rows">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Sku at location</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">On hand</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => (
                  <tr key={row.line}>
                    <th scope="row">{row.line}</th>
                    <td>
                      <span className="sku">{row.sku ?? '—'}</span> at {row.locationId ?? '—'}
                    </td>
                    <td>
                      {OUTCOME_WORDS[row.outcome]}
                      {row.message ? `: ${row.message}` : ''}
                    </td>
                    <td>{row.onHandAfter === null ? '—' : `${row.onHandBefore ?? 0} → ${row.onHandAfter}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </div>
      ) : null}
    </section>
  );
}
