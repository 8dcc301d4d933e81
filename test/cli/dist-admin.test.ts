import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper of the build scripts, no types
import { distState } from "../../scripts/dist.mjs";

const root = join(import.meta.dirname, "../..");
const fresh = (distState(root) as { fresh: boolean }).fresh;
const dist = (p: string) => import(pathToFileURL(join(root, "dist", p)).href);

/** `npm test` builds dist/ first; run on its own without a fresh build, this is skipped. */
describe.skipIf(!fresh)("support console from dist/ (what bin/afterleak.mjs runs)", () => {
  it("serves its static files and computes a dashboard in the compiled worker", async () => {
    const core = await dist("src/index.js");
    const { createAdminRoutes } = await dist("adapters/web/admin/routes.js");
    const pack = await core.loadPack(join(root, "content/coupang-2025"));
    const store = core.createMemoryStore();
    const engine = core.createEngine({ pack, store, secret: "dist-test-secret-dist-test-secret-0123" });
    const logger = core.createLogger("silent");
    const runner = core.createDashboardRunner(store, { cacheMs: 0 });
    const admin = await createAdminRoutes({ engine, store, logger, token: "dist-test-token-dist-test-token-0123456789", packDir: join(root, "content/coupang-2025"), reloader: core.createReloader({ dir: join(root, "content/coupang-2025"), engine, logger }), runner });
    const server = createServer((req, res) => void admin.handle(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const [path, file] of [["/admin/static/admin.js", "adapters/web/admin/public/admin.js"], ["/admin/static/admin.css", "adapters/web/admin/public/admin.css"]]) {
        const r = await fetch(base + path!);
        expect(r.status).toBe(200);
        expect(await r.text()).toBe(await readFile(join(root, file!), "utf8"));
      }
      expect((await fetch(`${base}/admin/static/uplot.js`)).status).toBe(200);
      await engine.handle({ user: { platform: "web", userId: "u1", chat: "private" }, kind: "text", text: "hello" });
      await store.flush?.();
      const d = await runner.compute(undefined, {});
      expect(d.stats.total.conversations).toBe(1);
    } finally {
      server.close();
      await admin.close();
    }
  });
});
