// Bundles the widget (and socket.io-client) into build/widget/, which the assistant
// serves at /widget/. `make install` runs this; nothing is fetched at run time.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";

const out = new URL("../build/widget/", import.meta.url);
await mkdir(out, { recursive: true });
await build({
  entryPoints: ["src/widget.js"],
  bundle: true,
  format: "iife",
  target: ["es2020"],
  minify: true,
  sourcemap: true,
  outfile: new URL("widget.js", out).pathname,
  logLevel: "warning",
});
await copyFile("src/widget.css", new URL("widget.css", out));
console.log(`built the widget into ${out.pathname}`);
