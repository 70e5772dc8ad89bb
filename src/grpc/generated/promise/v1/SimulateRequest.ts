// Original file: proto/promise/v1/planner.proto

export interface SimulateRequest {
  scenarioYaml?: string;
  seed?: number;
  skipQuestions?: boolean;
  runs?: number;
  confidence?: number | string;
}

export interface SimulateRequest__Output {
  scenarioYaml: string;
  seed: number;
  skipQuestions: boolean;
  runs: number;
  confidence: number;
}
