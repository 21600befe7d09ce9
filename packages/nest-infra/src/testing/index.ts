export { createRedisPrefix, dropRedisPrefix, TEST_REDIS_URL } from './redis-prefix';
