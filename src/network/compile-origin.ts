import type {
  CompiledOrigin,
  CompiledService,
  CompiledWarehouse,
  Horizon,
  Transit,
} from "../engine/compiled-network.js";
import { addDays, dayArray, NO_DAY } from "../engine/day.js";
import type { OriginIndex, ZoneIndex } from "../engine/network-index.js";
import type { ServiceSpec } from "./network-schema.js";
import { minutesOfLocalTime, type ZoneDayTable } from "./zone-day-table.js";

type OriginSpec = ServiceSpec["origins"][number];
type LaneSpec = ServiceSpec["lanes"][number];

/**
 * Compiles one service picking up at one warehouse. Handling days h = the origin's, else the
 * warehouse's. For every day r of the horizon: shipOf[r] = r advanced by h warehouse working days
 * (h = 0: r itself; else the h-th working day after r), then the first day on or after it that is
 * both a warehouse working day and a pickup day (NO_DAY when outside the horizon). cutoffMs[r] = NaN on
 * non-working days, else the warehouse's cut-off, or, when shipOf[r] = r, the earlier of that and
 * the pickup cut-off (local time in the warehouse's zone on r). lastReleaseFor[s] = the last
 * working r with shipOf[r] = s, or NO_DAY. lanes[zone index] = transit from this warehouse.
 */
export function compileOrigin(
  index: OriginIndex,
  service: CompiledService,
  spec: OriginSpec,
  warehouse: CompiledWarehouse,
  zoneDays: ZoneDayTable,
  lanes: readonly LaneSpec[],
  zoneIndex: ReadonlyMap<string, ZoneIndex>,
  zoneCount: number,
  horizon: Horizon,
): CompiledOrigin {
  const { firstDay, length } = horizon;
  const handlingDays = spec.handling_days ?? warehouse.handlingDays;
  const { working } = warehouse;

  const workingDays: number[] = []; // indexes of working days, ascending
  const workedUpTo = new Int32Array(length); // working days in [0, i]
  for (let i = 0; i < length; i++) {
    if (working[i] === 1) workingDays.push(i);
    workedUpTo[i] = workingDays.length;
  }
  const nextShipIndex = new Int32Array(length);
  let next = -1;
  for (let i = length - 1; i >= 0; i--) {
    if (working[i] === 1 && service.pickupDay[i] === 1) next = i;
    nextShipIndex[i] = next;
  }

  const shipOf = dayArray(length);
  for (let i = 0; i < length; i++) {
    const handled = handlingDays === 0 ? i : (workingDays[workedUpTo[i]! + handlingDays - 1] ?? -1);
    const ship = handled < 0 ? -1 : nextShipIndex[handled]!;
    shipOf[i] = ship < 0 ? NO_DAY : addDays(firstDay, ship);
  }

  const pickupMinutes = minutesOfLocalTime(spec.pickup_cutoff);
  const cutoffMs = new Float64Array(length).fill(Number.NaN);
  const lastReleaseFor = dayArray(length);
  for (const i of workingDays) {
    const day = addDays(firstDay, i);
    const ship = shipOf[i]!;
    const own = warehouse.cutoffMs[i]!;
    cutoffMs[i] = ship === day ? Math.min(own, zoneDays.localTimeMs(i, pickupMinutes)) : own;
    if (ship >= 0) lastReleaseFor[ship - firstDay] = day;
  }

  const transit: (Transit | undefined)[] = new Array(zoneCount).fill(undefined);
  for (const lane of lanes) {
    if (lane.from !== warehouse.id) continue;
    for (const zone of lane.to) {
      const z = zoneIndex.get(zone);
      if (z !== undefined) transit[z] = { min: lane.transit_days.min, max: lane.transit_days.max };
    }
  }

  return {
    index,
    service,
    warehouse,
    handlingDays,
    cutoffMs,
    shipOf,
    lastReleaseFor,
    lanes: transit,
  };
}
