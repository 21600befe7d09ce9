import { randomBytes } from 'node:crypto';

import { RunProgressEventSchema, type RunProgressEvent } from '@shakedown/core/jobs';

/** A signed-in owner of a fresh organisation, calling the API as the dashboard does. */
export class ApiUser {
  constructor(
    private readonly api: string,
    private readonly cookie: string,
    private readonly csrf: string,
    private orgId?: string,
  ) {}

  static async signUp(api: string): Promise<ApiUser> {
    const response = await fetch(`${api}/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `worker-${randomBytes(5).toString('hex')}@example.test`,
        name: 'Worker Test',
        password: 'tidal-copper-orchard-51',
      }),
    });
    if (response.status !== 201)
      throw new Error(`sign-up: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { csrfToken: string };
    const user = new ApiUser(
      api,
      (response.headers.get('set-cookie') ?? '').split(';')[0]!,
      body.csrfToken,
    );
    const org = await user.call<{ id: string }>('POST', '/orgs', { name: 'Workers' });
    user.orgId = org.id;
    return user;
  }

  /** The same signed-in user calling another API process (one restarted with other settings). */
  at(api: string): ApiUser {
    return new ApiUser(api, this.cookie, this.csrf, this.orgId);
  }

  /** The raw answer to a call, for statuses other than success and replays of a given key. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: {
        ...this.headers(method),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  headers(method: string): Record<string, string> {
    return {
      cookie: this.cookie,
      ...(method === 'GET'
        ? {}
        : { 'x-csrf-token': this.csrf, 'idempotency-key': randomBytes(8).toString('hex') }),
      ...(this.orgId ? { 'x-org-id': this.orgId } : {}),
    };
  }

  async call<Body>(method: string, path: string, body?: unknown): Promise<Body> {
    const answer = await this.send(method, path, body);
    if (answer.status >= 300) {
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body as Body;
  }

  /** Reads `GET /runs/:id/events` (Server-Sent Events) until the stream ends. */
  async followRun(runId: string): Promise<RunProgressEvent[]> {
    const response = await fetch(`${this.api}/runs/${runId}/events`, {
      headers: this.headers('GET'),
      signal: AbortSignal.timeout(120_000),
    });
    const type = response.headers.get('content-type') ?? '';
    if (response.status !== 200 || !type.startsWith('text/event-stream')) {
      throw new Error(`GET /runs/${runId}/events: ${response.status} ${type}`);
    }
    const text = await response.text();
    return text
      .split('\n\n')
      .filter((block) => block.includes('event: progress'))
      .map((block) => {
        const data = block.split('\n').find((line) => line.startsWith('data: '))!;
        return RunProgressEventSchema.parse(JSON.parse(data.slice('data: '.length)));
      });
  }
}
