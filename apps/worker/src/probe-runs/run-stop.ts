/** Why a run's engine was aborted, as the signal's reason. */

/** The API asked to cancel the run. */
export class CancelRequested extends Error {
  override readonly name = 'CancelRequested';
  constructor() {
    super('cancelled on request');
  }
}

/** The run went past its time budget and did not stop by itself. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
}
