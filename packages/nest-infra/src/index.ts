export { InfraModule, type InfraOptions } from './infra.module';
export { DEPLOYMENT_CONFIG } from './config/config.module';
export {
  commaList,
  deploymentEnvShape,
  reportWithOtherIssues,
  requireAppSecretInProduction,
  unsetIfEmpty,
  withDeploymentDefaults,
  type DeploymentConfig,
} from './config/deployment-env';
export { ConfigurationError, parseEnv } from './config/parse-env';
export { DB } from './database/db.module';
export { DependencyHealth, type DependencyHealthReport } from './health/dependency-health.service';
export {
  DNS_RESOLVER,
  NETWORK_POLICY,
  NetworkModule,
  type NetworkOptions,
} from './network/network.module';
export { JobProducer } from './queues/job-producer';
export { registerQueueMetrics } from './queues/queue-metrics';
export { REDIS } from './redis/redis.token';
export { RunBudgetLedgers, type LedgerRun } from './redis/run-budget-ledgers';
export { RunSignals } from './redis/run-signals.service';
