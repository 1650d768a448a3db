import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { radiusSetupStatements, scramVerifier } from "@/lib/radius/setup";

describe("radius:setup", () => {
  it("stores the password as a SCRAM-SHA-256 verifier that answers RFC 7677's example exchange", () => {
    const verifier = scramVerifier("pencil", Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64"), 4096);
    const [, storedKey, serverKey] = /^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$([^:]+):(.+)$/.exec(verifier)!;
    const nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    const authMessage = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=${nonce}`;
    // The server's signature the RFC shows, from our ServerKey.
    expect(createHmac("sha256", Buffer.from(serverKey, "base64")).update(authMessage).digest("base64")).toBe(
      "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
    );
    // The client's proof the RFC shows, checked against our StoredKey as the server checks it.
    const proof = Buffer.from("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "base64");
    const signature = createHmac("sha256", Buffer.from(storedKey, "base64")).update(authMessage).digest();
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ signature[i]));
    expect(createHash("sha256").update(clientKey).digest("base64")).toBe(storedKey);
  });

  it("never puts the password itself in a statement", () => {
    const statements = radiusSetupStatements({ password: "correct-horse-battery" }).join("\n");
    expect(statements).not.toContain("correct-horse-battery");
    expect(statements).toContain("LOGIN PASSWORD 'SCRAM-SHA-256$4096:");
  });
});
