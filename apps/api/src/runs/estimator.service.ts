import { Injectable } from '@nestjs/common';
import { estimateCapacity, type CapacityEstimate } from '@shakedown/core/estimator';

import { invalidInput } from '../common/api-error';

/** `POST /estimator`: core's pure estimate; invalid input is a 400 naming each field. */
@Injectable()
export class EstimatorService {
  estimate(input: unknown): CapacityEstimate {
    const result = estimateCapacity(input);
    if (!result.ok) {
      throw invalidInput(
        result.issues.map((issue) => ({
          path: issue.field ? `body.${issue.field}` : 'body',
          message: issue.message,
        })),
      );
    }
    return result.estimate;
  }
}
