import { Module } from '@nestjs/common';

import { SchedulesService } from './schedules.service';
import { TargetsController } from './targets.controller';
import { NETWORK_POLICY, OWNERSHIP_VERIFIER, targetProviders } from './targets.providers';
import { TargetsService } from './targets.service';

@Module({
  controllers: [TargetsController],
  providers: [TargetsService, SchedulesService, ...targetProviders],
  exports: [TargetsService, NETWORK_POLICY, OWNERSHIP_VERIFIER],
})
export class TargetsModule {}
