import { Controller, Inject, Req, Res } from '@nestjs/common';
import {
  RunEndpoints,
  type CreateRunRequest,
  type FindingList,
  type FindingListQuery,
  type FindingsOverview,
  type ReportQuery,
  type Run,
  type RunComparison,
  type RunList,
  type RunListQuery,
} from '@shakedown/core/contract';
import type { CapacityEstimate } from '@shakedown/core/estimator';
import type { Request, Response } from 'express';

import { Ctx, Endpoint, IdParam, ValidBody, ValidQuery } from '../common/endpoint';
import type { RequestContext } from '../common/request-context';
import { EstimatorService } from './estimator.service';
import { ReportsService } from './reports.service';
import { RunEventsService } from './run-events.service';
import { RunsService } from './runs.service';

@Controller()
export class RunsController {
  constructor(
    @Inject(RunsService) private readonly runs: RunsService,
    @Inject(RunEventsService) private readonly runEvents: RunEventsService,
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(EstimatorService) private readonly estimator: EstimatorService,
  ) {}

  @Endpoint(RunEndpoints.create)
  create(
    @Ctx() ctx: RequestContext,
    @IdParam() targetId: string,
    @ValidBody() body: CreateRunRequest,
  ): Promise<Run> {
    return this.runs.create(ctx, targetId, body);
  }

  @Endpoint(RunEndpoints.list)
  list(@Ctx() ctx: RequestContext, @ValidQuery() query: RunListQuery): Promise<RunList> {
    return this.runs.list(ctx, query);
  }

  @Endpoint(RunEndpoints.get)
  get(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<Run> {
    return this.runs.get(ctx, id);
  }

  @Endpoint(RunEndpoints.cancel)
  cancel(@Ctx() ctx: RequestContext, @IdParam() id: string, @ValidBody() _: object): Promise<Run> {
    return this.runs.cancel(ctx, id);
  }

  @Endpoint(RunEndpoints.events)
  events(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.runEvents.stream(ctx, id, request, response);
  }

  @Endpoint(RunEndpoints.findings)
  findings(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidQuery() query: FindingListQuery,
  ): Promise<FindingList> {
    return this.runs.findings(ctx, id, query);
  }

  @Endpoint(RunEndpoints.comparison)
  comparison(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<RunComparison> {
    return this.runs.comparison(ctx, id);
  }

  @Endpoint(RunEndpoints.report)
  report(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidQuery() query: ReportQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    return this.reports
      .download(ctx, id, query.format)
      .then((file) => this.reports.send(file, response));
  }

  @Endpoint(RunEndpoints.overview)
  overview(@Ctx() ctx: RequestContext): Promise<FindingsOverview> {
    return this.runs.overview(ctx);
  }

  @Endpoint(RunEndpoints.estimator)
  estimate(@ValidBody() body: unknown): CapacityEstimate {
    return this.estimator.estimate(body);
  }
}
