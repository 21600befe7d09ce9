import { Controller, Inject } from '@nestjs/common';
import {
  TargetEndpoints,
  type OpenApiDraft,
  type OpenApiDraftRequest,
  type PutScheduleRequest,
  type RevealedSecret,
  type RevealSecretRequest,
  type Schedule,
  type Target,
  type TargetHistory,
  type TargetList,
  type TargetListQuery,
} from '@shakedown/core/contract';

import { Ctx, Endpoint, IdParam, ValidBody, ValidQuery } from '../common/endpoint';
import type { RequestContext } from '../common/request-context';
import { OpenApiDraftService } from './openapi-draft.service';
import { SchedulesService } from './schedules.service';
import { TargetsService } from './targets.service';

@Controller()
export class TargetsController {
  constructor(
    @Inject(TargetsService) private readonly targets: TargetsService,
    @Inject(SchedulesService) private readonly schedules: SchedulesService,
    @Inject(OpenApiDraftService) private readonly drafts: OpenApiDraftService,
  ) {}

  @Endpoint(TargetEndpoints.list)
  list(@Ctx() ctx: RequestContext, @ValidQuery() query: TargetListQuery): Promise<TargetList> {
    return this.targets.list(ctx, query);
  }

  @Endpoint(TargetEndpoints.create)
  create(@Ctx() ctx: RequestContext, @ValidBody() body: unknown): Promise<Target> {
    return this.targets.create(ctx, body);
  }

  @Endpoint(TargetEndpoints.openApiDraft)
  openApiDraft(@ValidBody() body: OpenApiDraftRequest): Promise<OpenApiDraft> {
    return this.drafts.draft(body);
  }

  @Endpoint(TargetEndpoints.get)
  get(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<Target> {
    return this.targets.get(ctx, id);
  }

  @Endpoint(TargetEndpoints.update)
  update(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidBody() body: unknown,
  ): Promise<Target> {
    return this.targets.update(ctx, id, body);
  }

  @Endpoint(TargetEndpoints.delete)
  delete(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<void> {
    return this.targets.delete(ctx, id);
  }

  @Endpoint(TargetEndpoints.revealSecret)
  revealSecret(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidBody() body: RevealSecretRequest,
  ): Promise<RevealedSecret> {
    return this.targets.revealSecret(ctx, id, body.pointer);
  }

  @Endpoint(TargetEndpoints.verify)
  verify(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidBody() _: object,
  ): Promise<Target> {
    return this.targets.verify(ctx, id);
  }

  @Endpoint(TargetEndpoints.history)
  history(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidQuery() query: { limit: number },
  ): Promise<TargetHistory> {
    return this.targets.history(ctx, id, query.limit);
  }

  @Endpoint(TargetEndpoints.putSchedule)
  putSchedule(
    @Ctx() ctx: RequestContext,
    @IdParam() id: string,
    @ValidBody() body: PutScheduleRequest,
  ): Promise<Schedule> {
    return this.schedules.put(ctx, id, body);
  }

  @Endpoint(TargetEndpoints.deleteSchedule)
  deleteSchedule(@Ctx() ctx: RequestContext, @IdParam() id: string): Promise<void> {
    return this.schedules.delete(ctx, id);
  }
}
