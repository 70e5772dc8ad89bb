// Original file: proto/promise/v1/planner.proto

export interface SimulateRequest {
  scenarioYaml?: string;
  seed?: number;
}

export interface SimulateRequest__Output {
  scenarioYaml: string;
  seed: number;
}
