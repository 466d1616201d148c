import type { InputHTMLAttributes } from 'react';

type InputFieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/** A labelled single-line input as the pages' forms have them: the label wraps the input, so its text names it and a click on it focuses it. */
export function InputField({ label, value, onChange, ...input }: InputFieldProps) {
  return (
    <label className="field">
      <span>{label}</span>
      <input {...input} value={value} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}
