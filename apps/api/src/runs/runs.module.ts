import { Module } from '@nestjs/common';

import { TargetsModule } from '../targets/targets.module';
import { EstimatorService } from './estimator.service';
import { ReportsService } from './reports.service';
import { RunEventsService } from './run-events.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({
  imports: [TargetsModule],
  controllers: [RunsController],
  providers: [RunsService, RunEventsService, ReportsService, EstimatorService],
})
export class RunsModule {}
