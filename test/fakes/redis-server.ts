/**
 * A real `redis-server` for tests: started on a free loopback port with no persistence
 * (`--save "" --appendonly no`) in a temporary folder, stopped (and the folder removed) by `stop()`.
 * The logic lives in `src/cli/bench-redis-server.ts` so `afterleak bench` can use it too.
 */
export { startRedisServer, type RedisServer } from "../../src/cli/bench-redis-server.js";
