import { Module } from '@nestjs/common';

import { OpenApiDraftRunner } from './openapi-draft.runner';
import { OpenApiDraftService } from './openapi-draft.service';
import { SchedulesService } from './schedules.service';
import { TargetsController } from './targets.controller';
import { TargetsService } from './targets.service';

@Module({
  controllers: [TargetsController],
  providers: [
    TargetsService,
    SchedulesService,
    OpenApiDraftService,
    // The default limits (the constructor's argument is not injected).
    { provide: OpenApiDraftRunner, useFactory: () => new OpenApiDraftRunner() },
  ],
})
export class TargetsModule {}
