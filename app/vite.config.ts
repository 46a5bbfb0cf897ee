import { fileURLToPath } from "node:url";
import { defineConfig, defaultClientConditions } from "vite";
import solid from "vite-plugin-solid";
import { VitePWA } from "vite-plugin-pwa";

// The workspace runs on source: @nexus-flow/shared resolves to its TypeScript.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: { conditions: [...defaultClientConditions, "source"] },
  worker: { format: "es" },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, sourcemap: true },
  plugins: [
    solid(),
    VitePWA({
      // Our own worker (src/pwa/sw.ts), bundled by Vite: the generated one costs 5 s a build.
      strategies: "injectManifest",
      srcDir: "src/pwa",
      filename: "sw.ts",
      registerType: "prompt",
      injectRegister: false,
      includeAssets: ["icon.svg"],
      manifest: {
        name: "Nexus Flow",
        short_name: "Nexus Flow",
        description: "Visual workflow automation that runs in your browser.",
        theme_color: "#5b5bd6",
        background_color: "#111113",
        display: "standalone",
        start_url: "/",
        icons: [
          { src: "icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      injectManifest: {
        // The app, its worker and the QuickJS wasm are precached: flows open and run offline.
        globPatterns: ["**/*.{js,css,html,svg,png,wasm,webmanifest}"],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        rollupFormat: "iife", // a classic script: workbox-window registers it as one
      },
    }),
  ],
});
