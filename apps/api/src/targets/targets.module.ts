import { Module } from '@nestjs/common';

import { SchedulesService } from './schedules.service';
import { TargetsController } from './targets.controller';
import { TargetsService } from './targets.service';

@Module({
  controllers: [TargetsController],
  providers: [TargetsService, SchedulesService],
})
export class TargetsModule {}
