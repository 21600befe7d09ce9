import { Global, Module } from '@nestjs/common';

import { DependencyHealth } from './dependency-health.service';

@Global()
@Module({ providers: [DependencyHealth], exports: [DependencyHealth] })
export class HealthModule {}
