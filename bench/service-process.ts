/**
 * One service process for the bench: the real `startService` with the configuration from the
 * environment (PROMISE_*, DATABASE_URL), exactly as `npm start` reads it.
 *
 *   node --import tsx bench/service-process.ts
 *
 * Started by bench/run.ts (directly, or as a node:cluster worker by bench/cluster-service.ts) with
 * an IPC channel: it sends `ready` once serving, answers `probe` with its RSS and call counts,
 * and stops on `stop` or when its parent goes away. Its log lines go wherever stdout goes
 * (/dev/null in the bench).
 */
import { loadConfig } from "../src/config/config.js";
import { createLogger, type RunningService, startService } from "../src/main.js";
import { isMessage, type ParentMessage, type ProbeReply } from "./bench-ipc.js";

/** Call counts by "method code" from the service's own metrics. */
async function callCounts(service: RunningService): Promise<Record<string, number>> {
  const counter = service.metrics.calls.counter("calls", "calls");
  const { values } = await counter.get();
  const counts: Record<string, number> = {};
  for (const v of values) counts[`${v.labels["method"]} ${v.labels["code"]}`] = v.value;
  return counts;
}

export async function runServiceProcess(): Promise<void> {
  let service: RunningService;
  try {
    const config = loadConfig(process.env, []);
    service = await startService(config, createLogger(config));
    // Bench only: measure the confirm path alone, without the risk monitor's sweeps.
    if (process.env["BENCH_RISK_SWEEPS"] === "off") await service.riskMonitor.stop();
  } catch (err) {
    process.send?.({ type: "failed", error: err instanceof Error ? err.stack : String(err) });
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
    return;
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(0), 3_000);
    timer.unref();
    service.stop(0).finally(() => process.exit(0));
  };
  process.on("message", (message: ParentMessage) => {
    if (!isMessage(message)) return;
    if (message.type === "stop") stop();
    else if (message.type === "probe") {
      void callCounts(service).then((calls) => {
        const reply: ProbeReply = {
          type: "probe",
          id: message.id,
          rss: [process.memoryUsage.rss()],
          memory: [process.memoryUsage()],
          calls,
          risk: {
            checks: service.riskMonitor.checks,
            busy: service.riskMonitor.busy,
            last: service.riskMonitor.lastSweep,
          },
        };
        process.send?.(reply);
      });
    }
  });
  process.on("disconnect", stop);
  process.on("SIGTERM", stop);
  process.send?.({ type: "ready", port: service.port, pids: [process.pid] });
}

if (import.meta.url === `file://${process.argv[1]}`) await runServiceProcess();
