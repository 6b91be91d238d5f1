/**
 * How the real clients reach the emulator while keeping their real URLs. The Graph SDK only attaches the
 * Bearer token to HTTPS Graph hosts (`graph.microsoft.com`, the national clouds, or `customHosts` — and
 * `customHosts` is matched on `https://` URLs only), and `client.api(nextLink)` only parses absolute
 * `https://` links; MSAL refuses any authority that is not HTTPS. So rather than pointing them at
 * `http://127.0.0.1:…`, tests keep the production URLs and swap the last hop:
 * - `graphTransport(url)` replaces the SDK's `HTTPMessageHandler` at the end of its middleware chain;
 * - `msalNetwork(url)` is MSAL's `system.networkClient`.
 * Both send the request to the emulator with the same path and query, telling it the host the client meant
 * (`X-Forwarded-Host`), so the links it returns point back at that host. Everything before the last hop —
 * auth, retry (with `Retry-After`), redirect and telemetry handlers, MSAL's cache — is the library's own.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";

export function graphTransport(emulatorUrl: string): Middleware {
  return {
    async execute(context: Context): Promise<void> {
      const { request } = context;
      const original = new URL(typeof request === "string" ? request : request.url);
      const target = new URL(`${original.pathname}${original.search}`, emulatorUrl);
      const headers = new Headers(typeof request === "string" ? undefined : request.headers);
      new Headers(context.options?.headers as HeadersInit | undefined).forEach((value, name) => {
        headers.set(name, value);
      });
      headers.set("x-forwarded-host", original.host);
      headers.set("x-forwarded-proto", original.protocol.replace(":", ""));
      const init: RequestInit = { ...(context.options as RequestInit | undefined), headers };
      context.response = await fetch(
        typeof request === "string" ? target : new Request(target, request),
        init,
      );
    },
  };
}

export function msalNetwork(emulatorUrl: string): INetworkModule {
  async function send<T>(
    method: "GET" | "POST",
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const original = new URL(url);
    const response = await fetch(new URL(`${original.pathname}${original.search}`, emulatorUrl), {
      method,
      headers: {
        ...options?.headers,
        "x-forwarded-host": original.host,
        "x-forwarded-proto": original.protocol.replace(":", ""),
      },
      body: options?.body,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, headers, body: (await response.json()) as T };
  }
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>("GET", url, options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>("POST", url, options),
  };
}
