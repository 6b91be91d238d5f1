import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * HTTPS on 127.0.0.1 in front of a plain-HTTP emulator, for a process that has no test seam: the Graph SDK
 * and MSAL talk only HTTPS (test/emulators/graph/transport.ts). The certificate is self-signed for the IP;
 * the process trusts it through `NODE_EXTRA_CA_CERTS=caFile`. The emulator is told the host the client
 * used (`X-Forwarded-Host`), so its links point back here; a client that goes away closes the upstream
 * request too, as a direct connection would.
 */
export async function startTlsFront(
  upstream: string,
): Promise<{ url: string; caFile: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "mailroom-tls-"));
  const [keyFile, caFile] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
      .concat(["-keyout", keyFile, "-out", caFile, "-days", "1", "-subj", "/CN=127.0.0.1"])
      .concat(["-addext", "subjectAltName=IP:127.0.0.1"]),
    { stdio: "ignore" },
  );
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(caFile) }, (req, res) => {
    const forwarded = httpRequest(
      new URL(req.url ?? "/", upstream),
      {
        method: req.method,
        headers: { ...req.headers, "x-forwarded-host": req.headers.host ?? "", "x-forwarded-proto": "https" },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on("error", () => res.destroy());
    res.on("close", () => {
      if (!res.writableFinished) forwarded.destroy();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caFile,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
