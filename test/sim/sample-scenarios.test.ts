import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/sim/parse-scenario.js";
import { simulateSync } from "../../src/sim/simulate.js";

const sample = (name: string) =>
  fileURLToPath(new URL(`../../samples/scenarios/${name}`, import.meta.url));

describe("the sample scenarios", () => {
  it("run the Tet weeks on the Vietnamese network, breaking fewer promises with capacity-aware promising", () => {
    const report = simulateSync(loadScenarioFile(sample("vn-tet.yaml")), { answerQuestions: true });
    const [on, off] = report.runs;
    expect(on!.label).toBe("capacity-aware on");
    expect(off!.label).toBe("capacity-aware off");
    expect(on!.summary.orders).toBe(off!.summary.orders);
    expect(on!.summary.broken).toBeLessThan(off!.summary.broken);
    // GHN stops 3-11 Feb 2027 and Viettel Post 4-9 Feb: nothing leaves hcm-1 in between.
    const shippedInTet = on!.days
      .filter((d) => d.warehouseId === "hcm-1" && d.serviceId === "")
      .filter((d) => d.date >= "2027-02-04" && d.date <= "2027-02-09")
      .reduce((sum, d) => sum + d.shipped, 0);
    expect(shippedInTet).toBe(0);
    expect(report.answers.capacity?.[0]?.warehouseId).toBe("hcm-1");
    expect(report.answers.buffer?.length).toBeGreaterThan(1);
  });

  it("parse the 11.11/12.12 mega-sale with its 10x days on the Thai network", () => {
    const scenario = loadScenarioFile(sample("th-mega-sale.yaml"));
    const days = scenario.file.demand.multipliers.filter((m) => m.factor === 10).map((m) => m.date);
    expect(days).toEqual(["2026-11-11", "2026-12-12"]);
    expect(scenario.network.peaks.map((p) => p.name)).toEqual([
      "11.11 sale 2026",
      "12.12 sale 2026",
    ]);
  });
});
