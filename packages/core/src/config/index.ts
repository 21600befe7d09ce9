// What other packages use of the config; inside core, import the files themselves.
export { PROBE_NAMES, type Budget, type Config, type ProbeName } from './config.schema';
export {
  formatConfigIssue,
  formatConfigPath,
  parseConfigDocument,
  parseConfigText,
  type ConfigIssue,
  type ParseConfigResult,
} from './parse-config';
export { formatBytes, formatDuration, parseDuration } from './units';
export {
  configSecrets,
  isMaskedSecret,
  keepMaskedSecrets,
  maskConfigSecrets,
  maskSecret,
  putConfigSecrets,
  secretAt,
  type ConfigSecret,
} from './config-secrets';
export {
  readYamlWithinLimits,
  YAML_LIMITS,
  type YamlLimits,
  type YamlRead,
  type YamlRefusal,
} from './yaml-limits';
