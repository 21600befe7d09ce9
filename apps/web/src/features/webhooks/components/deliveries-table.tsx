import type { WebhookDelivery } from '@shakedown/core/contract';

import { StatusBadge } from '../../../components/status-badge';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** The delivery log of one endpoint: each event, its attempts and their outcome. */
export function DeliveriesTable({ deliveries }: { deliveries: WebhookDelivery[] }) {
  if (deliveries.length === 0)
    return <p className="muted">No deliveries yet. Send a test event to try the endpoint.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Delivery log">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Next retry</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td>
                <code>{delivery.eventType}</code>
                <div className="muted">{when(delivery.createdAt)}</div>
              </td>
              <td>
                <StatusBadge status={delivery.status === 'succeeded' ? 'ok' : delivery.status} />
                <span className="visually-hidden"> {delivery.status}</span>
              </td>
              <td>{delivery.attempts}</td>
              <td>
                {delivery.lastResponseStatus !== null ? `HTTP ${delivery.lastResponseStatus}` : ''}
                {delivery.lastError ? (
                  <div className="field__error">{delivery.lastError}</div>
                ) : null}
              </td>
              <td>{when(delivery.nextAttemptAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
