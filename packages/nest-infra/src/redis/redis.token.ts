/** Injection token of the shared Redis connection for commands (not for BullMQ workers). */
export const REDIS = Symbol('REDIS');
