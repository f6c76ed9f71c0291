// The few runtime globals the Deno, Bun and edge-worker recipes use, declared just enough to
// type-check those blocks here; each block still runs in its real runtime (Deno and Bun) or under Node.
declare namespace Deno {
  const env: { get(name: string): string | undefined };
  interface ServeDefaultExport {
    fetch(request: Request): Response | Promise<Response>;
  }
}
declare const Bun: {
  readonly env: Record<string, string | undefined>;
  serve(options: { port?: number; hostname?: string; fetch(request: Request): Response | Promise<Response> }): { readonly url: URL; stop(): Promise<void> };
};
