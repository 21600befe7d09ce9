import { Global, Module } from '@nestjs/common';

import { RunSignals } from './run-signals.service';

@Global()
@Module({ providers: [RunSignals], exports: [RunSignals] })
export class SignalsModule {}
