// Lint: typescript-eslint's recommended rules on sources, adapters and tests.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "coverage/", "test-results/", ".tmp/", "adapters/web/public/vendor/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", structuredClone: "readonly" } },
    rules: {
      "no-control-regex": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    files: ["adapters/web/public/**/*.js", "adapters/web/admin/public/**/*.js"],
    languageOptions: { globals: { window: "readonly", document: "readonly", localStorage: "readonly", WebSocket: "readonly", location: "readonly", navigator: "readonly", crypto: "readonly", uPlot: "readonly" } },
  },
);
