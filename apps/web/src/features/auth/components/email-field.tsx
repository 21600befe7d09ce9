import { fieldError } from '../../../components/states';
import { TextField } from '../../../components/text-field';

interface EmailFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** The form's own message, else the API's for `email`. */
  error: string | undefined;
  apiError: unknown;
}

export function EmailField({ value, onChange, error, apiError }: EmailFieldProps) {
  return (
    <TextField
      label="Email"
      type="email"
      autoComplete="email"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error ?? fieldError(apiError, 'email')}
    />
  );
}
