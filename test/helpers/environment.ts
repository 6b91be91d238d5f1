/**
 * Where the test suite finds its services. This machine (and CI, via .ci/run) runs Postgres and Redis
 * on 127.0.0.1; override with TEST_DATABASE_URL / TEST_REDIS_URL.
 */
export const testPostgresUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
