import { Redis } from "ioredis";
import { testRedisUrl } from "./environment.ts";

/** BullMQ keeps finished jobs for a while; a suite deletes its own keys when it is done. */
export async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
