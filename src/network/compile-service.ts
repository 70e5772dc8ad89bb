import type { CompiledCarrier, CompiledService, Horizon } from "../engine/compiled-network.js";
import { addDays, type Day, dayArrayOf, isoDay, maxDay, minDay, weekdayOf } from "../engine/day.js";
import type { ServiceIndex } from "../engine/network-index.js";
import type { PeakSpec, ServiceSpec } from "./network-schema.js";
import { weekdayMask } from "./weekday-mask.js";

/**
 * Compiles a carrier service: pickup and delivery days (its weekdays or the carrier's extra
 * working days, never a carrier day off), the delivery-day rank tables, the price in cents and
 * its peak windows (those listing it, or listing no services): per ship date the largest buffer
 * and widening, the first window's name, and the smallest pickup limit.
 */
export function compileService(
  spec: ServiceSpec,
  index: ServiceIndex,
  carrier: CompiledCarrier,
  horizon: Horizon,
  peaks: readonly PeakSpec[],
): CompiledService {
  const { firstDay, length } = horizon;
  const pickupWeekday = weekdayMask(spec.pickup_days);
  const deliveryWeekday = weekdayMask(spec.delivery_days);
  const pickupDay = new Uint8Array(length);
  const deliveryDay = new Uint8Array(length);
  const deliveryRank = new Int32Array(length);
  const deliveryList: Day[] = [];
  for (let i = 0; i < length; i++) {
    const day = addDays(firstDay, i);
    if (carrier.dayOff[i] === 0) {
      const weekday = weekdayOf(day);
      const extra = carrier.extraWorking[i] === 1;
      if (extra || pickupWeekday[weekday] === 1) pickupDay[i] = 1;
      if (extra || deliveryWeekday[weekday] === 1) {
        deliveryDay[i] = 1;
        deliveryList.push(day);
      }
    }
    deliveryRank[i] = deliveryList.length;
  }

  const peakExtraDays = new Int8Array(length);
  const peakWidenDays = new Int8Array(length);
  const pickupLimit = new Int32Array(length).fill(-1);
  const peakNames = new Map<Day, string>();
  for (const peak of peaks) {
    if (peak.services !== undefined && !peak.services.includes(spec.id)) continue;
    const from = maxDay(isoDay(peak.from), firstDay);
    const to = minDay(isoDay(peak.to), horizon.lastDay);
    for (let day = from; day <= to; day++) {
      const i = day - firstDay;
      peakExtraDays[i] = Math.max(peakExtraDays[i]!, peak.extra_transit_days);
      peakWidenDays[i] = Math.max(peakWidenDays[i]!, peak.widen_days);
      if (!peakNames.has(day)) peakNames.set(day, peak.name);
      if (peak.pickup_limit !== undefined) {
        const current = pickupLimit[i]!;
        pickupLimit[i] = current < 0 ? peak.pickup_limit : Math.min(current, peak.pickup_limit);
      }
    }
  }

  const { currency, amount, free_over: freeOver } = spec.price;
  return {
    index,
    id: spec.id,
    name: spec.name,
    level: spec.level,
    scheduleDays: spec.schedulable ? spec.schedule_days : 0,
    carrier,
    pickupDay,
    deliveryDay,
    deliveryRank,
    deliveryDays: dayArrayOf(deliveryList),
    price: {
      currency,
      amountCents: Math.round(amount * 100),
      freeOverCents: freeOver === undefined ? undefined : Math.round(freeOver * 100),
    },
    peakExtraDays,
    peakWidenDays,
    peakNames,
    pickupLimit,
  };
}
