import { openStore } from "../src/store/open-store.js";
import { recordEvents } from "./outcome-figures.js";
const path = `/tmp/i12prof/ev-${process.pid}.db`;
const store = await openStore({ sqlitePath: path });
const r = await recordEvents(store, 10_000);
console.log(`events ${r.events} at ${r.perSecond.toFixed(0)}/s`);
await store.close();
