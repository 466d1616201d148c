import { useMutation } from '@apollo/client';
import { type FormEvent, useState } from 'react';
import { orderOutcomeMessage, problemOf } from '../errors/messages';
import { graphql } from '../gql';
import { ErrorNote } from './ErrorNote';

graphql(`
  fragment PaymentOutcome on OrderPayload {
    order {
      ...OrderDetails
    }
    userErrors {
      code
      message
    }
  }
`);

const ConfirmOrderDocument = graphql(`
  mutation ConfirmOrder($id: ID!, $paymentReference: String!) {
    confirmOrder(id: $id, paymentReference: $paymentReference) {
      ...PaymentOutcome
    }
  }
`);

const BeginPaymentDocument = graphql(`
  mutation BeginPayment($id: ID!, $paymentReference: String!) {
    beginPayment(id: $id, paymentReference: $paymentReference) {
      ...PaymentOutcome
    }
  }
`);

/**
 * A stand-in for a payment provider: it takes any card holder's name, "charges" nothing
 * and confirms the order with a made-up payment reference, which sells the held stock.
 * As with a real provider, the order is told first that the payment is in flight, which
 * keeps its stock held while the shopper pays.
 */
export function PaymentForm({ orderId, total }: { orderId: string; total: string }) {
  const [holder, setHolder] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // Kept for retries: confirming twice with one reference is one payment.
  const [reference] = useState(() => `demo-pay-${crypto.randomUUID()}`);
  const [begin, beginning] = useMutation(BeginPaymentDocument);
  const [confirm, confirming] = useMutation(ConfirmOrderDocument);
  const loading = beginning.loading || confirming.loading;

  const pay = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const variables = { id: orderId, paymentReference: reference };
    const notStarted = await problemOf(
      () => begin({ variables }),
      ({ data }) => {
        const first = data?.beginPayment.userErrors[0];
        return first ? orderOutcomeMessage(first.code) : null;
      },
    );
    if (notStarted) {
      setProblem(notStarted);
      return;
    }
    setProblem(
      await problemOf(
        () => confirm({ variables }),
        ({ data }) => {
          const first = data?.confirmOrder.userErrors[0];
          return first ? orderOutcomeMessage(first.code) : null;
        },
      ),
    );
  };
  return (
    <form className="form payment" onSubmit={(event) => void pay(event)} aria-labelledby="payment-title">
      <h2 id="payment-title">Payment (demo: nothing is charged)</h2>
      <label className="field">
        <span>Name on the card</span>
        <input
          name="holder"
          autoComplete="cc-name"
          value={holder}
          maxLength={100}
          required
          onChange={(event) => setHolder(event.target.value)}
        />
      </label>
      <label className="field">
        <span>Card number</span>
        <input name="card" value="4242 4242 4242 4242" readOnly aria-describedby="card-note" />
      </label>
      <p id="card-note" className="muted">
        A test card: this shop takes no real payments.
      </p>
      <ErrorNote message={problem} />
      <button type="submit" className="button" disabled={loading} data-testid="pay">
        {loading ? 'Paying…' : `Pay ${total}`}
      </button>
    </form>
  );
}
