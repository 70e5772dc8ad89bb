/** The cart's value for free-shipping thresholds: an amount in minor units of a currency. */
export interface CartValue {
  readonly currency: string;
  readonly cents: number;
}
