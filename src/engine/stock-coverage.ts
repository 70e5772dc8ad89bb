import type { CompiledNetwork, CompiledWarehouse } from "./compiled-network.js";
import { type Day, NO_DAY } from "./day.js";
import type { SkuIndex } from "./network-index.js";
import type { Backorder } from "./plan-shipment.js";
import type { StockReader } from "./stock-reader.js";

/**
 * When inbound stock lets a warehouse ship `quantity` of a SKU it cannot ship now: the lots are
 * counted in ETA order (a lot whose ETA has passed counts as arriving today) until available plus
 * inbound covers the quantity; the release date is then the first working day on or after that
 * ETA, advanced by the warehouse's receiving days in working days. Undefined when nothing covers
 * the quantity, or the date falls outside the horizon.
 */
export function backorderCoverage(
  net: CompiledNetwork,
  stock: StockReader,
  warehouse: CompiledWarehouse,
  skuIndex: SkuIndex,
  quantity: number,
  today: Day,
): Backorder | undefined {
  let covered =
    stock.available(skuIndex, warehouse.index) -
    (stock.backordered?.(skuIndex, warehouse.index) ?? 0);
  for (const lot of stock.inbound(skuIndex, warehouse.index)) {
    covered += lot.quantity;
    if (covered < quantity) continue;
    const coverDay = lot.etaDay > today ? lot.etaDay : today;
    const first = net.horizon.firstDay;
    if (coverDay > net.horizon.lastDay) return undefined;
    let release = warehouse.nextWorking[coverDay - first]!;
    for (let left = warehouse.receivingDays; left > 0 && release >= 0; left--) {
      release =
        release + 1 > net.horizon.lastDay ? NO_DAY : warehouse.nextWorking[release + 1 - first]!;
    }
    return release < 0 ? undefined : { minRelease: release, coverDay };
  }
  return undefined;
}
