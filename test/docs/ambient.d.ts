// The few runtime globals the Deno, Bun and edge-worker recipes use, declared just enough to
// type-check those blocks here; each block still runs in its real runtime (Deno and Bun) or under Node.
declare namespace Deno {
  const env: { get(name: string): string | undefined };
  interface ServeDefaultExport {
    fetch(request: Request): Response | Promise<Response>;
  }
  function serve(
    options: { hostname?: string; port?: number; onListen?(addr: { hostname: string; port: number }): void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { readonly addr: { hostname: string; port: number }; shutdown(): Promise<void> };
}
declare const Bun: {
  readonly env: Record<string, string | undefined>;
  serve(options: { port?: number; hostname?: string; fetch(request: Request): Response | Promise<Response> }): { readonly url: URL; stop(): Promise<void> };
};
