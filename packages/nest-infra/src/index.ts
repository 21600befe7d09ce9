export { ConfigurationError, parseEnv } from './parse-env';
export { DB, DbModule } from './db.module';
export { RepositoriesModule } from './repositories.module';
export { REDIS, RedisModule } from './redis.module';
export { LoggingModule, requestIdOf, type LoggingOptions } from './logging.module';
export { checkDependencies, type DependencyHealth, type PartHealth } from './dependency-health';
export { QUEUE_JOB_STATES, registerQueueMetrics } from './queue-metrics';
export {
  commaList,
  DEV_APP_SECRET,
  deploymentEnvShape,
  reportWithOtherIssues,
  requireAppSecretInProduction,
  unsetIfEmpty,
  withDevAppSecret,
} from './deployment-env';
