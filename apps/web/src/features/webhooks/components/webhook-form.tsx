import {
  CreateWebhookRequestSchema,
  WEBHOOK_EVENT_TYPES,
  type CreateWebhookRequest,
  type WebhookEventType,
} from '@shakedown/core/contract';
import { useState, type FormEvent } from 'react';

import { ErrorMessage, fieldError } from '../../../components/states';
import { TextField } from '../../../components/text-field';
import { fieldErrorsOf } from '../../../lib/form-errors';

export const EVENT_HELP: Record<WebhookEventType, string> = {
  'run.completed': 'a run finished',
  'run.regressed': 'a run found something the previous run did not',
  'run.failed': 'a run could not complete',
};

interface WebhookFormProps {
  onSubmit: (values: CreateWebhookRequest) => void;
  pending?: boolean;
  error?: unknown;
}

export function WebhookForm({ onSubmit, pending = false, error }: WebhookFormProps) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['run.regressed', 'run.failed']);
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = CreateWebhookRequestSchema.safeParse({
      url: url.trim(),
      description,
      events: WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type)),
    });
    if (!parsed.success) {
      const found = fieldErrorsOf(parsed.error);
      setErrors({
        ...found,
        ...(url.trim() === '' ? { url: 'Enter the URL to send events to' } : {}),
        ...(events.length === 0 ? { events: 'Choose at least one event' } : {}),
      });
      return;
    }
    setErrors({});
    onSubmit(parsed.data);
    setUrl('');
    setDescription('');
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Add a webhook endpoint">
      {error ? <ErrorMessage error={error} title="Could not add the endpoint" /> : null}
      <TextField
        label="Endpoint URL"
        type="url"
        value={url}
        onChange={(event) => setUrl(event.target.value)}
        error={errors.url ?? fieldError(error, 'url')}
        hint="Signed per Standard Webhooks; private and loopback addresses are refused."
      />
      <TextField
        label="Description (optional)"
        value={description}
        onChange={(event) => setDescription(event.target.value)}
      />
      <fieldset aria-describedby={errors.events ? 'webhook-events-error' : undefined}>
        <legend>Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="row">
            <input
              type="checkbox"
              checked={events.includes(type)}
              onChange={(event) =>
                setEvents((current) =>
                  event.target.checked ? [...current, type] : current.filter((t) => t !== type),
                )
              }
            />
            <code>{type}</code> <span className="muted">— {EVENT_HELP[type]}</span>
          </label>
        ))}
        {errors.events ? (
          <p id="webhook-events-error" className="field__error">
            {errors.events}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" disabled={pending}>
        {pending ? 'Adding…' : 'Add endpoint'}
      </button>
    </form>
  );
}
