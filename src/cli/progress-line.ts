import type { SimProgress } from "../sim/simulate.js";

const count = (n: number): string => n.toLocaleString("en-US");

/** What a progress report says in words: stage, run, days and orders. */
export function describeProgress(p: SimProgress): string {
  if (p.stage === "questions") return `answering the planner's questions (${p.run})`;
  if (p.stage === "playing_out") return `played out ${p.run}`;
  return `promising, ${p.run}: day ${p.daysDone}/${p.daysTotal}, ${count(p.ordersDone)}/${count(p.ordersTotal)} orders`;
}

/** A one-line progress bar for a terminal: `[#####-----]  50% promising, ...`. */
export function progressBar(p: SimProgress, width = 28): string {
  const fraction = Math.max(0, Math.min(1, p.fraction));
  const filled = Math.round(fraction * width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${percent} ${describeProgress(p)}`;
}
