import { Module } from '@nestjs/common';

import { EstimatorService } from './estimator.service';
import { ReportsService } from './reports.service';
import { RunEventsService } from './run-events.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({
  controllers: [RunsController],
  providers: [RunsService, RunEventsService, ReportsService, EstimatorService],
})
export class RunsModule {}
