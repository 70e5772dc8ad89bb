import { type DescMessage, fromBinary, toJsonString } from "@bufbuild/protobuf";
import { LRUCache } from "lru-cache";
import { estimateBytes, isReusable, pickupPartsOf } from "../grpc/memoized-encoding.js";

const OPEN = 0x7b; // {
const COMMA = Buffer.from(",");

/**
 * Connect JSON (proto3 JSON, protobuf-es's encoding) of unary replies, from the bytes the native
 * port sends. A reply sent again unchanged (a cached estimate, see markReusable) is encoded once:
 * its JSON is kept with it, as its protobuf bytes are. An estimate with pick-up options (a new
 * object around a cached base, see withPickupOptions) is the base's kept JSON with this request's
 * `pickupOptions` member appended; the pick-up options' JSON is kept by their bytes (the same
 * bytes are the same JSON) for the next requests that get the same options.
 */
export class JsonReplies {
  private readonly known = new WeakMap<object, Buffer>();
  private readonly pickups = new LRUCache<string, Buffer>({
    max: 1024,
    maxSize: 8 * 1024 * 1024,
    sizeCalculation: (json, key) => json.length + key.length,
  });

  /** The JSON of `reply` (of message type `desc`), whose protobuf encoding is `bytes`. */
  encode(desc: DescMessage, reply: object, bytes: Uint8Array): Buffer {
    const kept = this.known.get(reply);
    if (kept !== undefined) return kept;
    const parts = pickupPartsOf(reply);
    let json: Buffer;
    if (parts !== undefined) {
      const base = this.encode(desc, parts.base, estimateBytes(parts.base));
      const key = parts.pickupBytes.toString("latin1");
      let pickups = this.pickups.get(key);
      if (pickups === undefined) {
        pickups = jsonOf(desc, parts.pickupBytes);
        this.pickups.set(key, pickups);
      }
      json = appendMembers(base, pickups);
    } else {
      json = jsonOf(desc, bytes);
    }
    // A reply sent again unchanged (a cached estimate, or one with the same pick-ups reused)
    if (isReusable(reply)) this.known.set(reply, json);
    return json;
  }
}

function jsonOf(desc: DescMessage, bytes: Uint8Array): Buffer {
  return Buffer.from(toJsonString(desc, fromBinary(desc, bytes)));
}

/** `{...a}` and `{...b}` -> `{...a,...b}` (two JSON objects with no member in common). */
export function appendMembers(a: Buffer, b: Buffer): Buffer {
  if (a[0] !== OPEN || b[0] !== OPEN) throw new Error("appendMembers: both must be JSON objects");
  if (b.length === 2) return a;
  if (a.length === 2) return b;
  return Buffer.concat([a.subarray(0, a.length - 1), COMMA, b.subarray(1)]);
}
