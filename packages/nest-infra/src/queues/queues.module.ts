import { Global, Module } from '@nestjs/common';

import { JobProducer } from './job-producer';

/** The job producer, for every module of the process. */
@Global()
@Module({ providers: [JobProducer], exports: [JobProducer] })
export class QueuesModule {}
