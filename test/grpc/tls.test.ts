import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config.js";
import { createServerCredentials } from "../../src/grpc/server-credentials.js";
import {
  encodeRequest,
  type HardenedServer,
  rawClient,
  rawUnary,
  startHardened,
} from "./hardening-helpers.js";

const ESTIMATE = "/promise.v1.PromiseService/Estimate";
/** The server certificate names 127.0.0.1 and localhost; TLS wants a host name (SNI). */
const AS_LOCALHOST = { "grpc.ssl_target_name_override": "localhost" };
const estimate = () =>
  encodeRequest(ESTIMATE, {
    sku: "SKU-A",
    quantity: 1,
    destination: { countryCode: "TH", postalCode: "10110" },
  });

let dir: string;
const file = (name: string) => join(dir, name);
const pem = (name: string) => readFileSync(file(name));

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

/** A self-signed CA: `<ca>.key` and `<ca>.crt`. */
function makeCaFiles(ca: string): void {
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    `/CN=${ca}`,
    "-keyout",
    `${ca}.key`,
    "-out",
    `${ca}.crt`,
  );
}

/** A key and certificate for `name` signed by `ca` (server: for 127.0.0.1 and localhost). */
function makeSigned(name: string, ca: string, server: boolean): void {
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    `/CN=${name}`,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
  );
  const ext = server
    ? "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
    : "extendedKeyUsage=clientAuth\n";
  writeFileSync(file(`${name}.ext`), ext);
  openssl(
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`,
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "promise-tls-"));
  makeCaFiles("ca");
  makeCaFiles("other-ca");
  makeSigned("server", "ca", true);
  makeSigned("client", "ca", false);
  makeSigned("stranger", "other-ca", false);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const TLS_ENV = () => ({
  PROMISE_TLS_CERT: file("server.crt"),
  PROMISE_TLS_KEY: file("server.key"),
});

describe("TLS", () => {
  let s: HardenedServer;
  beforeAll(async () => {
    s = await startHardened({ env: TLS_ENV() });
  });
  afterAll(async () => {
    await s.stop();
  });

  it("answers a client that trusts the CA, and no plaintext client", async () => {
    const secure = rawClient(
      s.publicAddress,
      grpc.credentials.createSsl(pem("ca.crt")),
      AS_LOCALHOST,
    );
    const plain = rawClient(s.publicAddress);
    try {
      expect((await rawUnary(secure, ESTIMATE, estimate())).code).toBe(grpc.status.OK);
      expect((await rawUnary(plain, ESTIMATE, estimate(), undefined, 2000)).code).toBe(
        grpc.status.UNAVAILABLE,
      );
    } finally {
      secure.close();
      plain.close();
    }
  });
});

describe("mutual TLS", () => {
  let s: HardenedServer;
  beforeAll(async () => {
    s = await startHardened({ env: { ...TLS_ENV(), PROMISE_TLS_CLIENT_CA: file("ca.crt") } });
  });
  afterAll(async () => {
    await s.stop();
  });

  async function codeWith(credentials: grpc.ChannelCredentials): Promise<grpc.status> {
    const client = rawClient(s.publicAddress, credentials, AS_LOCALHOST);
    try {
      return (await rawUnary(client, ESTIMATE, estimate(), undefined, 2000)).code;
    } finally {
      client.close();
    }
  }

  it("answers a client with a certificate from the client CA", async () => {
    const creds = grpc.credentials.createSsl(pem("ca.crt"), pem("client.key"), pem("client.crt"));
    expect(await codeWith(creds)).toBe(grpc.status.OK);
  });

  it("refuses a client without a certificate, or with one from another CA", async () => {
    expect(await codeWith(grpc.credentials.createSsl(pem("ca.crt")))).toBe(grpc.status.UNAVAILABLE);
    const stranger = grpc.credentials.createSsl(
      pem("ca.crt"),
      pem("stranger.key"),
      pem("stranger.crt"),
    );
    expect(await codeWith(stranger)).toBe(grpc.status.UNAVAILABLE);
  });
});

describe("createServerCredentials", () => {
  it("names the variable of a certificate file it cannot read", () => {
    let error: unknown;
    try {
      createServerCredentials({
        tlsCertFile: file("missing.crt"),
        tlsKeyFile: file("server.key"),
        tlsClientCaFile: undefined,
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]!.variable).toBe("PROMISE_TLS_CERT");
  });
});
