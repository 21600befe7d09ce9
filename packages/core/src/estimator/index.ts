// What other packages (and the API contract) use of the estimator.
export {
  CapacityEstimateSchema,
  estimateCapacity,
  payloadSizeFromBytes,
  type CapacityEstimate,
  type WarningLevel,
} from './estimate-capacity';
export {
  ESTIMATOR_DEFAULTS,
  EstimatorInputSchema,
  GB,
  PAYLOAD_UNITS,
  RATE_UNITS,
  type PayloadUnit,
  type RateUnit,
} from './estimator-input.schema';
