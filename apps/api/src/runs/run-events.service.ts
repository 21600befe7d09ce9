import { Inject, Injectable, Logger } from '@nestjs/common';
import { TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';
import {
  runProgressChannel,
  RunProgressEventSchema,
  type RunProgressEvent,
} from '@shakedown/core/jobs';
import type { Request, Response } from 'express';

import type { RequestContext } from '../common/request-context';
import { ProgressSubscriber } from '../infra/progress-subscriber';
import { RunsService } from './runs.service';

const HEARTBEAT_MS = 15_000;
/** Streams end after this; EventSource reconnects and gets the current state first. */
const MAX_STREAM_MS = 30 * 60_000;

/**
 * `GET /runs/:id/events`: Server-Sent Events relaying the worker's `RunProgressEvent`s from
 * Redis. Subscribes first, then sends the current state, so no event between the two is lost;
 * the stream ends when the run does.
 */
@Injectable()
export class RunEventsService {
  private readonly logger = new Logger(RunEventsService.name);

  constructor(
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(ProgressSubscriber) private readonly subscriber: ProgressSubscriber,
  ) {}

  async stream(
    ctx: RequestContext,
    runId: string,
    request: Request,
    response: Response,
  ): Promise<void> {
    await this.runs.find(ctx, runId);
    let closed = false;
    // Messages can arrive before the headers are written (in the same Redis reply as the
    // subscription's acknowledgement); they wait here until the stream is open.
    let pending: RunProgressEvent[] | undefined = [];
    let last: RunProgressEvent | undefined;
    const timers: NodeJS.Timeout[] = [];
    let stop: () => void = () => undefined;
    const end = () => {
      if (closed) return;
      closed = true;
      stop();
      timers.forEach(clearInterval);
      response.end();
    };
    const send = (event: RunProgressEvent) => {
      if (closed) return;
      if (pending) {
        pending.push(event);
        return;
      }
      if (last && isBehind(event, last)) return;
      last = event;
      response.write(`event: progress\nid: ${event.at}\ndata: ${JSON.stringify(event)}\n\n`);
      if (TERMINAL_RUN_STATUSES.includes(event.status)) end();
    };
    stop = await this.subscriber.listen(runProgressChannel(runId), (message) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message);
      } catch {
        parsed = undefined;
      }
      const event = RunProgressEventSchema.safeParse(parsed);
      if (event.success && event.data.runId === runId) send(event.data);
      else this.logger.warn({ runId }, 'ignored a malformed progress message');
    });
    request.on('close', end);
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write('retry: 3000\n\n');
    timers.push(setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS));
    timers.push(setInterval(end, MAX_STREAM_MS));
    const run = await this.runs.find(ctx, runId);
    const early = pending;
    pending = undefined;
    send({
      runId,
      status: run.status,
      progressDone: run.progressDone,
      progressTotal: run.progressTotal,
      currentProbe: run.currentProbe,
      at: new Date().toISOString(),
    });
    early.forEach(send);
  }
}

const STATUS_ORDER: Record<RunProgressEvent['status'], number> = {
  queued: 0,
  running: 1,
  completed: 2,
  failed: 2,
  cancelled: 2,
};

/**
 * The stored state lags the published events (progress is written to the database at most a
 * few times a second), so an event can be older than one already sent: a stream never goes back.
 */
export function isBehind(event: RunProgressEvent, last: RunProgressEvent): boolean {
  const order = STATUS_ORDER[event.status] - STATUS_ORDER[last.status];
  return order < 0 || (order === 0 && event.progressDone < last.progressDone);
}
