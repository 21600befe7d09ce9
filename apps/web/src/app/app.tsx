import { SEVERITIES } from '@shakedown/core/findings';

export function App() {
  return (
    <main>
      <h1>Shakedown</h1>
      <p>Proves or disproves what happy-path tests miss. Severities: {SEVERITIES.join(', ')}.</p>
    </main>
  );
}
