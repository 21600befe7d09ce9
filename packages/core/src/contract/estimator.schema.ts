import { CapacityEstimateSchema, EstimatorInputSchema } from '../estimator';

/** `POST /estimator`: the inputs of docs/spec/estimator.md (omitted fields take the defaults). */
export const EstimatorRequestSchema = EstimatorInputSchema;
/** The estimate core's `estimateCapacity` computes; invalid input is a 400 naming the field. */
export const EstimatorResponseSchema = CapacityEstimateSchema;
