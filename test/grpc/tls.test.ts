import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
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

/**
 * A client key and certificate signed by `ca` and valid only from `start` to `end`
 * (YYYYMMDDHHMMSSZ): `openssl x509 -days` cannot backdate, `openssl ca` with -startdate and
 * -enddate can (it needs a small CA database of its own).
 */
function makeSignedValidBetween(name: string, ca: string, start: string, end: string): void {
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
  writeFileSync(file(`${name}-index.txt`), "");
  writeFileSync(file(`${name}-serial`), "1000\n");
  writeFileSync(
    file(`${name}-ca.cnf`),
    [
      "[ca]",
      "default_ca = test_ca",
      "[test_ca]",
      `database = ${name}-index.txt`,
      `serial = ${name}-serial`,
      "new_certs_dir = .",
      "default_md = sha256",
      "policy = any_name",
      "unique_subject = no",
      "[any_name]",
      "commonName = supplied",
      "[client_ext]",
      "extendedKeyUsage = clientAuth",
      "",
    ].join("\n"),
  );
  openssl(
    "ca",
    "-batch",
    "-notext",
    "-config",
    `${name}-ca.cnf`,
    "-cert",
    `${ca}.crt`,
    "-keyfile",
    `${ca}.key`,
    "-in",
    `${name}.csr`,
    "-startdate",
    start,
    "-enddate",
    end,
    "-extensions",
    "client_ext",
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
  // Expired a year ago, after one day of validity; and one that is not valid yet.
  const year = new Date().getUTCFullYear();
  makeSignedValidBetween("expired", "ca", `${year - 1}0101000000Z`, `${year - 1}0102000000Z`);
  makeSignedValidBetween("early", "ca", `${year + 1}0101000000Z`, `${year + 1}0102000000Z`);
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

  it("refuses a client whose certificate from the client CA has expired, or is not valid yet", async () => {
    // The certificate itself is fine but for its dates: same CA, client usage.
    const expired = new X509Certificate(pem("expired.crt"));
    expect(expired.checkIssued(new X509Certificate(pem("ca.crt")))).toBe(true);
    expect(Date.parse(expired.validTo)).toBeLessThan(Date.now());
    const withCert = (name: string) =>
      grpc.credentials.createSsl(pem("ca.crt"), pem(`${name}.key`), pem(`${name}.crt`));
    expect(await codeWith(withCert("expired"))).toBe(grpc.status.UNAVAILABLE);
    expect(await codeWith(withCert("early"))).toBe(grpc.status.UNAVAILABLE);
    // The same server still answers a valid one.
    expect(await codeWith(withCert("client"))).toBe(grpc.status.OK);
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
