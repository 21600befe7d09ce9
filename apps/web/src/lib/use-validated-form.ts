import { useState, type FormEvent } from 'react';
import type { z } from 'zod';

import { fieldErrorsOf } from './form-errors';

/**
 * A form checked with its request schema before it is sent: `submitWith(values, whenEmpty)`
 * gives the submit handler; a field left empty shows its `whenEmpty` message instead of the
 * schema's, and `onSubmit` gets the parsed values only when the whole form is valid.
 */
export function useValidatedForm<Values>(
  schema: z.ZodType<Values>,
  onSubmit: (values: Values) => void,
) {
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submitWith(values: unknown, whenEmpty: Record<string, string | false>) {
    return (event: FormEvent) => {
      event.preventDefault();
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        const emptyMessages = Object.entries(whenEmpty).filter(
          (entry): entry is [string, string] => entry[1] !== false,
        );
        setErrors({ ...fieldErrorsOf(parsed.error), ...Object.fromEntries(emptyMessages) });
        return;
      }
      setErrors({});
      onSubmit(parsed.data);
    };
  }

  return { errors, submitWith };
}
