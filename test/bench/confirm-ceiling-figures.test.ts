import { describe, expect, it } from "vitest";
import {
  confirmCeilingPostgresFigure,
  confirmCeilingSqliteFigure,
} from "../../bench/confirm-ceiling-figures.js";
import { type Figure, figure } from "../../bench/figures.js";

function figures(...list: Figure[]): Map<string, Figure> {
  return new Map(list.map((f) => [f.id, f]));
}

describe("confirmCeilingSqliteFigure", () => {
  it("puts the one-core ceiling of the echo and the path next to the served figure's CPU per confirm", () => {
    const ceiling = confirmCeilingSqliteFigure(
      figures(
        figure("confirmEcho", 100, ""),
        figure("confirmPathSqlite", 150, ""),
        // 2,000 confirms/s using 0.8 of the core: 400 us per confirm, 150 us more than the parts.
        figure("confirmSqlite", 2000, "", { result: { perSecond: 2000 }, serverCpu: 0.8 }),
      ),
    );
    expect(ceiling.value).toBe(4000);
    expect(ceiling.note).toBe(
      "echo 100 us + path 150 us = 250 us per confirm on 1 core; goal 4500/s needs <= 222 us; served 2000/s at 400 us CPU per confirm (server core 80% busy): 150 us per confirm not in the parts; served / ceiling 0.50",
    );
  });

  it("is skipped when the run has no confirm path figure", () => {
    const ceiling = confirmCeilingSqliteFigure(figures(figure("confirmEcho", 100, "")));
    expect(ceiling.value).toBeUndefined();
    expect(ceiling.skipped).toBe("needs the confirm echo and the confirm path of the same run");
  });
});

describe("confirmCeilingPostgresFigure", () => {
  it("divides two cores by the echo, the services' path and PostgreSQL's CPU per confirm", () => {
    const ceiling = confirmCeilingPostgresFigure(
      figures(
        figure("confirmEcho", 100, ""),
        // Services' 500 us + PostgreSQL's 200 us per confirm.
        figure("confirmPathPostgres", 700, ""),
        // 1,000 confirms/s: services 0.6 cores, PostgreSQL 0.4: 1,000 us per confirm.
        figure("confirmPostgres", 1000, "", {
          result: { perSecond: 1000 },
          servicesCpu: 0.6,
          postgresCpu: 0.4,
        }),
      ),
    );
    expect(ceiling.value).toBe(2500);
    expect(ceiling.note).toBe(
      "echo 100 us + path 700 us = 800 us per confirm on 2 cores; goal 2500/s needs <= 800 us; served 1000/s at 1000 us CPU per confirm (services + PostgreSQL 1.00 of 2 cores): 200 us per confirm not in the parts; served / ceiling 0.40",
    );
  });
});
