import { Inject, Injectable } from '@nestjs/common';
import { TERMINAL_RUN_STATUSES } from '@shakedown/core/contract';
import type { RunProgressEvent } from '@shakedown/core/jobs';
import { RunSignals } from '@shakedown/nest-infra';
import type { Request, Response } from 'express';

import type { RequestContext } from '../common/request-context';
import { toProgressEvent } from './runs.dto';
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
  constructor(
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(RunSignals) private readonly signals: RunSignals,
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
    stop = await this.signals.onProgress(runId, send);
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
    send(toProgressEvent(run));
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
