import { describeCron, type Schedule } from '@shakedown/core/contract';
import { useId, useState, type FormEvent } from 'react';

import { ErrorMessage, fieldError } from '../../../components/states';
import { useDeleteSchedule, useSaveSchedule } from '../api/schedule';

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** `Mon 7 Dec, 06:30` in `timeZone`. */
function slotText(iso: string, timeZone: string): string {
  try {
    return new Date(iso).toLocaleString('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  } catch {
    return iso;
  }
}

/**
 * A target's schedule: cron with a plain-words preview, its time zone, on or off, and the next
 * runs the API computed. Admins edit it; others read it.
 */
export function SchedulePanel({
  orgId,
  targetId,
  schedule,
  canEdit,
}: {
  orgId: string;
  targetId: string;
  schedule: Schedule | null;
  canEdit: boolean;
}) {
  const id = useId();
  const [cron, setCron] = useState(schedule?.cron ?? '0 6 * * 1-5');
  const [timezone, setTimezone] = useState(schedule?.timezone ?? BROWSER_ZONE);
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true);
  const save = useSaveSchedule(orgId, targetId);
  const remove = useDeleteSchedule(orgId, targetId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ cron: cron.trim(), timezone: timezone.trim(), enabled });
  };
  const cronError = fieldError(save.error, 'cron');
  const zoneError = fieldError(save.error, 'timezone');

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Schedule</h2>
      {schedule ? (
        <div aria-label="Current schedule">
          <p>
            <strong>{describeCron(schedule.cron)}</strong> ({schedule.timezone}) ·{' '}
            <span className={`badge badge--${schedule.enabled ? 'ok' : 'queued'}`}>
              {schedule.enabled ? 'enabled' : 'disabled'}
            </span>
          </p>
          {schedule.nextRunsAt.length > 0 ? (
            <>
              <p className="muted">Next runs ({schedule.timezone}):</p>
              <ul aria-label="Next runs">
                {schedule.nextRunsAt.map((slot) => (
                  <li key={slot}>
                    <time dateTime={slot}>{slotText(slot, schedule.timezone)}</time>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">Disabled: no run is planned.</p>
          )}
        </div>
      ) : (
        <p className="muted">No schedule: runs start only when someone starts one.</p>
      )}
      {canEdit ? (
        <form onSubmit={submit} noValidate aria-label="Edit the schedule" className="stack">
          {save.isError && !cronError && !zoneError ? (
            <ErrorMessage error={save.error} title="Could not save the schedule" />
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-cron`}>Cron (minute hour day month weekday)</label>
            <input
              id={`${id}-cron`}
              value={cron}
              onChange={(event) => setCron(event.target.value)}
              aria-describedby={`${id}-preview`}
              aria-invalid={cronError ? true : undefined}
            />
            <p id={`${id}-preview`} className="field__hint">
              {describeCron(cron)}
            </p>
            {cronError ? <p className="field__error">{cronError}</p> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-zone`}>Time zone</label>
            <input
              id={`${id}-zone`}
              value={timezone}
              onChange={(event) => setTimezone(event.target.value)}
              aria-invalid={zoneError ? true : undefined}
            />
            {zoneError ? <p className="field__error">{zoneError}</p> : null}
          </div>
          <label className="row">
            <input
              type="checkbox"
              checked={enabled}
              onChange={(event) => setEnabled(event.target.checked)}
            />{' '}
            Enabled
          </label>
          <div className="row">
            <button type="submit" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save schedule'}
            </button>
            {schedule ? (
              <button
                type="button"
                className="secondary"
                disabled={remove.isPending}
                onClick={() => remove.mutate()}
              >
                Remove schedule
              </button>
            ) : null}
          </div>
          {remove.isError ? (
            <ErrorMessage error={remove.error} title="Could not remove the schedule" />
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
