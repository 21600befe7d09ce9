import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@shakedown/nest-infra';
import type { Redis } from 'ioredis';

import { WORKER_CONFIG, type WorkerConfig } from '../config/worker-config';

const WINDOW_MS = 60_000;

/**
 * Counts one send in the endpoint's current minute (Redis time, so every worker agrees);
 * returns 0 when it may go, else the milliseconds until the next minute.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
local started = now - (now % window)
local key = KEYS[1] .. ':' .. started
local count = redis.call('INCR', key)
if count == 1 then redis.call('PEXPIRE', key, window * 2) end
if count <= tonumber(ARGV[1]) then return 0 end
return started + window - now
`;

type Command = (key: string, limit: number, windowMs: number) => Promise<number>;

/**
 * The per-endpoint limit on webhook sends (`WEBHOOK_SENDS_PER_ENDPOINT_PER_MINUTE`), shared by
 * every worker through Redis: a receiver cannot be flooded by one organisation's events, tests
 * and retries together.
 */
@Injectable()
export class EndpointSendLimit {
  private readonly command: Command;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    if (!('shakedownEndpointSend' in this.redis)) {
      this.redis.defineCommand('shakedownEndpointSend', { numberOfKeys: 1, lua: SCRIPT });
    }
    const command = (this.redis as unknown as Record<string, Command>).shakedownEndpointSend!;
    this.command = command.bind(this.redis);
  }

  /** 0 when a send to `endpointId` may go now; else how long to wait (nothing was sent). */
  async waitFor(endpointId: string): Promise<number> {
    return this.command(
      `${this.config.REDIS_PREFIX}:webhook-sends:${endpointId}`,
      this.config.WEBHOOK_SENDS_PER_ENDPOINT_PER_MINUTE,
      WINDOW_MS,
    );
  }
}
