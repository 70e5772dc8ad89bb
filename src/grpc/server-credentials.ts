import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import type { Config } from "../config/config.js";
import { ConfigError } from "../config/config.js";

export type TlsSettings = Pick<Config, "tlsCertFile" | "tlsKeyFile" | "tlsClientCaFile">;

function readPem(file: string, variable: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError([
      { variable, message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}` },
    ]);
  }
}

/**
 * The credentials every gRPC port is bound with: plaintext without a certificate; TLS with
 * PROMISE_TLS_CERT and PROMISE_TLS_KEY; mutual TLS when PROMISE_TLS_CLIENT_CA is set too (a
 * client must then present a certificate signed by that CA, or the handshake fails). Files are
 * read once, now; an unreadable file is a ConfigError naming its variable.
 */
export function createServerCredentials(tls: TlsSettings): grpc.ServerCredentials {
  if (tls.tlsCertFile === undefined || tls.tlsKeyFile === undefined) {
    return grpc.ServerCredentials.createInsecure();
  }
  const certChain = readPem(tls.tlsCertFile, "PROMISE_TLS_CERT");
  const privateKey = readPem(tls.tlsKeyFile, "PROMISE_TLS_KEY");
  const clientCa =
    tls.tlsClientCaFile === undefined
      ? null
      : readPem(tls.tlsClientCaFile, "PROMISE_TLS_CLIENT_CA");
  return grpc.ServerCredentials.createSsl(
    clientCa,
    [{ cert_chain: certChain, private_key: privateKey }],
    clientCa !== null,
  );
}
