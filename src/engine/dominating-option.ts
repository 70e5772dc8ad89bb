/** The option a dominated option loses to. */
export interface DominatingOption {
  readonly serviceId: string;
  readonly serviceName: string;
  /** How much less the dominating option costs (0: the same price, but earlier dates). */
  readonly savingCents: number;
  readonly currency: string;
}
