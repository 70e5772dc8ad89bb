/**
 * The throughput CPU alone allows: `cores` fully busy, each call costing the sum of the parts'
 * CPU microseconds (issue 18's argument: grpc-js per call + the confirm path per confirm).
 */
export function impliedCeiling(cores: number, usPerCall: readonly number[]): number {
  const total = usPerCall.reduce((sum, us) => sum + us, 0);
  return total > 0 ? (cores * 1e6) / total : Number.NaN;
}
