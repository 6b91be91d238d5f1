// Preloaded (`node --import`) into the benchmark's server and worker processes: counts SQL statements and
// Redis round trips, and writes them with the process's CPU time and peak RSS to
// $MAILROOM_BENCH_METER_DIR when asked. Steadier figures than latency on a shared machine.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Redis from "ioredis";
import Pipeline from "ioredis/built/Pipeline.js";
import pg from "pg";

const counts = { sql: 0, redisRoundTrips: 0, redisCommands: 0 };

const query = pg.Client.prototype.query;
// Statements by their first words, to see which ones a change removed.
const statements = new Map();
pg.Client.prototype.query = function (...args) {
  counts.sql++;
  const text = typeof args[0] === "string" ? args[0] : (args[0]?.text ?? "?");
  const key = text.replace(/\s+/g, " ").slice(0, 90);
  statements.set(key, (statements.get(key) ?? 0) + 1);
  return query.apply(this, args);
};

const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (command, stream) {
  counts.redisCommands++;
  if (!stream?.isPipeline) counts.redisRoundTrips++;
  return sendCommand.call(this, command, stream);
};
const pipelineClass = Pipeline.default ?? Pipeline;
const exec = pipelineClass.prototype.exec;
pipelineClass.prototype.exec = function (...args) {
  if (!this.__metered) {
    this.__metered = true;
    counts.redisRoundTrips++;
  }
  return exec.apply(this, args);
};

// Each SIGUSR2 writes a snapshot <role>-<pid>-<n>.json (n = 1, 2, …); the bench takes their differences.
let snapshots = 0;
process.on("SIGUSR2", () => {
  const dir = process.env.MAILROOM_BENCH_METER_DIR;
  if (!dir) return;
  const cpu = process.cpuUsage();
  const role = process.argv[2] ?? "all";
  snapshots++;
  writeFileSync(
    join(dir, `${role}-${process.pid}-${snapshots}.json`),
    JSON.stringify({
      role,
      ...counts,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      statements: Object.fromEntries(statements),
    }),
  );
});
