import type { CompiledNetwork } from "../engine/compiled-network.js";
import { type Day, isoDay } from "../engine/day.js";
import { indexAt, type SkuIndex, type WarehouseIndex } from "../engine/network-index.js";
import type { InboundLot, StockReader } from "../engine/stock-reader.js";
import type { StockSpec } from "../network/network-schema.js";

/** An inbound lot whose quantity is what is still free to promise. */
interface SimLot {
  quantity: number;
  readonly etaDay: Day;
  /** When its units become available (local midnight of its first pickable day), UTC ms. */
  readonly arrivesAtMs: number;
  readonly cell: number;
}

const EMPTY: readonly InboundLot[] = [];
const UNLIMITED = 1e12;

export interface SimStockInput {
  readonly rows: readonly StockSpec[];
  /** Extra inbound lots (a replenishment plan). */
  readonly inbound: readonly { sku: string; warehouse: string; quantity: number; eta: string }[];
  /** SKUs that must be known even without rows (the demand mix). */
  readonly skus: readonly string[];
  readonly unlimited: boolean;
}

/**
 * Stock for a simulation, behind the engine's StockReader: available units per SKU and warehouse
 * in a flat array, inbound lots with what is still free of them. Confirming an order consumes
 * available units first, then inbound lots in ETA order (a backorder). A lot's units become
 * available at the local midnight of the day it can first be picked: the first working day on or
 * after its ETA, advanced by the warehouse's receiving days (the engine's backorder rule), so
 * in-stock promises made after it arrives never beat the backorder promises made before.
 */
export class SimStock implements StockReader {
  private readonly skuIndexes = new Map<string, number>();
  private readonly warehouseCount: number;
  private readonly avail: Float64Array;
  private readonly lots: SimLot[][];
  private readonly arrivals: SimLot[];
  private nextArrival = 0;
  readonly unlimited: boolean;

  constructor(net: CompiledNetwork, input: SimStockInput) {
    this.unlimited = input.unlimited;
    const skus = new Set<string>(input.skus);
    if (!input.unlimited) {
      for (const row of input.rows) skus.add(row.sku);
      for (const lot of input.inbound) skus.add(lot.sku);
    }
    for (const sku of skus) this.skuIndexes.set(sku, this.skuIndexes.size);
    const w = net.warehouses.length;
    this.warehouseCount = w;
    const cells = this.skuIndexes.size * w;
    this.avail = new Float64Array(cells);
    this.lots = Array.from({ length: cells }, () => []);
    this.arrivals = [];
    if (input.unlimited) {
      this.avail.fill(UNLIMITED);
      return;
    }
    const addLot = (cell: number, warehouseIndex: number, quantity: number, eta: string) => {
      const warehouse = net.warehouses[warehouseIndex]!;
      const { firstDay, lastDay } = net.horizon;
      const etaDay = isoDay(eta);
      let release = warehouse.nextWorking[Math.max(etaDay, firstDay) - firstDay] ?? -1;
      if (etaDay > lastDay) release = -1;
      for (let left = warehouse.receivingDays; left > 0 && release >= 0; left--) {
        release = release + 1 > lastDay ? -1 : warehouse.nextWorking[release + 1 - firstDay]!;
      }
      const arrivesAtMs =
        release < 0 ? Number.POSITIVE_INFINITY : warehouse.midnightMs[release - firstDay]!;
      const lot: SimLot = { quantity, etaDay, arrivesAtMs, cell };
      this.lots[cell]!.push(lot);
      this.arrivals.push(lot);
    };
    for (const row of input.rows) {
      const wi = net.warehouseById.get(row.warehouse)?.index;
      if (wi === undefined) continue;
      const cell = this.skuIndexes.get(row.sku)! * w + wi;
      this.avail[cell] = Math.max(0, row.on_hand - row.reserved - row.safety_stock);
      for (const lot of row.inbound) addLot(cell, wi, lot.quantity, lot.eta);
    }
    for (const lot of input.inbound) {
      const wi = net.warehouseById.get(lot.warehouse)?.index;
      if (wi === undefined) continue;
      addLot(this.skuIndexes.get(lot.sku)! * w + wi, wi, lot.quantity, lot.eta);
    }
    for (const list of this.lots) list.sort((a, b) => a.etaDay - b.etaDay);
    this.arrivals.sort((a, b) => a.arrivesAtMs - b.arrivesAtMs || a.cell - b.cell);
  }

  skuIndex(sku: string): SkuIndex {
    return indexAt(this.skuIndexes.get(sku) ?? -1);
  }

  available(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): number {
    return this.avail[skuIndex * this.warehouseCount + warehouseIndex] ?? 0;
  }

  inbound(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex): readonly InboundLot[] {
    return this.lots[skuIndex * this.warehouseCount + warehouseIndex] ?? EMPTY;
  }

  /** Moves the free units of every lot that has arrived by `ms` into available stock. */
  receiveUntil(ms: number): void {
    while (this.nextArrival < this.arrivals.length) {
      const lot = this.arrivals[this.nextArrival]!;
      if (lot.arrivesAtMs > ms) return;
      this.nextArrival++;
      this.avail[lot.cell] = this.avail[lot.cell]! + lot.quantity;
      lot.quantity = 0;
      const list = this.lots[lot.cell]!;
      const at = list.indexOf(lot);
      if (at >= 0) list.splice(at, 1);
    }
  }

  /** Takes `quantity` units for a confirmed order: available units first, then inbound lots. */
  consume(skuIndex: SkuIndex, warehouseIndex: WarehouseIndex, quantity: number): void {
    if (this.unlimited) return;
    const cell = skuIndex * this.warehouseCount + warehouseIndex;
    const avail = this.avail[cell]!;
    const fromStock = Math.min(avail, quantity);
    this.avail[cell] = avail - fromStock;
    let left = quantity - fromStock;
    const list = this.lots[cell]!;
    while (left > 0 && list.length > 0) {
      const lot = list[0]!;
      const take = Math.min(lot.quantity, left);
      lot.quantity -= take;
      left -= take;
      if (lot.quantity === 0) list.shift();
    }
  }
}
