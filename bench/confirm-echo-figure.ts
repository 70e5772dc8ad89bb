/**
 * What grpc-js alone costs per ConfirmPromise call: the echo server (bench/echo-server.ts, same
 * grpc-js and server options as the service) answering `/promise.v1.PromiseService/ConfirmPromise`
 * with the bytes of a real confirm reply, loaded by the same raw HTTP/2 client as the confirm
 * figure (bench/confirm-client.ts: the same request frames, distinct keys), with the same
 * placement (server on the server core, client on the load core) and 16 in flight.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "./bench-context.js";
import { CONFIRM_SKUS, loadWithCpu } from "./confirm-figures.js";
import { runConfirmLoad } from "./confirm-load.js";
import { SAMPLE_ESTIMATE } from "./estimate-figures.js";
import { type Figure, figure } from "./figures.js";

export interface ConfirmEchoInput {
  /** A real ConfirmPromise reply's bytes (protobuf, no frame prefix). */
  readonly reply: Buffer;
  /** The option the requests name (as the confirm figure sends them). */
  readonly option: { readonly serviceId: string; readonly deliveryLatest: string };
}

export async function confirmEchoFigure(
  ctx: BenchContext,
  input: ConfirmEchoInput,
): Promise<Figure> {
  const replyFile = join(ctx.scratch, "confirm-reply.bin");
  writeFileSync(replyFile, input.reply);
  const echo = await ctx.startService({}, { script: "echo-server.ts", args: [replyFile] });
  try {
    ctx.log(
      `grpc-js echo answering ConfirmPromise (reply ${input.reply.length} B), 16 in flight, ${ctx.options.confirmSeconds} s`,
    );
    const { result, cpu, clientCpu, waited } = await loadWithCpu([echo], () =>
      runConfirmLoad(
        {
          ports: [echo.port],
          inFlight: 16,
          warmUpSeconds: ctx.options.smoke ? 0.5 : 1,
          seconds: ctx.options.confirmSeconds,
          keyPrefix: `echo-${process.pid}-${Date.now()}`,
          skus: CONFIRM_SKUS,
          destination: SAMPLE_ESTIMATE.destination,
          serviceId: input.option.serviceId,
          shownDeliveryLatest: input.option.deliveryLatest,
          cpuPids: echo.pids,
        },
        ctx.loadCpus,
      ),
    );
    const usPerCall = (cpu / result.perSecond) * 1e6;
    const failed = Object.values(result.refused).reduce((a, b) => a + b, 0);
    ctx.log(
      `  ${result.confirmed} calls in ${result.seconds} s (${Math.round(result.perSecond)}/s), p50 ${result.p50Ms.toFixed(2)} ms, server CPU ${cpu.toFixed(2)} (${usPerCall.toFixed(0)} us per call), client CPU ${clientCpu.toFixed(2)}${failed > 0 ? `, ${failed} failed` : ""}`,
    );
    return figure(
      "confirmEcho",
      usPerCall,
      `${Math.round(result.perSecond)} calls/s, server CPU ${cpu.toFixed(2)} of its core (its main thread waited for the CPU ${(waited * 100).toFixed(0)}% of the time), client ${clientCpu.toFixed(2)}; p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms; reply ${input.reply.length} B${failed > 0 ? `; ${failed} calls without grpc-status 0` : ""}`,
      { result, serverCpu: cpu, clientCpu, waited, replyBytes: input.reply.length },
      failed === 0,
    );
  } finally {
    await echo.stop();
  }
}
