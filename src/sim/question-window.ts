/** The days of ordering (indexes from the first simulated day) the target must hold on. */
export interface QuestionWindow {
  readonly fromIndex: number;
  readonly toIndex: number;
}
