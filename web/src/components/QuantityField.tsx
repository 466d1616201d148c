import { useEffect, useId, useState } from 'react';

/** Why a typed quantity cannot be used, or null when it can. */
export function quantityProblem(text: string, max: number): string | null {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return `Type a whole number from 1 to ${max}.`;
  const value = Number(trimmed);
  if (value === 0) return '0 is not a quantity: use Remove to take the product out of the cart.';
  if (value > max) return `At most ${max} of one product per order. Your cart still holds the earlier quantity.`;
  return null;
}

/**
 * A line's quantity, typed freely: a usable number changes the cart at once; anything else
 * is said next to the field and changes nothing (the cart keeps its quantity until a
 * usable one is typed, and the field shows it again when it loses focus).
 */
export function QuantityField({
  label,
  quantity,
  max,
  onChange,
}: {
  label: string;
  quantity: number;
  max: number;
  onChange: (quantity: number) => void;
}) {
  const [draft, setDraft] = useState(String(quantity));
  const hint = useId();
  useEffect(() => setDraft(String(quantity)), [quantity]);
  const problem = quantityProblem(draft, max);
  return (
    <div className="field field--inline quantity-field">
      <label>
        <span>Quantity</span>
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          value={draft}
          aria-label={label}
          aria-describedby={hint}
          aria-invalid={problem !== null}
          onChange={(event) => {
            setDraft(event.target.value);
            if (quantityProblem(event.target.value, max) === null) onChange(Number(event.target.value.trim()));
          }}
          onBlur={() => setDraft(String(quantity))}
        />
      </label>
      <span id={hint} className={problem ? 'quantity-field__problem' : 'muted'} aria-live="polite">
        {problem ?? `1 to ${max}`}
      </span>
    </div>
  );
}
