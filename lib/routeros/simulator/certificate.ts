/*
 * TEST FIXTURE, NOT A SECRET: the self-signed certificate and key the simulator's api-ssl listener and
 * REST facade present. They guard nothing (the simulator binds to loopback only and its demo passwords
 * are public). P-256, CN=localhost, SAN localhost + 127.0.0.1, CA:TRUE so it can be its own trust anchor,
 * valid 2025-01-01 to 2055-12-31. Made once with the openssl CLI (Node can't generate certificates):
 *
 *   openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out key.pem
 *   openssl req -new -key key.pem -subj "/O=NetSphere RouterOS simulator/CN=localhost" -out req.csr
 *   openssl ca -selfsign -keyfile key.pem -in req.csr -startdate 20250101000000Z -enddate 20551231235959Z \
 *     -extensions ext   # ext: basicConstraints=critical,CA:TRUE, subjectAltName=DNS:localhost,IP:127.0.0.1,
 *                       #      keyUsage=digitalSignature,keyCertSign, extendedKeyUsage=serverAuth
 *
 * Kept in a module rather than .pem files so no bundler has to resolve a file path at run time.
 */
import { X509Certificate } from "node:crypto";

export const SIMULATOR_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIB2jCCAYCgAwIBAgIBATAKBggqhkjOPQQDAjA7MSUwIwYDVQQKDBxOZXRTcGhl
cmUgUm91dGVyT1Mgc2ltdWxhdG9yMRIwEAYDVQQDDAlsb2NhbGhvc3QwIBcNMjUw
MTAxMDAwMDAwWhgPMjA1NTEyMzEyMzU5NTlaMDsxJTAjBgNVBAoMHE5ldFNwaGVy
ZSBSb3V0ZXJPUyBzaW11bGF0b3IxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMGByqG
SM49AgEGCCqGSM49AwEHA0IABEAjsr7O9VkYZsPBcLBtN8g6skT7UkZyDiy2+iO+
pt/Dak3KaD6DvDz5fF2oEEeZQgqXJhjf1ILuLmcEU9CKhAujczBxMA8GA1UdEwEB
/wQFMAMBAf8wGgYDVR0RBBMwEYIJbG9jYWxob3N0hwR/AAABMA4GA1UdDwEB/wQE
AwIChDATBgNVHSUEDDAKBggrBgEFBQcDATAdBgNVHQ4EFgQUkQvsSoIdUbXRKqmO
07x5VRm6RL0wCgYIKoZIzj0EAwIDSAAwRQIhAKmHj17bsZPUbXxibgb1nHZ99368
Z1A5TImxKUzzqD1CAiBbE/eQm1JFqu5KrLAWavrNbZ/p2cC/E8082EnAML0PYQ==
-----END CERTIFICATE-----
`;

export const SIMULATOR_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgIe0GuAiJFlCcXbJU
SkstQYlpNwUks7ZgPsGWlZM0dxChRANCAARAI7K+zvVZGGbDwXCwbTfIOrJE+1JG
cg4stvojvqbfw2pNymg+g7w8+XxdqBBHmUIKlyYY39SC7i5nBFPQioQL
-----END PRIVATE KEY-----
`;

/** SHA-256 of the certificate in Node's `fingerprint256` form, for pinning tests. */
export const SIMULATOR_CERTIFICATE_FINGERPRINT = new X509Certificate(SIMULATOR_CERTIFICATE).fingerprint256;
