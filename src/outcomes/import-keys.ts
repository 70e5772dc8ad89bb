import { hash } from "node:crypto";
import type { ImportedDelivery } from "../store/store.js";

/**
 * Stable keys for imported history rows, so importing the same history twice (a re-run, a resumed
 * import after a crash, an export that overlaps the last one) stores each parcel once. A row's key
 * is a hash of what it says (origin, service, destination, ship date, the delivered date or
 * instant as given, promised latest date) plus how many identical rows came before it in the same
 * import: two parcels on one lane shipped and delivered on the same days are two rows, and the
 * second keeps its own key (`#2`). A caller that has its own id per parcel passes it instead
 * (`rowKey`), and it is used as given. One instance per import (a file, or one ImportShipments
 * call).
 */
export class ImportKeys {
  readonly #seen = new Map<string, number>();

  /** The key of `row`; `delivered` is the delivered text as given (a date or an instant). */
  keyOf(row: ImportedDelivery, delivered: string, rowKey = ""): string {
    if (rowKey !== "") return `id:${rowKey}`;
    const deliveredMs =
      delivered.length === 10 ? `d${row.deliveredDay}` : `t${Date.parse(delivered)}`;
    // The same text as joining the fields with NUL (no array per row).
    const content = `${row.warehouseId}\u0000${row.serviceId}\u0000${row.countryCode}\u0000${row.postalCode}\u0000${row.shipDay}\u0000${deliveredMs}\u0000${row.promisedLatestDay ?? ""}`;
    // The one-shot hash: a Hash object per row cost more than the digest itself.
    const digest = hash("sha256", content, "base64url").slice(0, 22);
    const n = (this.#seen.get(digest) ?? 0) + 1;
    this.#seen.set(digest, n);
    return `${digest}#${n}`;
  }
}
