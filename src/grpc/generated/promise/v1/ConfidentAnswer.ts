// Original file: proto/promise/v1/planner.proto

export interface ConfidentAnswer {
  kind?: string;
  id?: string;
  value?: number;
  holdsIn?: number;
  runs?: number;
  perRun?: number[];
  foundInEveryRun?: boolean;
  statement?: string;
}

export interface ConfidentAnswer__Output {
  kind: string;
  id: string;
  value: number;
  holdsIn: number;
  runs: number;
  perRun: number[];
  foundInEveryRun: boolean;
  statement: string;
}
