/**
 * Issue 18's ceiling, from figures of the same run: the confirms per second the CPU allows when
 * every confirm costs grpc-js's share (the confirm echo) plus the confirm path's without gRPC,
 * next to the served figure and its own CPU per confirm (what is left over is the service's gRPC
 * layer around Checkout: decoding, interceptors, the handler, encoding the reply).
 */
import { impliedCeiling } from "./confirm-ceiling.js";
import { type Figure, figure, skipped } from "./figures.js";

interface Served {
  readonly perSecond: number;
  /** CPU per confirm of the serving processes (and of PostgreSQL), us. */
  readonly usPerConfirm: number;
  readonly busy: string;
}

function servedSqlite(f: Figure | undefined): Served | undefined {
  const data = f?.data as
    | { result?: { perSecond: number }; serverCpu?: number; waited?: number }
    | undefined;
  if (data?.result === undefined || data.serverCpu === undefined) return undefined;
  const waited =
    data.waited === undefined ? "" : `, waiting for it ${(data.waited * 100).toFixed(0)}%`;
  return {
    perSecond: data.result.perSecond,
    usPerConfirm: (data.serverCpu / data.result.perSecond) * 1e6,
    busy: `server core ${(data.serverCpu * 100).toFixed(0)}% busy${waited}`,
  };
}

function servedPostgres(f: Figure | undefined): Served | undefined {
  const data = f?.data as
    | { result?: { perSecond: number }; servicesCpu?: number; postgresCpu?: number }
    | undefined;
  if (data?.result === undefined || data.servicesCpu === undefined) return undefined;
  const cores = data.servicesCpu + (data.postgresCpu ?? 0);
  return {
    perSecond: data.result.perSecond,
    usPerConfirm: (cores / data.result.perSecond) * 1e6,
    busy: `services + PostgreSQL ${cores.toFixed(2)} of 2 cores`,
  };
}

function ceilingFigure(
  id: "confirmCeilingSqlite" | "confirmCeilingPostgres",
  cores: number,
  echo: Figure | undefined,
  path: Figure | undefined,
  served: Served | undefined,
  goal: number,
): Figure {
  if (echo?.value === undefined || path?.value === undefined) {
    return skipped(id, "needs the confirm echo and the confirm path of the same run");
  }
  const parts = echo.value + path.value;
  const ceiling = impliedCeiling(cores, [echo.value, path.value]);
  const servedText =
    served === undefined
      ? "served figure not measured"
      : `served ${Math.round(served.perSecond)}/s at ${served.usPerConfirm.toFixed(0)} us CPU per confirm (${served.busy}): ${(served.usPerConfirm - parts).toFixed(0)} us per confirm not in the parts; served / ceiling ${(served.perSecond / ceiling).toFixed(2)}`;
  return figure(
    id,
    ceiling,
    `echo ${echo.value.toFixed(0)} us + path ${path.value.toFixed(0)} us = ${parts.toFixed(0)} us per confirm on ${cores} core${cores === 1 ? "" : "s"}; goal ${goal}/s needs <= ${((cores * 1e6) / goal).toFixed(0)} us; ${servedText}`,
    { echoUs: echo.value, pathUs: path.value, served },
  );
}

export function confirmCeilingSqliteFigure(figures: ReadonlyMap<string, Figure>): Figure {
  return ceilingFigure(
    "confirmCeilingSqlite",
    1,
    figures.get("confirmEcho"),
    figures.get("confirmPathSqlite"),
    servedSqlite(figures.get("confirmSqlite")),
    4_500,
  );
}

export function confirmCeilingPostgresFigure(figures: ReadonlyMap<string, Figure>): Figure {
  return ceilingFigure(
    "confirmCeilingPostgres",
    2,
    figures.get("confirmEcho"),
    figures.get("confirmPathPostgres"),
    servedPostgres(figures.get("confirmPostgres")),
    2_500,
  );
}
