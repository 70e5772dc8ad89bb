import { createHmac, timingSafeEqual } from "node:crypto";

/** The header Shopify signs requests to apps with. */
export const HMAC_HEADER = "x-shopify-hmac-sha256";

/**
 * Whether `signature` (base64, from X-Shopify-Hmac-Sha256) is the HMAC-SHA256 of the raw body
 * under the app's shared secret; compared in constant time.
 */
export function verifyShopifyHmac(
  body: Buffer,
  signature: string | undefined,
  secret: string,
): boolean {
  if (signature === undefined || signature.length > 128) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The signature Shopify would send for `body` (for tests and tools). */
export function signShopifyBody(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}
